import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { Account } from '../account/account.entity';
import type { InspectionTeam } from '../account/inspection-team.entity';
import type { Site } from '../site/site.entity';
import { totalCountResolver } from '../../common/pagination';
import { accountsById, teamsById } from '../account/account.loaders';
import { attachmentsByEntity } from '../attachment/attachment.service';
import type { Finding } from '../finding/finding.entity';
import { findingsById } from '../finding/finding.loaders';
import type { Inspection } from '../inspection/inspection.entity';
import { sitesById } from '../site/site.loaders';
import { adjustedFor } from './dispute-adjustment';
import type { Dispute } from './dispute.entity';
import { adjustingDisputesByInspectionId, disputesByFindingId, timelineByDisputeId, type TimelineEvent } from './dispute.loaders';
import { disputeStatistics, getDispute, isDisputeOverdue, listDisputes } from './dispute-query.service';
import { assignDispute, resolveDispute } from './dispute-review.service';
import { commentOnDispute, lodgeDispute, recordSiteConflict, withdrawDispute } from './dispute-site.service';

type Input = { input: unknown };
const account = (ctx: Ctx, id: string | null) => (id ? accountsById(ctx).load(id) : null);

export const disputeResolvers = {
  Query: {
    dispute: (_: unknown, a: { id: string }, ctx: Ctx) => getDispute(ctx, a.id),
    disputes: (_: unknown, a: { filter?: unknown; first?: number | null; after?: string | null }, ctx: Ctx) => listDisputes(ctx, a),
    disputeStatistics: (_: unknown, a: { filter?: unknown }, ctx: Ctx) => disputeStatistics(ctx, a.filter),
  },
  Mutation: {
    lodgeDispute: (_: unknown, a: Input, ctx: Ctx) => lodgeDispute(ctx, a.input),
    assignDispute: (_: unknown, a: Input, ctx: Ctx) => assignDispute(ctx, a.input),
    resolveDispute: (_: unknown, a: Input, ctx: Ctx) => resolveDispute(ctx, a.input),
    withdrawDispute: (_: unknown, a: Input, ctx: Ctx) => withdrawDispute(ctx, a.input),
    commentOnDispute: (_: unknown, a: Input, ctx: Ctx) => commentOnDispute(ctx, a.input),
    recordSiteConflict: (_: unknown, a: Input, ctx: Ctx) => recordSiteConflict(ctx, a.input),
  },
  Dispute: {
    finding: (d: Dispute, _: unknown, ctx: Ctx) => (d.findingId ? findingsById(ctx).load(d.findingId) : null),
    site: (d: Dispute, _: unknown, ctx: Ctx) => sitesById(ctx).load(d.siteId) as Promise<Site>,
    mediatedBy: (d: Dispute, _: unknown, ctx: Ctx) => account(ctx, d.mediatedById),
    lodgedBy: (d: Dispute, _: unknown, ctx: Ctx) => account(ctx, d.lodgedById),
    reviewer: (d: Dispute, _: unknown, ctx: Ctx) => account(ctx, d.reviewerId),
    resolvedBy: (d: Dispute, _: unknown, ctx: Ctx) => account(ctx, d.resolvedById),
    evidence: (d: Dispute, _: unknown, ctx: Ctx) => attachmentsByEntity(ctx).load(`Dispute:${d.id}`),
    overdue: (d: Dispute, _: unknown, ctx: Ctx) => isDisputeOverdue(d, ctx.now()),
    timeline: (d: Dispute, _: unknown, ctx: Ctx) => timelineByDisputeId(ctx).load(d.id),
  },
  DisputeEvent: {
    actor: (e: TimelineEvent, _: unknown, ctx: Ctx) => account(ctx, e.actorId),
    changes: (e: TimelineEvent) => Object.entries(e.changes ?? {}).map(([field, c]) => ({ field, before: c?.before ?? null, after: c?.after ?? null })),
  },
  DisputeConnection: { totalCount: totalCountResolver },
  TeamDisputeRate: { team: (r: { teamId: string }, _: unknown, ctx: Ctx) => teamsById(ctx).load(r.teamId) as Promise<InspectionTeam> },
  ReviewerDisputeRate: { reviewer: (r: { reviewerId: string }, _: unknown, ctx: Ctx) => accountsById(ctx).load(r.reviewerId) as Promise<Account> },
  InspectionAdjustment: {
    dispute: (d: Dispute) => d,
    finding: (d: Dispute, _: unknown, ctx: Ctx) => findingsById(ctx).load(d.findingId!) as Promise<Finding>,
  },
  Inspection: {
    adjustedOutcome: async (i: Inspection, _: unknown, ctx: Ctx) => (await adjustedFor(ctx, i))?.outcome ?? null,
    adjustedScore: async (i: Inspection, _: unknown, ctx: Ctx) => (await adjustedFor(ctx, i))?.score ?? null,
    adjustments: (i: Inspection, _: unknown, ctx: Ctx) => adjustingDisputesByInspectionId(ctx).load(i.id),
  },
  Finding: {
    disputes: (f: Finding, _: unknown, ctx: Ctx) => disputesByFindingId(ctx).load(f.id),
  },
} satisfies Resolvers;
