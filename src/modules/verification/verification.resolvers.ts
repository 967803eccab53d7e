import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { VerificationTaskConnection } from './verification.parents';
import type { Account } from '../account/account.entity';
import { totalCountResolver } from '../../common/pagination';
import { accountsById, agenciesById } from '../account/account.loaders';
import type { VerificationBatch, VerificationRecord } from './verification.entity';
import { batchesById } from './verification.loaders';
import { importVerificationRecords } from './verification-import.service';
import { answerTask, getTask, isOverdue, listTasks, routeTask, startTask } from './verification-task.service';

type Input = { input: unknown };

export const verificationResolvers = {
  Query: {
    verificationTask: (_: unknown, a: { id: string }, ctx: Ctx) => getTask(ctx, a.id),
    verificationTasks: (_: unknown, a: { filter?: unknown; first?: number | null; after?: string | null }, ctx: Ctx) => listTasks(ctx, a.filter, a),
  },
  Mutation: {
    importVerificationRecords: (_: unknown, a: Input, ctx: Ctx) => importVerificationRecords(ctx, a.input),
    routeVerificationTask: (_: unknown, a: Input, ctx: Ctx) => routeTask(ctx, a.input),
    startVerificationTask: (_: unknown, a: Input, ctx: Ctx) => startTask(ctx, a.input),
    answerVerificationTask: (_: unknown, a: Input, ctx: Ctx) => answerTask(ctx, a.input),
  },
  VerificationTask: {
    batch: (r: VerificationRecord, _: unknown, ctx: Ctx) => batchesById(ctx).load(r.batchId) as Promise<VerificationBatch>,
    routedUnit: (r: VerificationRecord, _: unknown, ctx: Ctx) => (r.routedUnitId ? agenciesById(ctx).load(r.routedUnitId) : null),
    overdue: (r: VerificationRecord, _: unknown, ctx: Ctx) => isOverdue(r, ctx.now()),
    answeredBy: (r: VerificationRecord, _: unknown, ctx: Ctx) => (r.answeredById ? accountsById(ctx).load(r.answeredById) : null),
  },
  VerificationImport: {
    importedBy: (b: VerificationBatch, _: unknown, ctx: Ctx) => accountsById(ctx).load(b.importedById) as Promise<Account>,
  },
  VerificationTaskConnection: { totalCount: totalCountResolver, totals: (c: VerificationTaskConnection) => c.totals() },
} satisfies Resolvers;
