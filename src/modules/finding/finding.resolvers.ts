import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { InspectionTeam } from '../account/inspection-team.entity';
import type { Site } from '../site/site.entity';
import { totalCountResolver } from '../../common/pagination';
import { accountsById, agenciesById, teamsById } from '../account/account.loaders';
import { sitesById } from '../site/site.loaders';
import { attachmentsByEntity } from '../attachment/attachment.service';
import type { Finding, Rectification } from './finding.entity';
import { findingsById, rectificationsByFindingId } from './finding.loaders';
import { isDeadlinePaused } from './deadline-pause';
import { isOverdue, listFindings } from './finding.service';
import { rejectRectification, submitRectification, verifyRectification } from './rectification.service';

type In = { input: unknown };
const account = (id: string | null, ctx: Ctx) => (id ? accountsById(ctx).load(id) : null);

export const findingResolvers = {
  Query: {
    findings: (_: unknown, a: { filter?: unknown; first?: number | null; after?: string | null }, ctx: Ctx) => listFindings(ctx, a),
  },
  Mutation: {
    submitRectification: (_: unknown, a: In, ctx: Ctx) => submitRectification(ctx, a.input),
    verifyRectification: (_: unknown, a: In, ctx: Ctx) => verifyRectification(ctx, a.input),
    rejectRectification: (_: unknown, a: In, ctx: Ctx) => rejectRectification(ctx, a.input),
  },
  FindingConnection: { totalCount: totalCountResolver },
  // Finding.inspection and Mutation.raiseFinding are resolved by the inspection module
  // (inspection.resolvers.ts), which depends on this one.
  Finding: {
    site: (f: Finding, _: unknown, ctx: Ctx) => sitesById(ctx).load(f.siteId) as Promise<Site>,
    team: (f: Finding, _: unknown, ctx: Ctx) => teamsById(ctx).load(f.teamId) as Promise<InspectionTeam>,
    issuingAgency: (f: Finding, _: unknown, ctx: Ctx) => (f.issuingAgencyId ? agenciesById(ctx).load(f.issuingAgencyId) : null),
    raisedBy: (f: Finding, _: unknown, ctx: Ctx) => account(f.raisedById, ctx),
    verifiedBy: (f: Finding, _: unknown, ctx: Ctx) => account(f.verifiedById, ctx),
    overdue: (f: Finding, _: unknown, ctx: Ctx) => isOverdue(f, ctx.now()) && !isDeadlinePaused(f),
    escalated: (f: Finding, _: unknown, ctx: Ctx) => f.severity === 'CRITICAL' && isOverdue(f, ctx.now()),
    rectifications: (f: Finding, _: unknown, ctx: Ctx) => rectificationsByFindingId(ctx).load(f.id),
    evidence: (f: Finding, _: unknown, ctx: Ctx) => attachmentsByEntity(ctx).load(`Finding:${f.id}`),
  },
  Rectification: {
    finding: (r: Rectification, _: unknown, ctx: Ctx) => findingsById(ctx).load(r.findingId) as Promise<Finding>,
    submittedBy: (r: Rectification, _: unknown, ctx: Ctx) => account(r.submittedById, ctx),
    reviewedBy: (r: Rectification, _: unknown, ctx: Ctx) => account(r.reviewedById, ctx),
    evidence: (r: Rectification, _: unknown, ctx: Ctx) => attachmentsByEntity(ctx).load(`Rectification:${r.id}`),
  },
} satisfies Resolvers;
