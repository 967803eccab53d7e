import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { PageArgs } from '../../common/pagination';
import { totalCountResolver } from '../../common/pagination';
import type { AuditEvent } from './audit-event.entity';
import { sealsByEventId } from './audit.loaders';
import { listAuditEvents, verifyAuditChain } from './audit-query.service';

export const auditResolvers = {
  Query: {
    auditEvents: (_: unknown, a: PageArgs & { filter?: unknown }, ctx: Ctx) => listAuditEvents(ctx, a.filter, a),
    verifyAuditChain: (_: unknown, __: unknown, ctx: Ctx) => verifyAuditChain(ctx),
  },
  AuditEventConnection: { totalCount: totalCountResolver },
  // AuditEvent.actor is resolved by the account module (account.resolvers.ts): every module writes
  // audit events, so the audit module imports none of them.
  AuditEvent: {
    id: (e: AuditEvent) => String(e.id),
    changes: (e: AuditEvent) => Object.entries(e.changes ?? {}).map(([field, c]) => ({ field, before: c?.before ?? null, after: c?.after ?? null })),
    sealed: async (e: AuditEvent, _: unknown, ctx: Ctx) => !!(await sealsByEventId(ctx).load(String(e.id))),
    seq: async (e: AuditEvent, _: unknown, ctx: Ctx) => (await sealsByEventId(ctx).load(String(e.id)))?.seq ?? null,
    hash: async (e: AuditEvent, _: unknown, ctx: Ctx) => (await sealsByEventId(ctx).load(String(e.id)))?.hash ?? null,
  },
} satisfies Resolvers;
