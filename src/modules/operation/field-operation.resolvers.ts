import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { Account } from '../account/account.entity';
import { accountsById } from '../account/account.loaders';
import type { FieldOperation } from './field-operation.entity';
import { listFieldOperations, recordFieldOperation } from './field-operation.service';

export const fieldOperationResolvers = {
  Query: {
    fieldOperations: (_: unknown, a: { from: Date; to: Date; kind?: string | null }, ctx: Ctx) => listFieldOperations(ctx, a),
  },
  Mutation: {
    recordFieldOperation: (_: unknown, a: { input: unknown }, ctx: Ctx) => recordFieldOperation(ctx, a.input),
  },
  FieldOperation: {
    recordedBy: (o: FieldOperation, _: unknown, ctx: Ctx) => accountsById(ctx).load(o.recordedById) as Promise<Account>,
  },
} satisfies Resolvers;
