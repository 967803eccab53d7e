import { z } from 'zod';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { badInput } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { recordAudit } from '../audit/audit.service';
import { assertAttachmentsUsable, linkAttachments } from '../attachment/attachment.service';
import { idempotencyKey, parse, uuid } from '../../common/validation';
import { InspectionTeam } from '../account/inspection-team.entity';
import { Finding } from '../finding/finding.entity';
import { profileFor, raiseFindings, type FindingSpec } from '../finding/finding-raise';
import type { Site } from '../site/site.entity';
import { idempotent } from '../idempotency/idempotency.service';
import { answerInput, missingEvidence, toAnswerRows } from './answers';
import { Inspection, InspectionAnswer } from './inspection.entity';
import { activeSite, assertStatus, closeIfSettled, lockInspection, moveInspection, recordMembers, storedAnswers, submittedOfSite, usableVersion, versionItems } from './inspection-support';
import { scoreInspection, outcomeOf } from './scoring';

const scheduleInput = z.object({
  idempotencyKey,
  siteId: uuid,
  teamId: uuid,
  checklistVersionId: uuid,
  dueAt: z.coerce.date(),
  previousInspectionId: uuid.nullish(),
});

/** How far back a visit may be planned (catching up on one missed last week), and how far ahead. */
export const DUE_DATE_PAST_DAYS = 30;
export const DUE_DATE_FUTURE_DAYS = 366;

/** A due date in 2020 or 9999 is a typo: refuse it, naming the window, on the field. */
function assertSaneDueDate(ctx: Ctx, dueAt: Date, field: string) {
  const now = ctx.now().getTime();
  const earliest = new Date(now - DUE_DATE_PAST_DAYS * 86_400_000);
  const latest = new Date(now + DUE_DATE_FUTURE_DAYS * 86_400_000);
  if (dueAt < earliest || dueAt > latest) {
    throw badInput(field, `a due date must lie between ${earliest.toISOString()} (${DUE_DATE_PAST_DAYS} days ago) and ${latest.toISOString()} (${DUE_DATE_FUTURE_DAYS} days ahead)`);
  }
}

/** COMMAND plans a visit: site, team, pinned checklist version, due date. */
export async function scheduleInspection(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'inspection:schedule');
  const { idempotencyKey: key, ...input } = parse(scheduleInput, raw);
  assertSaneDueDate(ctx, input.dueAt, 'input.dueAt');
  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'scheduleInspection', key, input, async () => {
      const site = await activeSite(tx, input.siteId, 'input.siteId');
      const team = await tx.em.findOneBy(InspectionTeam, { id: input.teamId });
      if (!team || !team.active) throw badInput('input.teamId', `no active team ${input.teamId}`);
      await usableVersion(tx, input.checklistVersionId, site, 'input.checklistVersionId');
      if (input.previousInspectionId) await submittedOfSite(tx, input.previousInspectionId, site.id, 'input.previousInspectionId');
      const i = await tx.em.save(
        tx.em.create(Inspection, { siteId: site.id, teamId: team.id, checklistVersionId: input.checklistVersionId, status: 'SCHEDULED', dueAt: input.dueAt, scheduledById: tx.actor!.id, previousInspectionId: input.previousInspectionId ?? null }),
      );
      await recordAudit(tx, { action: 'inspection.schedule', entityType: 'Inspection', entityId: i.id, after: { siteId: i.siteId, teamId: i.teamId, checklistVersionId: i.checklistVersionId, dueAt: i.dueAt, previousInspectionId: i.previousInspectionId, status: i.status } });
      return i.id;
    });
    return tx.em.findOneByOrFail(Inspection, { id: resultId });
  });
}

const idInput = z.object({ inspectionId: uuid });

/** The team arrives: records who is on it (and their agencies) and opens the inspection. */
export async function startInspection(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'inspection:file');
  const input = parse(idInput, raw);
  return inTransaction(ctx, async (tx) => {
    const i = await lockInspection(tx, input.inspectionId);
    const started = await moveInspection(tx, i, 'IN_PROGRESS', { startedAt: tx.now() }, { teamId: i.teamId });
    await recordMembers(tx, i.id, i.teamId);
    return started;
  });
}

const saveInput = z.object({ inspectionId: uuid, answers: z.array(answerInput).min(1).max(500) });

/** Partial saves: answers replace earlier answers to the same items. Evidence is checked at submission. */
export async function saveInspectionAnswers(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'inspection:file');
  const input = parse(saveInput, raw);
  return inTransaction(ctx, async (tx) => {
    const i = await lockInspection(tx, input.inspectionId);
    authorize(tx, 'inspection:file', { teamId: i.teamId });
    assertStatus(i, ['IN_PROGRESS'], 'answers can be saved');
    const site = await activeSite(tx, i.siteId, 'input.inspectionId');
    const rows = toAnswerRows(await versionItems(tx, i.checklistVersionId), site.kind, input.answers, 'input.answers');
    for (const [idx, r] of rows.entries()) await assertAttachmentsUsable(tx, r.evidenceIds, `input.answers.${idx}.evidenceIds`);
    await upsertAnswers(tx, i, rows);
    await recordAudit(tx, { action: 'inspection.save-answers', entityType: 'Inspection', entityId: i.id, after: { answers: rows.map((r) => ({ itemCode: r.itemCode, passed: r.passed })) } });
    return tx.em.findOneByOrFail(Inspection, { id: i.id });
  });
}

export async function upsertAnswers(tx: Ctx, i: Inspection, rows: ReturnType<typeof toAnswerRows>) {
  const at = tx.now();
  await tx.em.upsert(
    InspectionAnswer,
    rows.map((r) => ({ ...r, inspectionId: i.id, answeredById: tx.actor!.id, answeredAt: at })),
    ['inspectionId', 'itemCode'],
  );
  const ids = [...new Set(rows.flatMap((r) => r.evidenceIds))];
  await linkAttachments(tx, ids, { entityType: 'Inspection', entityId: i.id, siteId: i.siteId });
}

/** Where a problem with one item's answer is reported (the inputs differ by mutation). */
export type FieldOf = (itemCode: string, sub: string) => string;

/**
 * submitInspection's submission (fileInspection, in file-inspection.service.ts, does its own in
 * batched statements): every applicable item answered,
 * evidence where required, score from the stored answers and the pinned version, a finding for
 * each failed item, the outcome against the profile; CLOSED at once when nothing is open.
 */
export async function completeSubmission(tx: Ctx, i: Inspection, site: Site, submittedAt: Date, fieldOf: FieldOf): Promise<Inspection> {
  const items = await versionItems(tx, i.checklistVersionId);
  const answers = await storedAnswers(tx, i.id);
  const profile = await profileFor(tx, site.kind);
  const r = scoreInspection(items, answers, site.kind);
  if (r.unanswered.length) throw badInput(fieldOf(r.unanswered[0], 'itemCode'), `items not answered: ${r.unanswered.join(', ')} (answer them or mark them not applicable)`);
  const missing = missingEvidence(items, answers, profile.evidenceMandatory);
  if (missing) throw badInput(fieldOf(missing, 'evidenceIds'), `the answer to ${missing} needs evidence${profile.evidenceMandatory ? ` (mandatory for failed items at ${site.kind} sites)` : ''}`);
  const byCode = new Map(answers.map((a) => [a.itemCode, a]));
  const specs: FindingSpec[] = items
    .filter((it) => r.failedCodes.includes(it.code))
    .map((it) => ({ itemCode: it.code, title: `${it.promptZh}（${it.promptEn}）`, description: byCode.get(it.code)?.note ?? null, legalBasis: null, severity: it.severity, evidenceIds: byCode.get(it.code)?.evidenceIds ?? [] }));
  await raiseFindings(tx, i, profile, specs, submittedAt);
  const findingCount = await tx.em.count(Finding, { where: { inspectionId: i.id } });
  await moveInspection(
    tx,
    i,
    'SUBMITTED',
    { submittedAt, submittedById: tx.actor!.id, score: r.score, pointsEarned: r.pointsEarned, pointsPossible: r.pointsPossible, outcome: outcomeOf(r, findingCount, profile.passMark), passMark: profile.passMark, profileVersion: profile.version },
    { teamId: i.teamId },
  );
  await closeIfSettled(tx, i.id);
  return tx.em.findOneByOrFail(Inspection, { id: i.id });
}

/** The team submits; a second submission is INVALID_TRANSITION. */
export async function submitInspection(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'inspection:file');
  const input = parse(idInput, raw);
  return inTransaction(ctx, async (tx) => {
    const i = await lockInspection(tx, input.inspectionId);
    authorize(tx, 'inspection:file', { teamId: i.teamId });
    assertStatus(i, ['IN_PROGRESS'], 'an inspection can be submitted');
    const site = await activeSite(tx, i.siteId, 'input.inspectionId');
    return completeSubmission(tx, i, site, tx.now(), (code, sub) => `answers.${code}.${sub}`);
  });
}

const cancelInput = z.object({ inspectionId: uuid, reason: z.string().trim().min(1).max(2000) });

/** COMMAND calls off a visit that has not been submitted. */
export async function cancelInspection(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'inspection:schedule');
  const input = parse(cancelInput, raw);
  return inTransaction(ctx, async (tx) => {
    const i = await lockInspection(tx, input.inspectionId);
    return moveInspection(tx, i, 'CANCELLED', { cancelledAt: tx.now(), cancelReason: input.reason });
  });
}

export async function getInspection(ctx: Ctx, id: string) {
  const actor = authorize(ctx, 'inspection:read');
  if (!uuid.safeParse(id).success) return null;
  const i = await ctx.em.findOneBy(Inspection, { id });
  if (!i || (actor.role === 'FACILITY_MANAGER' && !actor.siteIds.includes(i.siteId))) return null;
  return i;
}

