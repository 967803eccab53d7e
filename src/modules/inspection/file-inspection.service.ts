import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Ctx } from '../../context';
import { authorize, requireActor } from '../../common/authorize';
import { AppError, badInput } from '../../common/errors';
import { checkMove, create, transition } from '../../common/state-machine';
import { inTransaction } from '../../common/transaction';
import { recordAudits, type AuditInput } from '../audit/audit.service';
import { assertAttachmentsUsable } from '../attachment/attachment.service';
import { idempotencyKey, orDefault, parse, uuid } from '../../common/validation';
import { findingLink, insertFindings, type FindingSpec } from '../finding/finding-raise';
import { adHocFindingInput } from '../finding/finding.input';
import { linkAudits, type EvidenceLink } from '../attachment/attachment.service';
import { idempotent } from '../idempotency/idempotency.service';
import type { Finding } from '../finding/finding.entity';
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
  insertFilingRows,
  lockInspection,
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

const fileInput = z.object({
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
export async function fileInspection(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'inspection:file');
  const { idempotencyKey: key, ...input } = parse(fileInput, raw);
  if (input.startedAt > input.submittedAt) throw badInput('input.startedAt', 'startedAt is after submittedAt');
  if (input.submittedAt.getTime() > ctx.now().getTime() + CLOCK_SKEW_MS) throw badInput('input.submittedAt', 'submittedAt is in the future');
  if (!!input.correctsInspectionId !== !!input.correctionReason) throw badInput('input.correctionReason', 'a correction needs both correctsInspectionId and correctionReason');
  const { inspection, findings } = await inTransaction(ctx, async (tx) => {
    let filed: { inspection: Inspection; findings: Finding[] } | undefined;
    const id = input.inspectionId ?? randomUUID();
    const { resultId } = await idempotent(tx, 'fileInspection', key, input, async () => (filed = await file(tx, input, id)).inspection.id, id);
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

/**
 * Files in a constant number of statements, however many answers and findings: one read for
 * everything the checks need, then one multi-row write per table (inspection, findings, audit
 * events), the members, answers and evidence links sharing one statement. The checks run in the order of the step-by-step
 * flow (start, save answers, raise findings, submit), so a bad filing gets the same error; the
 * audit events are the ones that flow writes, in its order: IN_PROGRESS, the answers' evidence
 * link, each finding's raise and evidence link (ad-hoc ones first), SUBMITTED, then CLOSED when
 * nothing is open. Only a SCHEDULED inspection (or a new one) is filed, so it has no stored
 * answers or findings yet: the score and outcome come from the filed answers and findings alone,
 * planned by `planSubmission` as submitInspection plans them. A scheduled inspection moves
 * SCHEDULED → IN_PROGRESS → SUBMITTED (→ CLOSED) in one UPDATE; an unscheduled one is created
 * IN_PROGRESS (its team's move in the table), then moves on in one UPDATE.
 * `id` is the scheduled inspection's, or the one the new inspection gets.
 */
async function file(tx: Ctx, input: FileInput, id: string): Promise<{ inspection: Inspection; findings: Finding[] }> {
  const actor = requireActor(tx);
  const now = tx.now();
  const loc = input.startLocation;
  const device = {
    startedAt: input.startedAt,
    ...(loc ? { startLatitude: loc.latitude, startLongitude: loc.longitude, startAccuracyMeters: loc.accuracyMeters } : {}),
    filedOffline: true,
    receivedAt: now,
  };
  let scheduled: Inspection | null = null;
  if (input.inspectionId) {
    scheduled = await lockInspection(tx, input.inspectionId);
    authorize(tx, 'inspection:file', { teamId: scheduled.teamId });
    assertStatus(scheduled, ['SCHEDULED'], 'an inspection can be filed offline');
    for (const f of ['siteId', 'teamId', 'checklistVersionId'] as const) {
      if (input[f] && input[f] !== scheduled[f]) throw badInput(`input.${f}`, `the scheduled inspection has another ${f}`);
    }
    checkMove(tx, INSPECTION_MACHINE, scheduled.status, 'IN_PROGRESS', { teamId: scheduled.teamId });
  } else {
    for (const f of ['siteId', 'teamId', 'checklistVersionId'] as const) if (!input[f]) throw badInput(`input.${f}`, `${f} is required without inspectionId`);
    authorize(tx, 'inspection:file', { teamId: input.teamId! });
  }
  const teamId = scheduled?.teamId ?? input.teamId!;
  const versionId = scheduled?.checklistVersionId ?? input.checklistVersionId!;
  const c = await filingContext(tx, {
    siteId: scheduled?.siteId ?? input.siteId!,
    teamId: scheduled ? null : teamId,
    versionId,
    previousId: scheduled ? null : (input.previousInspectionId ?? null),
    correctsId: scheduled ? null : (input.correctsInspectionId ?? null),
  });
  const site = assertActiveSite(tx, c.site, scheduled?.siteId ?? input.siteId!, 'input.siteId');
  if (!scheduled) {
    if (!c.team?.active) throw badInput('input.teamId', `no active team ${input.teamId}`);
    assertUsableVersion(c.version, versionId, site, 'input.checklistVersionId');
    if (input.previousInspectionId) assertSubmittedOfSite(c.previous, input.previousInspectionId, site.id, 'input.previousInspectionId');
    if (input.correctsInspectionId) assertSubmittedOfSite(c.corrects, input.correctsInspectionId, site.id, 'input.correctsInspectionId');
    checkMove(tx, INSPECTION_MACHINE, null, 'IN_PROGRESS', { teamId }); // an unscheduled visit: created IN_PROGRESS by its team
  }

  // Answers, evidence and ad-hoc findings, then the submission's checks.
  const rows = toAnswerRows(c.items, site.kind, input.answers, 'input.answers');
  const profile = await checkEvidence(tx, rows, input.findings, c.profile, site.kind);
  const indexOf = new Map(input.answers.map((a, idx) => [a.itemCode, idx]));
  const fieldOf = (code: string, sub: string) => (indexOf.has(code) ? `input.answers.${indexOf.get(code)}.${sub}` : 'input.answers');
  const adHoc: FindingSpec[] = input.findings.map((f) => ({ itemCode: null, title: f.title, description: f.description ?? null, legalBasis: f.legalBasis ?? null, severity: f.severity, evidenceIds: [...new Set(f.evidenceIds)] }));
  // Only a SCHEDULED inspection or a new one is filed: it has no findings yet.
  const plan = planSubmission({ items: c.items, answers: rows, siteKind: site.kind, profile, adHoc, earlier: { total: 0, open: 0 }, fieldOf });
  checkMove(tx, INSPECTION_MACHINE, 'IN_PROGRESS', 'SUBMITTED', { teamId });
  if (plan.closes) checkMove(tx, INSPECTION_MACHINE, 'SUBMITTED', 'CLOSED');
  const submitted = { submittedAt: input.submittedAt, submittedById: actor.id, ...plan.result };

  // The writes. Answers go in while the inspection is not yet submitted (a trigger freezes them after).
  // Audit events are collected in the order of the step-by-step flow and written in one statement.
  const moves: AuditInput[] = [];
  let started: Inspection;
  if (scheduled) started = scheduled;
  else {
    const links = { previousInspectionId: input.previousInspectionId ?? null, correctsInspectionId: input.correctsInspectionId ?? null, correctionReason: input.correctionReason ?? null };
    started = await create<InspectionStatus, Inspection>(tx, INSPECTION_MACHINE, 'IN_PROGRESS', { id, siteId: site.id, teamId, checklistVersionId: versionId, dueAt: null, scheduledById: null, ...links, ...device }, {
      scope: { teamId },
      auditFields: { siteId: site.id, teamId, checklistVersionId: versionId, ...links, ...device },
      audits: moves,
    });
  }
  const raised: AuditInput[] = [];
  const findings = await insertFindings(tx, { id, siteId: site.id, teamId }, profile, plan.findings, input.submittedAt, raised);
  const answerLink: EvidenceLink = { entityType: 'Inspection', entityId: id, siteId: site.id, attachmentIds: [...new Set(rows.flatMap((a) => a.evidenceIds))] };
  const findingLinks = findings.map(findingLink);
  // Members, answers and every evidence link in one statement (the links name the findings' ids).
  await insertFilingRows(tx, id, teamId, rows, [answerLink, ...findingLinks]);
  const done = await transition(
    tx,
    INSPECTION_MACHINE,
    started,
    [...(scheduled ? [{ to: 'IN_PROGRESS' as const, changes: device }] : []), { to: 'SUBMITTED', changes: submitted }, ...(plan.closes ? [{ to: 'CLOSED' as const, changes: { closedAt: now } }] : [])],
    { scope: { teamId }, audits: moves },
  );
  // IN_PROGRESS (the move, or the creation), the answers' evidence, each finding's raise and evidence, SUBMITTED, CLOSED.
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
