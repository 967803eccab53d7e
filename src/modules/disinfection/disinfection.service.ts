import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { mayCorrectDisinfection } from '../../common/access';
import { AppError, forbidden, notFound } from '../../common/errors';
import { parse } from '../../common/validation';
import { inTransaction } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { idempotent } from '../idempotency/idempotency.service';
import { assertAttachmentsUsable, linkAttachments } from '../attachment/attachment.service';
import { batchInput, correctInput, recordInput, sanityWarnings, type EntryFields } from './disinfection.input';
import { entriesByIds, type EntryRow } from './disinfection.read';

/* Appending disinfection entries: one, a batch, or a correction. Entries are never changed. */

/** Idempotency covers every entry the same way, alone or in a batch: a retried entry is not filed twice. */
const OPERATION = 'recordDisinfection';

interface Correction {
  correctsId: string;
  reason: string;
  /** The corrected entry's operator: a correction that leaves operatorName out keeps it. */
  operatorName: string;
}

/** The recording account's display name, read once per transaction (a batch needs it once). */
const recorderNames = new WeakMap<Ctx, Promise<string>>();
function recorderName(tx: Ctx): Promise<string> {
  let name = recorderNames.get(tx);
  if (!name) {
    name = tx.em.query(`SELECT display_name FROM account WHERE id = $1`, [tx.actor!.id]).then((r: { display_name: string }[]) => r[0].display_name);
    recorderNames.set(tx, name);
  }
  return name;
}

/** The areas the site's kind requires (disinfection_rule), read once per transaction. */
const requiredAreas = new WeakMap<Ctx, Map<string, Promise<{ kind: string; areas: string[] }>>>();
function areasOf(tx: Ctx, siteId: string) {
  let bySite = requiredAreas.get(tx);
  if (!bySite) requiredAreas.set(tx, (bySite = new Map()));
  let areas = bySite.get(siteId);
  if (!areas) {
    areas = tx.em
      .query(`SELECT s.kind, coalesce(array_agg(r.area ORDER BY r.area) FILTER (WHERE r.area IS NOT NULL), '{}') AS areas FROM site s LEFT JOIN disinfection_rule r ON r.site_kind = s.kind WHERE s.id = $1 GROUP BY s.kind`, [siteId])
      .then((r: { kind: string; areas: string[] }[]) => r[0] ?? { kind: '', areas: [] });
    bySite.set(siteId, areas);
  }
  return areas;
}

/**
 * An area the site's kind does not require is refused, naming the allowed ones: a typo (LOBY)
 * would otherwise be stored and never count toward compliance. A kind without rules takes any area.
 */
async function assertKnownArea(tx: Ctx, siteId: string, area: string, field: string) {
  const { kind, areas } = await areasOf(tx, siteId);
  if (areas.length && !areas.includes(area)) {
    throw new AppError('BAD_USER_INPUT', `unknown area ${area} for a ${kind} site; the areas are ${areas.join(', ')}`, { field, allowed: areas });
  }
}

/** Writes one entry with its warnings, evidence links and audit event; `field` prefixes error fields. */
async function appendEntry(tx: Ctx, siteId: string, fields: EntryFields, field: string, correction?: Correction): Promise<string> {
  await assertKnownArea(tx, siteId, fields.area, `${field}.area`);
  await assertAttachmentsUsable(tx, fields.evidenceIds, `${field}.evidenceIds`);
  const e = { ...fields, operatorName: fields.operatorName ?? correction?.operatorName ?? (await recorderName(tx)) };
  const warnings = sanityWarnings(e, tx.now());
  const [row] = await tx.em.query(
    `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, notes, warnings, recorded_by, recorded_at, corrects_id, correction_reason)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) RETURNING id`,
    [siteId, e.area, e.agent, e.concentration ?? null, e.concentrationUnit, e.method, e.startedAt, e.durationMinutes, e.operatorName, e.notes ?? null, JSON.stringify(warnings), tx.actor!.id, tx.now(), correction?.correctsId ?? null, correction?.reason ?? null],
  );
  await linkAttachments(tx, e.evidenceIds, { entityType: 'DisinfectionEntry', entityId: row.id, siteId });
  await recordAudit(tx, {
    action: correction ? 'disinfection.correct' : 'disinfection.record',
    entityType: 'DisinfectionEntry',
    entityId: row.id,
    after: { siteId, ...e, warnings: warnings.map((w) => w.code), ...(correction ? { correctsId: correction.correctsId, reason: correction.reason } : {}) },
  });
  return row.id;
}

/** Re-labels an error's field for the entry it came from (`input.idempotencyKey` → `input.entries.3.idempotencyKey`). */
function forEntry(err: unknown, prefix: string): unknown {
  if (err instanceof AppError && typeof err.details.field === 'string' && err.details.field.startsWith('input.') && !err.details.field.startsWith(prefix)) {
    return new AppError(err.code, err.message, { ...err.details, field: `${prefix}.${err.details.field.slice('input.'.length)}` });
  }
  return err;
}

async function recordOne(tx: Ctx, siteId: string, entry: EntryFields & { idempotencyKey: string }, prefix: string): Promise<string> {
  const { idempotencyKey, ...fields } = entry;
  try {
    const r = await idempotent(tx, OPERATION, idempotencyKey, { siteId, ...fields }, () => appendEntry(tx, siteId, fields, prefix));
    return r.resultId;
  } catch (err) {
    throw forEntry(err, prefix);
  }
}

/** recordDisinfection: one entry (FACILITY_MANAGER of the site, or staff registered for it). */
export async function recordDisinfection(ctx: Ctx, raw: unknown): Promise<EntryRow> {
  authorize(ctx, 'disinfection:record', { siteId: String((raw as { siteId?: unknown })?.siteId ?? '') });
  const input = parse(recordInput, raw);
  const { siteId, ...entry } = input;
  const id = await inTransaction(ctx, (tx) => recordOne(tx, siteId, entry, 'input'));
  return (await entriesByIds(ctx, [id]))[0];
}

/**
 * recordDisinfectionBatch: a day's entries from an offline device, all or nothing. Each entry has
 * its own idempotency key, so a retried batch returns the entries it filed the first time.
 */
export async function recordDisinfectionBatch(ctx: Ctx, raw: unknown): Promise<EntryRow[]> {
  authorize(ctx, 'disinfection:record', { siteId: String((raw as { siteId?: unknown })?.siteId ?? '') });
  const input = parse(batchInput, raw);
  const seen = new Map<string, number>();
  input.entries.forEach((e, i) => {
    if (seen.has(e.idempotencyKey)) throw new AppError('BAD_USER_INPUT', `entries ${seen.get(e.idempotencyKey)} and ${i} have the same idempotencyKey`, { field: `input.entries.${i}.idempotencyKey` });
    seen.set(e.idempotencyKey, i);
  });
  const ids = await inTransaction(ctx, async (tx) => {
    const out: string[] = [];
    for (const [i, e] of input.entries.entries()) out.push(await recordOne(tx, input.siteId, e, `input.entries.${i}`));
    return out;
  });
  return entriesByIds(ctx, ids);
}

/**
 * correctDisinfection: a new entry that replaces `correctsId` in every read. Only the latest
 * version can be corrected (an entry has at most one correction), so corrections form a chain.
 * Managers correct any entry of their site; staff only the entries they recorded themselves.
 */
export async function correctDisinfection(ctx: Ctx, raw: unknown): Promise<EntryRow> {
  authorize(ctx, 'disinfection:record');
  const input = parse(correctInput, raw);
  const { correctsId, reason, idempotencyKey, ...fields } = input;
  const id = await inTransaction(ctx, async (tx) => {
    const [old] = await tx.em.query(`SELECT id, site_id, recorded_by, operator_name FROM disinfection_entry WHERE id = $1 FOR SHARE`, [correctsId]);
    if (!old) throw notFound('disinfection entry', correctsId);
    const actor = authorize(tx, 'disinfection:record', { siteId: old.site_id });
    if (!mayCorrectDisinfection(actor, { recordedBy: old.recorded_by })) throw forbidden('staff correct only entries they recorded; ask your site manager');
    const r = await idempotent(tx, 'correctDisinfection', idempotencyKey, { correctsId, reason, ...fields }, async () => {
      const [newer] = await tx.em.query(`SELECT id FROM disinfection_entry WHERE corrects_id = $1`, [correctsId]);
      if (newer) throw new AppError('CONFLICT', `entry ${correctsId} was already corrected by ${newer.id}; correct that one`, { field: 'input.correctsId', supersededBy: newer.id });
      return appendEntry(tx, old.site_id, fields, 'input', { correctsId, reason, operatorName: old.operator_name });
    });
    return r.resultId;
  });
  return (await entriesByIds(ctx, [id]))[0];
}
