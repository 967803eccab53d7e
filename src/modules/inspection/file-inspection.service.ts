import { z } from 'zod';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { badInput } from '../../common/errors';
import { inTransaction } from '../../common/transaction';
import { assertAttachmentsUsable } from '../attachment/attachment.service';
import { InspectionTeam } from '../account/inspection-team.entity';
import { SEVERITIES } from '../checklist/checklist.entity';
import { evidenceIds, idempotencyKey, orDefault, parse, uuid } from '../checklist/validation';
import { profileFor, raiseFindings } from '../finding/finding-raise';
import { idempotent } from '../idempotency/idempotency.service';
import { answerInput, toAnswerRows } from './answers';
import { Inspection } from './inspection.entity';
import { activeSite, assertStatus, lockInspection, moveInspection, recordMembers, submittedOfSite, usableVersion, versionItems } from './inspection-support';
import { completeSubmission, upsertAnswers } from './inspection.service';

/** Device clocks may run a little fast; beyond this a time "in the future" is refused. */
const CLOCK_SKEW_MS = 5 * 60_000;

export const adHocFindingInput = z.object({
  title: z.string().trim().min(1).max(500),
  description: z.string().trim().max(4000).nullish(),
  severity: z.enum(SEVERITIES),
  legalBasis: z.string().trim().max(1000).nullish(),
  evidenceIds,
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
  return inTransaction(ctx, async (tx) => {
    const { resultId } = await idempotent(tx, 'fileInspection', key, input, () => file(tx, input));
    return tx.em.findOneByOrFail(Inspection, { id: resultId });
  });
}

async function file(tx: Ctx, input: FileInput): Promise<string> {
  const device = { startedAt: input.startedAt, filedOffline: true, receivedAt: tx.now() };
  let i: Inspection;
  if (input.inspectionId) {
    const scheduled = await lockInspection(tx, input.inspectionId);
    authorize(tx, 'inspection:file', { teamId: scheduled.teamId });
    assertStatus(scheduled, ['SCHEDULED'], 'an inspection can be filed offline');
    for (const f of ['siteId', 'teamId', 'checklistVersionId'] as const) {
      if (input[f] && input[f] !== scheduled[f]) throw badInput(`input.${f}`, `the scheduled inspection has another ${f}`);
    }
    i = await moveInspection(tx, scheduled, 'IN_PROGRESS', device, { teamId: scheduled.teamId });
  } else {
    for (const f of ['siteId', 'teamId', 'checklistVersionId'] as const) if (!input[f]) throw badInput(`input.${f}`, `${f} is required without inspectionId`);
    authorize(tx, 'inspection:file', { teamId: input.teamId! });
    const site = await activeSite(tx, input.siteId!, 'input.siteId');
    const team = await tx.em.findOneBy(InspectionTeam, { id: input.teamId! });
    if (!team?.active) throw badInput('input.teamId', `no active team ${input.teamId}`);
    await usableVersion(tx, input.checklistVersionId!, site, 'input.checklistVersionId');
    if (input.previousInspectionId) await submittedOfSite(tx, input.previousInspectionId, site.id, 'input.previousInspectionId');
    if (input.correctsInspectionId) await submittedOfSite(tx, input.correctsInspectionId, site.id, 'input.correctsInspectionId');
    const created = await tx.em.save(
      tx.em.create(Inspection, {
        siteId: site.id,
        teamId: team.id,
        checklistVersionId: input.checklistVersionId!,
        status: 'SCHEDULED',
        dueAt: null,
        scheduledById: null,
        previousInspectionId: input.previousInspectionId ?? null,
        correctsInspectionId: input.correctsInspectionId ?? null,
        correctionReason: input.correctionReason ?? null,
      }),
    );
    i = await moveInspection(tx, created, 'IN_PROGRESS', device, { teamId: created.teamId });
  }
  await recordMembers(tx, i.id, i.teamId);
  const site = await activeSite(tx, i.siteId, 'input.siteId');
  const rows = toAnswerRows(await versionItems(tx, i.checklistVersionId), site.kind, input.answers, 'input.answers');
  for (const [idx, r] of rows.entries()) await assertAttachmentsUsable(tx, r.evidenceIds, `input.answers.${idx}.evidenceIds`);
  await upsertAnswers(tx, i, rows);
  const profile = await profileFor(tx, site.kind);
  for (const [idx, f] of input.findings.entries()) {
    if (profile.evidenceMandatory && !f.evidenceIds.length) throw badInput(`input.findings.${idx}.evidenceIds`, `evidence is mandatory for findings at ${site.kind} sites`);
    await assertAttachmentsUsable(tx, f.evidenceIds, `input.findings.${idx}.evidenceIds`);
  }
  await raiseFindings(
    tx,
    i,
    profile,
    input.findings.map((f) => ({ itemCode: null, title: f.title, description: f.description ?? null, legalBasis: f.legalBasis ?? null, severity: f.severity, evidenceIds: [...new Set(f.evidenceIds)] })),
    input.submittedAt,
  );
  const indexOf = new Map(input.answers.map((a, idx) => [a.itemCode, idx]));
  const done = await completeSubmission(tx, i, site, input.submittedAt, (code, sub) => (indexOf.has(code) ? `input.answers.${indexOf.get(code)}.${sub}` : 'input.answers'));
  return done.id;
}
