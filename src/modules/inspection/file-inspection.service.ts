import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Ctx } from '../../context';
import { authorize, requireActor } from '../../common/authorize';
import { AppError, badInput, notFound } from '../../common/errors';
import { canSeeSite } from '../../common/access';
import { checkMove, createThroughSql, transition, transitionSql } from '../../common/state-machine';
import { auditInsertSql, sealAfterWrite } from '../../common/audit-write';
import { inTransaction } from '../../common/transaction';
import { actorChecked, confirmActorNow, confirmingActor } from '../account/remembered-actor';
import { recordAudits, type AuditInput } from '../audit/audit.service';
import { assertAttachmentsUsable } from '../attachment/attachment.service';
import { idempotencyKey, orDefault, parse, uuid } from '../../common/validation';
import { findingLink, findingRowsFor, insertFindings, raiseSql, type FindingSpec } from '../finding/finding-raise';
import { adHocFindingInput } from '../finding/finding.input';
import { linkAudits, type EvidenceLink } from '../attachment/attachment.service';
import { idempotent, SingleStatementClaim } from '../idempotency/idempotency.service';
import { Finding } from '../finding/finding.entity';
import { findingsByInspectionId } from '../finding/finding.loaders';
import { answerInput, toAnswerRows, type AnswerRow } from './answers';
import { Inspection, type InspectionStatus } from './inspection.entity';
import { INSPECTION_MACHINE } from './inspection.state';
import { planSubmission } from './submission-plan';
import {
  assertActiveSite,
  assertStatus,
  assertSubmittedOfSite,
  assertUsableVersion,
  filingContext,
  filingRowsSql,
  insertFilingRows,
  queryByText,
  lockInspection,
  rememberedFilingContext,
  rememberFiling,
  stillAsRememberedSql,
  scheduledFilingContext,
  type FilingContext,
  type FilingProfile,
} from './inspection-support';

/** Device clocks may run a little fast; beyond this a time "in the future" is refused. */
const CLOCK_SKEW_MS = 5 * 60_000;

/** The device's position when the team started; ranges checked so a bad fix is refused on its field. */
const startLocation = z.object({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
  accuracyMeters: z.number().min(0).max(100_000),
});

export const fileInput = z.object({
  idempotencyKey,
  inspectionId: uuid.nullish(),
  siteId: uuid.nullish(),
  teamId: uuid.nullish(),
  checklistVersionId: uuid.nullish(),
  startedAt: z.coerce.date(),
  submittedAt: z.coerce.date(),
  answers: z.array(answerInput).min(1).max(500),
  findings: orDefault(z.array(adHocFindingInput).max(100), []),
  previousInspectionId: uuid.nullish(),
  correctsInspectionId: uuid.nullish(),
  correctionReason: z.string().trim().min(1).max(2000).nullish(),
  startLocation: startLocation.nullish(),
});
type FileInput = Omit<z.infer<typeof fileInput>, 'idempotencyKey'>;

/**
 * A complete inspection filed in one request by a client that worked offline: answers, ad-hoc
 * findings and the times recorded on the device. Either completes a scheduled inspection
 * (`inspectionId`) or files an unscheduled one (site, team, version). A retry with the same
 * idempotencyKey returns the inspection the first request filed.
 */
export function fileInspection(ctx: Ctx, raw: unknown): Promise<Inspection> {
  // A remembered actor is confirmed by the filing's read, not by a lookup first.
  return confirmingActor(ctx, () => fileOnce(ctx, raw));
}

async function fileOnce(ctx: Ctx, raw: unknown): Promise<Inspection> {
  authorize(ctx, 'inspection:file');
  const { idempotencyKey: key, ...input } = parse(fileInput, raw);
  if (input.startedAt > input.submittedAt) throw badInput('input.startedAt', 'startedAt is after submittedAt');
  if (input.submittedAt.getTime() > ctx.now().getTime() + CLOCK_SKEW_MS) throw badInput('input.submittedAt', 'submittedAt is in the future');
  if (!!input.correctsInspectionId !== !!input.correctionReason) throw badInput('input.correctionReason', 'a correction needs both correctsInspectionId and correctionReason');
  if (!input.inspectionId) return fileUnscheduled(ctx, key, input);
  const filed = await fileScheduledInOne(ctx, key, input, input.inspectionId);
  if (filed) return filed;
  // The write found the inspection changed since the read, or a concurrent duplicate had claimed
  // the key: the transaction's way gives the answer (CONFLICT, INVALID_TRANSITION, or the replay).
  return fileScheduledInTransaction(ctx, key, input);
}

async function fileScheduledInTransaction(ctx: Ctx, key: string, input: FileInput): Promise<Inspection> {
  await confirmActorNow(ctx); // the transaction's statements do not check it
  const { inspection, findings } = await inTransaction(ctx, async (tx) => {
    let filed: { inspection: Inspection; findings: Finding[] } | undefined;
    const id = input.inspectionId!;
    const { resultId } = await idempotent(tx, 'fileInspection', key, input, async () => (filed = await fileScheduled(tx, input, id)).inspection.id, id);
    return filed ?? { inspection: await tx.em.findOneByOrFail(Inspection, { id: resultId }), findings: null };
  });
  // A new filing's findings are all it has, as just written (RETURNING every column, the loader's
  // shape): the response reads them from the loader, not again from the database.
  if (findings) findingsByInspectionId(ctx).prime(inspection.id, [...findings].sort(byFindingOrder));
  return inspection;
}

const SEVERITY_RANK: Record<string, number> = { CRITICAL: 0, MAJOR: 1 };
const byteOrder = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
/** `findingOrder` (finding.loaders.ts) in JS: raise time, most severe first, item code (byte order, none last), id. */
function byFindingOrder(a: Finding, b: Finding): number {
  return (
    a.raisedAt.getTime() - b.raisedAt.getTime() ||
    (SEVERITY_RANK[a.severity] ?? 2) - (SEVERITY_RANK[b.severity] ?? 2) ||
    (a.itemCode === b.itemCode ? 0 : a.itemCode === null ? 1 : b.itemCode === null ? -1 : byteOrder(a.itemCode, b.itemCode)) ||
    byteOrder(a.id, b.id)
  );
}

/** The device's record of the visit: when and where the team started, filed offline, received now. */
function deviceFields(input: FileInput, now: Date) {
  const loc = input.startLocation;
  return {
    startedAt: input.startedAt,
    ...(loc ? { startLatitude: loc.latitude, startLongitude: loc.longitude, startAccuracyMeters: loc.accuracyMeters } : {}),
    filedOffline: true,
    receivedAt: now,
  };
}

/**
 * The filing's checks after the site's, in the order of the step-by-step flow (save answers, raise
 * findings, submit), so a bad filing gets the same error: the answers, the evidence, the plan of
 * the submission (score, outcome, the findings to raise) and the moves it makes. Only a SCHEDULED
 * inspection or a new one is filed, so it has no stored answers or findings yet: the score and
 * outcome come from the filed answers and findings alone, planned by `planSubmission` as
 * submitInspection plans them.
 */
async function planFiling(tx: Ctx, input: FileInput, c: FilingContext, site: NonNullable<FilingContext['site']>, teamId: string) {
  const rows = toAnswerRows(c.items, site.kind, input.answers, 'input.answers');
  const profile = await checkEvidence(tx, rows, input.findings, c.profile, site.kind);
  const indexOf = new Map(input.answers.map((a, idx) => [a.itemCode, idx]));
  const fieldOf = (code: string, sub: string) => (indexOf.has(code) ? `input.answers.${indexOf.get(code)}.${sub}` : 'input.answers');
  const adHoc: FindingSpec[] = input.findings.map((f) => ({ itemCode: null, title: f.title, description: f.description ?? null, legalBasis: f.legalBasis ?? null, severity: f.severity, evidenceIds: [...new Set(f.evidenceIds)] }));
  const plan = planSubmission({ items: c.items, answers: rows, siteKind: site.kind, profile, adHoc, earlier: { total: 0, open: 0 }, fieldOf });
  checkMove(tx, INSPECTION_MACHINE, 'IN_PROGRESS', 'SUBMITTED', { teamId });
  if (plan.closes) checkMove(tx, INSPECTION_MACHINE, 'SUBMITTED', 'CLOSED');
  const submitted = { submittedAt: input.submittedAt, submittedById: requireActor(tx).id, ...plan.result };
  return { rows, profile, plan, submitted };
}

/**
 * An unscheduled visit (site, team, version) filed in TWO statements, outside `inTransaction`:
 * one read for the idempotency key's record and everything the checks need, then, when the key
 * is new and the checks pass, ONE write (data-modifying CTEs, atomic: its own transaction) that
 * claims the key and, gated on the claim, writes the answers, the inspection (created IN_PROGRESS
 * by its team and moved on to SUBMITTED, and CLOSED when nothing is open, in one INSERT:
 * `createThroughSql`), its team's members, the findings, every evidence link and the audit events
 * of the step-by-step flow in its order: IN_PROGRESS, the answers' evidence link, each finding's
 * raise and evidence link (ad-hoc ones first), SUBMITTED, CLOSED. A retry made after the first
 * filing committed is answered from the key's record before any check; a concurrent duplicate
 * blocks on the key until the first commits, then claims and writes nothing and is answered the
 * same way. The sealer is asked to seal the events once the write has succeeded.
 *
 * In ONE statement when the site and the team were both filed for before (`fileAsRemembered`):
 * the write alone, gated on what the checks used being still so.
 */
async function fileUnscheduled(ctx: Ctx, key: string, input: FileInput): Promise<Inspection> {
  for (const f of ['siteId', 'teamId', 'checklistVersionId'] as const) if (!input[f]) throw badInput(`input.${f}`, `${f} is required without inspectionId`);
  const claim = new SingleStatementClaim(ctx, 'fileInspection', key, input);
  const siteId = input.siteId!;
  const teamId = input.teamId!;
  const versionId = input.checklistVersionId!;
  const linked = !!input.previousInspectionId || !!input.correctsInspectionId;
  const known = linked ? null : rememberedFilingContext(ctx, siteId, teamId, versionId);
  if (known) {
    const filed = await fileAsRemembered(ctx, claim, input, known);
    if (filed) return filed;
  }
  const c = await filingContext(ctx, { siteId, teamId, versionId, previousId: input.previousInspectionId ?? null, correctsId: input.correctsInspectionId ?? null }, claim);
  const earlier = claim.earlier(c.earlier ?? null);
  if (earlier) return ctx.em.findOneByOrFail(Inspection, { id: earlier.resultId });
  const done = await writeUnscheduled(ctx, claim, input, await checkUnscheduled(ctx, input, c));
  if (done) {
    rememberFiling(ctx, c);
    return done;
  }
  // A concurrent duplicate claimed the key first and has committed: what it filed.
  const { resultId } = await claim.replayed();
  return ctx.em.findOneByOrFail(Inspection, { id: resultId });
}

/**
 * An unscheduled filing checked against what earlier filings read of its site, its kind's profile
 * and its team (`known`; the published version kept as ever), in ONE statement:
 * the write, its claim gated on the site, profile and team read in it being `known` and on the
 * remembered account being unchanged (`stillAsRememberedSql`). Null when a check refused the
 * filing or the write wrote nothing (something changed, or the key was taken): the caller then
 * goes the way with the read, which answers exactly as it does without this one.
 */
async function fileAsRemembered(ctx: Ctx, claim: SingleStatementClaim, input: FileInput, known: FilingContext): Promise<Inspection | null> {
  let checked: Awaited<ReturnType<typeof checkUnscheduled>>;
  try {
    checked = await checkUnscheduled(ctx, input, known);
  } catch (err) {
    // A refusal: the read's way names the problem from what is stored now. The database gone or
    // the request's time up (SERVICE_UNAVAILABLE) is no refusal: that error is the answer.
    if (err instanceof AppError && err.code !== 'SERVICE_UNAVAILABLE') return null;
    throw err;
  }
  let confirmsActor = false;
  const done = await writeUnscheduled(ctx, claim, input, checked, (params) => {
    const still = stillAsRememberedSql(ctx, params, input.siteId!, input.teamId!, known);
    confirmsActor = still.confirmsActor;
    return still.sql;
  });
  if (done && confirmsActor) actorChecked(ctx, true);
  return done;
}

/** An unscheduled filing's checks, in their order, on what was read (or remembered): the plan of its write. */
async function checkUnscheduled(ctx: Ctx, input: FileInput, c: FilingContext) {
  const teamId = input.teamId!;
  authorize(ctx, 'inspection:file', { teamId });
  const site = assertActiveSite(ctx, c.site, input.siteId!, 'input.siteId');
  if (!c.team?.active) throw badInput('input.teamId', `no active team ${input.teamId}`);
  assertUsableVersion(c.version, input.checklistVersionId!, site, 'input.checklistVersionId');
  if (input.previousInspectionId) assertSubmittedOfSite(c.previous, input.previousInspectionId, site.id, 'input.previousInspectionId');
  if (input.correctsInspectionId) assertSubmittedOfSite(c.corrects, input.correctsInspectionId, site.id, 'input.correctsInspectionId');
  checkMove(ctx, INSPECTION_MACHINE, null, 'IN_PROGRESS', { teamId }); // an unscheduled visit: created IN_PROGRESS by its team
  return { site, ...(await planFiling(ctx, input, c, site, teamId)) };
}

/**
 * The write of a checked unscheduled filing (`writeFiling`), its claim gated on `gate` (SQL built
 * with the write's parameters) when given. Null when it wrote nothing.
 */
async function writeUnscheduled(
  ctx: Ctx,
  claim: SingleStatementClaim,
  input: FileInput,
  { site, rows, profile, plan, submitted }: Awaited<ReturnType<typeof checkUnscheduled>>,
  gate?: (params: unknown[]) => string,
): Promise<Inspection | null> {
  const teamId = input.teamId!;
  const versionId = input.checklistVersionId!;
  const now = ctx.now();
  const id = randomUUID();
  const device = deviceFields(input, now);
  const links = { previousInspectionId: input.previousInspectionId ?? null, correctsInspectionId: input.correctsInspectionId ?? null, correctionReason: input.correctionReason ?? null };
  const params: unknown[] = [];
  const claimed = 'EXISTS (SELECT 1 FROM idem)';
  const idem = claim.claimSql(params, id, gate?.(params));
  // The answers go in first (the inspection's INSERT reads their CTE): the answers' trigger refuses answers of a submitted inspection.
  const inspection = createThroughSql<InspectionStatus, Inspection>(
    ctx,
    INSPECTION_MACHINE,
    'IN_PROGRESS',
    [{ to: 'SUBMITTED', changes: submitted }, ...(plan.closes ? [{ to: 'CLOSED' as const, changes: { closedAt: now } }] : [])],
    { id, siteId: site.id, teamId, checklistVersionId: versionId, dueAt: null, scheduledById: null, ...links, ...device },
    { scope: { teamId }, auditFields: { siteId: site.id, teamId, checklistVersionId: versionId, ...links, ...device }, params, where: `${claimed} AND (SELECT count(*) FROM answers) >= 0`, prefix: 'i.' },
  );
  const findings = findingRowsFor(requireActor(ctx), { id, siteId: site.id, teamId }, profile, plan.findings, input.submittedAt);
  return writeFiling(ctx, { params, claimed, first: `idem AS (${idem})`, inspection, id, siteId: site.id, teamId, rows, findings });
}

/**
 * The one write of a filing in two statements: the answers, the inspection's INSERT or UPDATE
 * (`inspection`: its SQL, reading the answers' CTE, and its audit events, the first move then the
 * rest), its team's members, the findings, every evidence link and the audit events in the
 * step-by-step order (the first move, the answers' evidence link, each finding's raise and
 * evidence link, the other moves), as data-modifying CTEs after `first` (the key's claim and
 * what it is gated on), each gated on `claimed`. Returns the inspection with its findings primed
 * for the response, or null when nothing was written.
 */
async function writeFiling(
  ctx: Ctx,
  w: { params: unknown[]; claimed: string; first: string; inspection: { sql: string; audits: AuditInput[] }; id: string; siteId: string; teamId: string; rows: AnswerRow[]; findings: ReturnType<typeof findingRowsFor> },
): Promise<Inspection | null> {
  const { params, claimed } = w;
  const answerLink = answersLink(w.id, w.siteId, w.rows);
  const findingLinks = w.findings.map(findingLink);
  const filed = filingRowsSql(ctx, params, w.id, w.teamId, w.rows, [answerLink, ...findingLinks], claimed);
  const findings = raiseSql(ctx, w.findings, { siteId: w.siteId, teamId: w.teamId }, params, claimed, 'f.');
  const [firstMove, ...moves] = w.inspection.audits;
  const audits = [firstMove, ...linkAudits(answerLink), ...findings.audits.flatMap((a, n) => [a, ...linkAudits(findingLinks[n])]), ...moves];
  const result = await queryByText<Record<string, unknown>>(
    ctx,
    `WITH ${w.first},
       answers AS (${filed.answers}),
       ins AS (${w.inspection.sql}),
       members AS (${filed.members}),
       fnd AS (${findings.sql}),
       links AS (${filed.links}),
       audit AS (${auditInsertSql(ctx, audits, params, claimed)})
     SELECT i.*, f.* FROM (SELECT 1) AS one LEFT JOIN ins AS i ON true LEFT JOIN fnd AS f ON true`,
    params,
  );
  if (result[0]['i.id'] === null) return null;
  sealAfterWrite(ctx);
  const done = entityOf(ctx, Inspection, result[0], 'i.');
  const raised = result.filter((r) => r['f.id'] !== null).map((r) => entityOf(ctx, Finding, r, 'f.'));
  // The new filing's findings are all it has, as just written: the response reads them from the loader.
  findingsByInspectionId(ctx).prime(done.id, raised.sort(byFindingOrder));
  return done;
}

/**
 * A SCHEDULED inspection (`id`) filed in TWO statements, as an unscheduled one: one read (the
 * idempotency key's record, the inspection, everything the checks need, the remembered account),
 * then, when the key is new and the checks pass, ONE write whose every part is gated on the
 * inspection being still as read (`SELECT … FOR UPDATE` of it with the status and version read:
 * a concurrent filing or cancellation that committed first leaves nothing to lock) and on the
 * key's claim: the answers, the move SCHEDULED → IN_PROGRESS → SUBMITTED (→ CLOSED) in one
 * UPDATE (`transitionSql`), the members, the findings, every evidence link and the audit events
 * in the step-by-step order. The checks and their order are the transaction's way's (lock: NOT
 * FOUND out of reach; the team's right to file; SCHEDULED only; the given site, team and version
 * the inspection's; then the site, the answers, the evidence, the plan). Returns null when the
 * write wrote nothing (the inspection changed, or a duplicate claimed the key first): the caller
 * then goes the transaction's way, which answers exactly as before.
 */
async function fileScheduledInOne(ctx: Ctx, key: string, input: FileInput, id: string): Promise<Inspection | null> {
  const actor = requireActor(ctx);
  const claim = new SingleStatementClaim(ctx, 'fileInspection', key, input);
  const c = await scheduledFilingContext(ctx, id, claim);
  const earlier = claim.earlier(c.earlier ?? null);
  if (earlier) return ctx.em.findOneByOrFail(Inspection, { id: earlier.resultId });
  if (c.scheduled.id === null || !canSeeSite(actor, c.scheduled.siteId as string)) throw notFound('inspection', id);
  const scheduled = entityFrom(ctx, Inspection, c.scheduled);
  checkScheduledFiling(ctx, scheduled, input);
  const teamId = scheduled.teamId;
  const site = assertActiveSite(ctx, c.site, scheduled.siteId, 'input.siteId');
  const { rows, profile, plan, submitted } = await planFiling(ctx, input, c, site, teamId);

  const now = ctx.now();
  const params: unknown[] = [];
  const p = (v: unknown) => `$${params.push(v)}`;
  const claimed = 'EXISTS (SELECT 1 FROM idem)';
  const locked = `SELECT 1 FROM inspection WHERE id = ${p(id)}::uuid AND status = ${p(scheduled.status)}::text AND version = ${p(scheduled.version)}::int FOR UPDATE`;
  const idem = claim.claimSql(params, id, 'EXISTS (SELECT 1 FROM locked)');
  // The answers go in first (the UPDATE reads their CTE): the answers' trigger refuses answers of a submitted inspection.
  const moved = transitionSql<InspectionStatus, Inspection>(
    ctx,
    INSPECTION_MACHINE,
    scheduled,
    [{ to: 'IN_PROGRESS', changes: deviceFields(input, now) }, { to: 'SUBMITTED', changes: submitted }, ...(plan.closes ? [{ to: 'CLOSED' as const, changes: { closedAt: now } }] : [])],
    { scope: { teamId }, params, where: `${claimed} AND (SELECT count(*) FROM answers) >= 0`, prefix: 'i.' },
  );
  const findings = findingRowsFor(actor, { id, siteId: site.id, teamId }, profile, plan.findings, input.submittedAt);
  return writeFiling(ctx, { params, claimed, first: `locked AS (${locked}), idem AS (${idem})`, inspection: moved, id, siteId: site.id, teamId, rows, findings });
}

/**
 * The checks of filing the SCHEDULED inspection `scheduled`, in their order, for both ways (one
 * write, or the transaction): the team's right to file, SCHEDULED only, the given site, team and
 * version the inspection's, the first move.
 */
function checkScheduledFiling(ctx: Ctx, scheduled: Inspection, input: FileInput): void {
  authorize(ctx, 'inspection:file', { teamId: scheduled.teamId });
  assertStatus(scheduled, ['SCHEDULED'], 'an inspection can be filed offline');
  for (const f of ['siteId', 'teamId', 'checklistVersionId'] as const) {
    if (input[f] && input[f] !== scheduled[f]) throw badInput(`input.${f}`, `the scheduled inspection has another ${f}`);
  }
  checkMove(ctx, INSPECTION_MACHINE, scheduled.status, 'IN_PROGRESS', { teamId: scheduled.teamId });
}

/** The evidence the answers of inspection `id` cite, as one link (each attachment once). */
function answersLink(id: string, siteId: string, rows: AnswerRow[]): EvidenceLink {
  return { entityType: 'Inspection', entityId: id, siteId, attachmentIds: [...new Set(rows.flatMap((a) => a.evidenceIds))] };
}

/** A row's columns (properties) as an entity. */
function entityFrom<E extends object>(ctx: Ctx, entity: new () => E, row: Record<string, unknown>): E {
  return Object.assign(ctx.em.create(entity), row);
}

/** The columns of a joined result row named `<prefix><property>`, as an entity. */
function entityOf<E extends object>(ctx: Ctx, entity: new () => E, row: Record<string, unknown>, prefix: string): E {
  const e = ctx.em.create(entity);
  for (const k of Object.keys(row)) if (k.startsWith(prefix)) (e as Record<string, unknown>)[k.slice(prefix.length)] = row[k];
  return e;
}

/**
 * Completes a SCHEDULED inspection (`id`) in one transaction of a constant number of statements,
 * however many answers and findings (the way taken when `fileScheduledInOne`'s write wrote nothing:
 * a lost race, which this way answers with its lock): the lock on the inspection, one read for everything the
 * checks need, then one multi-row write per table (findings, audit events), the members, answers
 * and evidence links sharing one statement, and the move SCHEDULED → IN_PROGRESS → SUBMITTED
 * (→ CLOSED) in one UPDATE. The audit events are the ones the step-by-step flow writes, in its
 * order: IN_PROGRESS, the answers' evidence link, each finding's raise and evidence link (ad-hoc
 * ones first), SUBMITTED, then CLOSED when nothing is open.
 */
async function fileScheduled(tx: Ctx, input: FileInput, id: string): Promise<{ inspection: Inspection; findings: Finding[] }> {
  const now = tx.now();
  const device = deviceFields(input, now);
  const scheduled = await lockInspection(tx, id);
  checkScheduledFiling(tx, scheduled, input);
  const teamId = scheduled.teamId;
  const c = await filingContext(tx, { siteId: scheduled.siteId, teamId: null, versionId: scheduled.checklistVersionId, previousId: null, correctsId: null });
  const site = assertActiveSite(tx, c.site, scheduled.siteId, 'input.siteId');
  const { rows, profile, plan, submitted } = await planFiling(tx, input, c, site, teamId);

  // The writes. Answers go in while the inspection is not yet submitted (a trigger freezes them after).
  const moves: AuditInput[] = [];
  const raised: AuditInput[] = [];
  const findings = await insertFindings(tx, { id, siteId: site.id, teamId }, profile, plan.findings, input.submittedAt, raised);
  const answerLink = answersLink(id, site.id, rows);
  const findingLinks = findings.map(findingLink);
  // Members, answers and every evidence link in one statement (the links name the findings' ids).
  await insertFilingRows(tx, id, teamId, rows, [answerLink, ...findingLinks]);
  const done = await transition(
    tx,
    INSPECTION_MACHINE,
    scheduled,
    [{ to: 'IN_PROGRESS' as const, changes: device }, { to: 'SUBMITTED', changes: submitted }, ...(plan.closes ? [{ to: 'CLOSED' as const, changes: { closedAt: now } }] : [])],
    { scope: { teamId }, audits: moves },
  );
  // IN_PROGRESS, the answers' evidence, each finding's raise and evidence, SUBMITTED, CLOSED.
  await recordAudits(tx, [moves[0], ...linkAudits(answerLink), ...raised.flatMap((a, n) => [a, ...linkAudits(findingLinks[n])]), ...moves.slice(1)]);
  return { inspection: done, findings };
}

/**
 * Evidence of the answers and the ad-hoc findings: every attachment usable, and evidence on each
 * finding where the profile makes it mandatory. One statement for all the attachments; when one
 * is not usable, the checks run one by one in the step-by-step order to name the first problem.
 * Returns the profile (which must exist).
 */
async function checkEvidence(tx: Ctx, rows: AnswerRow[], findings: FileInput['findings'], profile: FilingProfile | null, siteKind: string): Promise<FilingProfile> {
  const needProfile = () => {
    if (!profile) throw new AppError('INTERNAL_SERVER_ERROR', `no standard profile for ${siteKind}`);
    return profile;
  };
  const mandatory = (f: FileInput['findings'][number], idx: number) => {
    if (needProfile().evidenceMandatory && !f.evidenceIds.length) throw badInput(`input.findings.${idx}.evidenceIds`, `evidence is mandatory for findings at ${siteKind} sites`);
  };
  try {
    await assertAttachmentsUsable(tx, [...rows.flatMap((r) => r.evidenceIds), ...findings.flatMap((f) => f.evidenceIds)], 'input');
  } catch (err) {
    if (!(err instanceof AppError) || err.code !== 'BAD_USER_INPUT') throw err;
    for (const [idx, r] of rows.entries()) await assertAttachmentsUsable(tx, r.evidenceIds, `input.answers.${idx}.evidenceIds`);
    for (const [idx, f] of findings.entries()) {
      mandatory(f, idx);
      await assertAttachmentsUsable(tx, f.evidenceIds, `input.findings.${idx}.evidenceIds`);
    }
    throw err;
  }
  findings.forEach(mandatory);
  return needProfile();
}
