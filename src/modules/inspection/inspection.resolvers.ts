import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { Account } from '../account/account.entity';
import type { InspectionTeam } from '../account/inspection-team.entity';
import type { ChecklistVersion } from '../checklist/checklist.entity';
import type { Site } from '../site/site.entity';
import { totalCountResolver } from '../../common/pagination';
import { accountsById, agenciesById, teamsById } from '../account/account.loaders';
import { checklistItemsByVersionId, checklistVersionsById } from '../checklist/checklist.loaders';
import { SETTLED_STATUSES, type Finding } from '../finding/finding.entity';
import { findingsByInspectionId, openFindingsBySiteId } from '../finding/finding.loaders';
import { sitesById } from '../site/site.loaders';
import { attachmentsByEntity } from '../attachment/attachment.service';
import type { Inspection, InspectionAnswer, InspectionMember } from './inspection.entity';
import { answersByInspectionId, correctionsByInspectionId, inspectionsById, membersByInspectionId, plannedInspectionBySiteId } from './inspection.loaders';
import * as inspections from './inspection.service';
import { fileInspection } from './file-inspection.service';
import { raiseFinding } from './raise-finding.service';
import { inspectionsDue, listInspections, type DueRow } from './inspection-query.service';

type In = { input: unknown };
type Page = { filter?: unknown; first?: number | null; after?: string | null };
const account = (id: string | null, ctx: Ctx) => (id ? accountsById(ctx).load(id) : null);
type AnswerWithVersion = InspectionAnswer & { versionId: string };

export const inspectionResolvers = {
  Query: {
    inspection: (_: unknown, a: { id: string }, ctx: Ctx) => inspections.getInspection(ctx, a.id),
    inspections: (_: unknown, a: Page, ctx: Ctx) => listInspections(ctx, a),
    inspectionsDue: (_: unknown, a: { filter?: unknown }, ctx: Ctx) => inspectionsDue(ctx, a.filter),
  },
  Mutation: {
    scheduleInspection: (_: unknown, a: In, ctx: Ctx) => inspections.scheduleInspection(ctx, a.input),
    startInspection: (_: unknown, a: In, ctx: Ctx) => inspections.startInspection(ctx, a.input),
    saveInspectionAnswers: (_: unknown, a: In, ctx: Ctx) => inspections.saveInspectionAnswers(ctx, a.input),
    submitInspection: (_: unknown, a: In, ctx: Ctx) => inspections.submitInspection(ctx, a.input),
    fileInspection: (_: unknown, a: In, ctx: Ctx) => fileInspection(ctx, a.input),
    cancelInspection: (_: unknown, a: In, ctx: Ctx) => inspections.cancelInspection(ctx, a.input),
    raiseFinding: (_: unknown, a: In, ctx: Ctx) => raiseFinding(ctx, a.input),
  },
  InspectionConnection: { totalCount: totalCountResolver },
  Inspection: {
    site: (i: Inspection, _: unknown, ctx: Ctx) => sitesById(ctx).load(i.siteId) as Promise<Site>,
    team: (i: Inspection, _: unknown, ctx: Ctx) => teamsById(ctx).load(i.teamId) as Promise<InspectionTeam>,
    checklistVersion: (i: Inspection, _: unknown, ctx: Ctx) => checklistVersionsById(ctx).load(i.checklistVersionId) as Promise<ChecklistVersion>,
    scheduledBy: (i: Inspection, _: unknown, ctx: Ctx) => account(i.scheduledById, ctx),
    submittedBy: (i: Inspection, _: unknown, ctx: Ctx) => account(i.submittedById, ctx),
    members: (i: Inspection, _: unknown, ctx: Ctx) => membersByInspectionId(ctx).load(i.id),
    answers: async (i: Inspection, _: unknown, ctx: Ctx): Promise<AnswerWithVersion[]> => (await answersByInspectionId(ctx).load(i.id)).map((a) => Object.assign(a, { versionId: i.checklistVersionId })),
    findings: (i: Inspection, _: unknown, ctx: Ctx) => findingsByInspectionId(ctx).load(i.id),
    previousInspection: (i: Inspection, _: unknown, ctx: Ctx) => (i.previousInspectionId ? inspectionsById(ctx).load(i.previousInspectionId) : null),
    previousOpenFindings: async (i: Inspection, _: unknown, ctx: Ctx) =>
      i.previousInspectionId ? (await findingsByInspectionId(ctx).load(i.previousInspectionId)).filter((f) => !SETTLED_STATUSES.includes(f.status)) : [],
    correctsInspection: (i: Inspection, _: unknown, ctx: Ctx) => (i.correctsInspectionId ? inspectionsById(ctx).load(i.correctsInspectionId) : null),
    correctedBy: (i: Inspection, _: unknown, ctx: Ctx) => correctionsByInspectionId(ctx).load(i.id),
    startLocation: (i: Inspection) => (i.startLatitude == null || i.startLongitude == null || i.startAccuracyMeters == null ? null : { latitude: i.startLatitude, longitude: i.startLongitude, accuracyMeters: i.startAccuracyMeters }),
  },
  InspectionMember: {
    account: (m: InspectionMember, _: unknown, ctx: Ctx) => accountsById(ctx).load(m.accountId) as Promise<Account>,
    agency: (m: InspectionMember, _: unknown, ctx: Ctx) => (m.agencyId ? agenciesById(ctx).load(m.agencyId) : null),
  },
  InspectionAnswer: {
    item: async (a: AnswerWithVersion, _: unknown, ctx: Ctx) => (await checklistItemsByVersionId(ctx).load(a.versionId)).find((it) => it.code === a.itemCode) ?? null,
    yes: (a: InspectionAnswer) => a.boolValue,
    number: (a: InspectionAnswer) => a.numberValue,
    choice: (a: InspectionAnswer) => a.choiceValue,
    text: (a: InspectionAnswer) => a.textValue,
    answeredBy: (a: InspectionAnswer, _: unknown, ctx: Ctx) => account(a.answeredById, ctx),
    evidence: async (a: InspectionAnswer, _: unknown, ctx: Ctx) => (await attachmentsByEntity(ctx).load(`Inspection:${a.inspectionId}`)).filter((f) => a.evidenceIds.includes(f.id)),
  },
  /** The finding module's Finding: its inspection (the finding module imports no inspection code). */
  Finding: {
    inspection: (f: Finding, _: unknown, ctx: Ctx) => inspectionsById(ctx).load(f.inspectionId) as Promise<Inspection>,
  },
  InspectionDue: {
    site: (d: DueRow, _: unknown, ctx: Ctx) => sitesById(ctx).load(d.siteId) as Promise<Site>,
    daysOverdue: (d: DueRow, _: unknown, ctx: Ctx) => (d.dueAt ? Math.max(0, Math.floor((ctx.now().getTime() - new Date(d.dueAt).getTime()) / 86_400_000)) : 0),
    openFindings: (d: DueRow, _: unknown, ctx: Ctx) => openFindingsBySiteId(ctx).load(d.siteId),
    plannedInspection: (d: DueRow, _: unknown, ctx: Ctx) => plannedInspectionBySiteId(ctx).load(d.siteId),
  },
} satisfies Resolvers;
