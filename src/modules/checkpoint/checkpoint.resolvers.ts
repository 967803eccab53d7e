import type { Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import type { CheckpointTallyConnection } from './checkpoint.parents';
import { totalCountResolver } from '../../common/pagination';
import type { Account } from '../account/account.entity';
import { accountsById } from '../account/account.loaders';
import { sitesById } from '../site/site.loaders';
import { siteFieldResolvers } from '../site/site.resolvers';
import type { Site } from '../site/site.entity';
import type { CheckpointTally, OfficerOnDuty } from './checkpoint-tally.entity';
import { correctionsByTallyId, talliesByCheckpointRange, talliesById } from './checkpoint.loaders';
import { fileCheckpointTally } from './checkpoint-tally.service';
import { listTallies } from './checkpoint-query.service';
import { isoDate, parse } from './checkpoint.input';
import { z } from 'zod';

const range = z.object({ from: isoDate.nullish(), to: isoDate.nullish() });

export const checkpointResolvers = {
  Query: {
    checkpointTallies: (_: unknown, a: { filter?: unknown; first?: number | null; after?: string | null }, ctx: Ctx) => listTallies(ctx, a.filter, a),
  },
  Mutation: {
    fileCheckpointTally: (_: unknown, a: { input: unknown }, ctx: Ctx) => fileCheckpointTally(ctx, a.input),
  },
  Checkpoint: {
    ...siteFieldResolvers,
    // The checkpoint itself was already scope-checked by whoever returned it.
    tallies: (s: Site, a: unknown, ctx: Ctx) => {
      const r = parse(range, a, '');
      return talliesByCheckpointRange(ctx).load(`${s.id}|${r.from ?? ''}|${r.to ?? ''}`);
    },
  },
  CheckpointTally: {
    checkpoint: (t: CheckpointTally, _: unknown, ctx: Ctx) => sitesById(ctx).load(t.checkpointId) as Promise<Site>,
    corrects: (t: CheckpointTally, _: unknown, ctx: Ctx) => (t.correctsId ? talliesById(ctx).load(t.correctsId) : null),
    supersededBy: (t: CheckpointTally, _: unknown, ctx: Ctx) => (t.supersededAt ? correctionsByTallyId(ctx).load(t.id) : null),
    effective: (t: CheckpointTally) => t.supersededAt === null,
    filedBy: (t: CheckpointTally, _: unknown, ctx: Ctx) => accountsById(ctx).load(t.filedById) as Promise<Account>,
  },
  OfficerOnDuty: {
    account: (o: OfficerOnDuty, _: unknown, ctx: Ctx) => (o.accountId ? accountsById(ctx).load(o.accountId) : null),
    name: async (o: OfficerOnDuty, _: unknown, ctx: Ctx) => o.name ?? ((await accountsById(ctx).load(o.accountId!)) as Account | null)?.displayName ?? '',
  },
  CheckpointTallyConnection: { totalCount: totalCountResolver, totals: (c: CheckpointTallyConnection) => c.totals() },
} satisfies Resolvers;
