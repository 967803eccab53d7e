import DataLoader from 'dataloader';
import { z } from 'zod';
import { uuid } from '../../common/validation';
import type { Ctx } from '../../context';
import { authorizeDisinfectionRead } from '../../common/access';
import { AppError, fromZod } from '../../common/errors';
import { byKey, groupByKey, loader } from '../../common/loaders';
import { decodeCursor, pageSize, toConnection, type Connection } from '../../common/pagination';
import type { DisinfectionEntry } from './disinfection-entry.entity';

/** An entry as reads return it: the stored columns plus the id of the correction that replaced it. */
export type EntryRow = Omit<DisinfectionEntry, 'site' | 'recorder' | 'corrects'> & { supersededById: string | null };

const COLUMNS = `e.id, e.site_id AS "siteId", e.area, e.agent, e.concentration, e.concentration_unit AS "concentrationUnit", e.method,
  e.started_at AS "startedAt", e.duration_minutes AS "durationMinutes", e.operator_name AS "operatorName", e.notes, e.warnings,
  e.recorded_by AS "recordedBy", e.recorded_at AS "recordedAt", e.corrects_id AS "correctsId", e.correction_reason AS "correctionReason",
  (SELECT c.id FROM disinfection_entry c WHERE c.corrects_id = e.id) AS "supersededById"`;

/** SQL condition: the entry `e` (or another alias) is effective (no correction replaces it). */
export const effectiveSql = (e = 'e') => `NOT EXISTS (SELECT 1 FROM disinfection_entry c WHERE c.corrects_id = ${e}.id)`;
const EFFECTIVE = effectiveSql('e');

const fetchEntries = (ctx: Ctx, ids: readonly string[]): Promise<EntryRow[]> => ctx.em.query(`SELECT ${COLUMNS} FROM disinfection_entry e WHERE e.id = ANY($1::uuid[])`, [[...ids]]);

/** NOT_FOUND unless the site exists (callers have already checked the actor may see it). */
export async function assertSiteExists(ctx: Ctx, siteId: string): Promise<void> {
  const [row] = await ctx.em.query(`SELECT 1 FROM site WHERE id = $1`, [siteId]);
  if (!row) throw new AppError('NOT_FOUND', 'site not found');
}

/** Entries by id, in the order asked (one statement). No access check: callers have made it. */
export async function entriesByIds(ctx: Ctx, ids: string[]): Promise<EntryRow[]> {
  return byKey(ids, await fetchEntries(ctx, ids), (r) => r.id).filter((r): r is EntryRow => r !== null);
}

export const disinfectionEntriesById = loader((ctx) => new DataLoader<string, EntryRow | null>(async (ids) => byKey(ids, await fetchEntries(ctx, ids), (r) => r.id)));

/** Earlier versions an entry replaces, newest first (the whole chain, by a recursive query). */
export const correctionHistory = loader(
  (ctx) =>
    new DataLoader<string, EntryRow[]>(async (ids) => {
      const rows: (EntryRow & { root: string; depth: number })[] = await ctx.em.query(
        `WITH RECURSIVE chain(root, id, depth) AS (
           SELECT e.id, e.corrects_id, 1 FROM disinfection_entry e WHERE e.id = ANY($1::uuid[]) AND e.corrects_id IS NOT NULL
           UNION ALL
           SELECT chain.root, p.corrects_id, chain.depth + 1 FROM chain JOIN disinfection_entry p ON p.id = chain.id WHERE p.corrects_id IS NOT NULL)
         SELECT chain.root, chain.depth, ${COLUMNS} FROM chain JOIN disinfection_entry e ON e.id = chain.id ORDER BY chain.root, chain.depth`,
        [[...ids]],
      );
      return groupByKey(ids, rows, (r) => r.root).map((list) => list.map(({ root: _r, depth: _d, ...e }) => e as EntryRow));
    }),
);

const logArgs = z
  .object({
    siteId: uuid,
    from: z.coerce.date().nullish(),
    to: z.coerce.date().nullish(),
    includeSuperseded: z.boolean().nullish(),
  })
  .refine((a) => !a.from || !a.to || a.from < a.to, { path: ['to'], message: 'to must be after from' });

/**
 * disinfectionLog: a site's entries by start time (then id), oldest first, as a connection.
 * By default only effective entries (the corrected view); `includeSuperseded` adds the replaced ones.
 */
export async function disinfectionLog(ctx: Ctx, raw: { siteId: string; from?: Date | null; to?: Date | null; first?: number | null; after?: string | null; includeSuperseded?: boolean | null }): Promise<Connection<EntryRow>> {
  await authorizeDisinfectionRead(ctx, raw.siteId);
  const a = parseLogArgs(raw);
  await assertSiteExists(ctx, a.siteId);
  const q = disinfectionLogQuery(a, raw);
  const rows: EntryRow[] = await ctx.em.query(`SELECT ${COLUMNS} FROM disinfection_entry e WHERE ${q.pageWhere} ORDER BY e.started_at, e.id LIMIT ${q.first + 1}`, q.params);
  const count = async () => (await ctx.em.query(`SELECT count(*)::int AS n FROM disinfection_entry e WHERE ${q.filter}`, q.params.slice(0, 3)))[0].n as number;
  return toConnection(rows, q.first, (r) => [new Date(r.startedAt).toISOString(), r.id], count, q.afterGiven);
}

/** The arguments of disinfectionLog once checked (access and the site's existence are the caller's). */
export function parseLogArgs(raw: { siteId: string; from?: Date | null; to?: Date | null; includeSuperseded?: boolean | null }) {
  const parsed = logArgs.safeParse(raw);
  if (!parsed.success) throw fromZod(parsed.error, '');
  return parsed.data;
}

/**
 * disinfectionLog's conditions over entries `e` (for the service and the read compiler,
 * disinfection.compiled.ts): `filter` for the total, `pageWhere` for the page (after the
 * cursor), both over `params` (the total uses the first three); the page is ordered by
 * e.started_at, e.id and holds `first` rows.
 */
export function disinfectionLogQuery(a: ReturnType<typeof parseLogArgs>, raw: { first?: number | null; after?: string | null }) {
  const first = pageSize(raw);
  const cursor = decodeCursor(raw.after, 2) as [string, string] | null;
  if (cursor && (Number.isNaN(Date.parse(cursor[0])) || !uuid.safeParse(cursor[1]).success)) throw new AppError('BAD_USER_INPUT', 'after is not a cursor this list gave out', { field: 'after' });
  const where = [`e.site_id = $1`, `($2::timestamptz IS NULL OR e.started_at >= $2)`, `($3::timestamptz IS NULL OR e.started_at < $3)`];
  if (!a.includeSuperseded) where.push(EFFECTIVE);
  const params: unknown[] = [a.siteId, a.from ?? null, a.to ?? null];
  const filter = where.join(' AND ');
  let pageWhere = filter;
  if (cursor) {
    params.push(cursor[0], cursor[1]);
    pageWhere += ` AND (e.started_at, e.id) > ($4::timestamptz, $5::uuid)`;
  }
  return { first, filter, pageWhere, params, afterGiven: !!cursor };
}
