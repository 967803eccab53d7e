import { z } from 'zod';
import { uuid } from '../../common/validation';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { siteScope } from '../../common/access';
import { fromZod } from '../../common/errors';
import { deadlinePausedSql } from '../finding/deadline-pause';
import { csvLine } from './report.csv';
import { settledSql } from '../finding/finding-status';

/*
 * GET /reports/findings.csv: the findings list as CSV, with the findings query's filters and
 * scope (a facility manager gets only its own sites' findings, filtered in SQL), and its notion of
 * overdue (deadline passed, not settled, not paused by an open dispute). Rows are read in
 * keyset pages of BATCH and written as they come, so an export of any size holds one page in
 * memory at a time.
 */

export const BATCH = 1000;

const list = <T extends z.ZodTypeAny>(item: T) =>
  z.preprocess((v) => (v == null || v === '' ? undefined : (Array.isArray(v) ? v : [v]).flatMap((x) => String(x).split(',')).map((x) => x.trim()).filter(Boolean)), z.array(item).optional());
const bool = z.preprocess((v) => (v === 'true' ? true : v === 'false' ? false : v === undefined || v === '' ? undefined : v), z.boolean().optional());

const filterInput = z.object({
  status: list(z.enum(['OPEN', 'RECTIFICATION_SUBMITTED', 'VERIFIED', 'DISPUTED', 'WITHDRAWN'])),
  severity: list(z.enum(['CRITICAL', 'MAJOR', 'MINOR'])),
  siteIds: list(uuid),
  district: z.string().trim().min(1).max(200).optional(),
  from: z.coerce.date().optional(),
  to: z.coerce.date().optional(),
  overdue: bool,
  escalated: bool,
});

export const FINDINGS_CSV_HEADER = ['id', 'site', 'siteKind', 'district', 'severity', 'status', 'title', 'itemCode', 'raisedAt', 'deadline', 'overdue', 'escalated', 'verifiedAt'];

/** Checks access and the filters before anything is written; returns a page reader. */
export function prepareFindingsExport(ctx: Ctx, query: Record<string, unknown>) {
  const actor = authorize(ctx, 'finding:read');
  const r = filterInput.safeParse(query);
  if (!r.success) throw fromZod(r.error, 'query');
  const f = r.data;
  const now = ctx.now();
  const params: unknown[] = [now, siteScope(actor), f.status ?? null, f.severity ?? null, f.siteIds ?? null, f.district ?? null, f.from ?? null, f.to ?? null, f.overdue ?? null, f.escalated ?? null];
  // The findings query's notion of overdue: a deadline paused by an open dispute is not overdue.
  const overdue = `(f.deadline < $1 AND ${settledSql('f.status', true)} AND NOT ${deadlinePausedSql('f')})`;
  const sql = `
    SELECT f.id, s.name AS site, s.kind AS "siteKind", s.district, f.severity, f.status, f.title, f.item_code AS "itemCode",
           f.raised_at AS "raisedAt", f.deadline, ${overdue} AS overdue, (${overdue} AND f.severity = 'CRITICAL') AS escalated, f.verified_at AS "verifiedAt",
           f.deadline::text AS "deadlineKey"
    FROM finding f JOIN site s ON s.id = f.site_id
    WHERE ($2::uuid[] IS NULL OR f.site_id = ANY($2::uuid[]))
      AND ($3::text[] IS NULL OR f.status = ANY($3::text[]))
      AND ($4::text[] IS NULL OR f.severity = ANY($4::text[]))
      AND ($5::uuid[] IS NULL OR f.site_id = ANY($5::uuid[]))
      AND ($6::text IS NULL OR s.district = $6::text)
      AND ($7::timestamptz IS NULL OR f.raised_at >= $7::timestamptz)
      AND ($8::timestamptz IS NULL OR f.raised_at < $8::timestamptz)
      AND ($9::boolean IS NULL OR ${overdue} = $9::boolean)
      AND ($10::boolean IS NULL OR (${overdue} AND f.severity = 'CRITICAL') = $10::boolean)
      AND ($11::timestamptz IS NULL OR (f.deadline, f.id) > ($11::timestamptz, $12::uuid))
    ORDER BY f.deadline, f.id
    LIMIT ${BATCH}`;
  // Keyset on (deadline, id); the deadline travels as text so microseconds survive the round trip.
  let after: [string, string] | [null, null] = [null, null];
  let done = false;
  /** The next page as CSV lines; null when there is nothing more. */
  return async function nextPage(): Promise<string | null> {
    if (done) return null;
    const rows: Record<string, unknown>[] = await ctx.em.query(sql, [...params, ...after]);
    if (rows.length < BATCH) done = true;
    if (!rows.length) return null;
    const last = rows[rows.length - 1];
    after = [last.deadlineKey as string, last.id as string];
    return rows.map((row) => csvLine(FINDINGS_CSV_HEADER.map((k) => row[k]))).join('');
  };
}
