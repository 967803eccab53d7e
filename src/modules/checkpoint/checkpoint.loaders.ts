import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { byKey, groupByKey, loader } from '../../common/loaders';
import { CheckpointTally } from './checkpoint-tally.entity';

export const talliesById = loader((ctx) => new DataLoader<string, CheckpointTally | null>(async (ids) => byKey(ids, await ctx.em.find(CheckpointTally, { where: { id: In([...ids]) } }), (t) => t.id)));

/** The correction that superseded each tally, if any. */
export const correctionsByTallyId = loader(
  (ctx) => new DataLoader<string, CheckpointTally | null>(async (ids) => byKey(ids, await ctx.em.find(CheckpointTally, { where: { correctsId: In([...ids]) } }), (t) => t.correctsId!)),
);

/**
 * Effective tallies of each checkpoint within a date range, newest first. Keys are
 * `checkpointId|from|to`; one statement per distinct range, whatever the number of checkpoints.
 */
export const talliesByCheckpointRange = loader(
  (ctx) =>
    new DataLoader<string, CheckpointTally[]>(async (keys) => {
      const parsed = keys.map((k) => {
        const [id, from, to] = k.split('|');
        return { id, range: `${from}|${to}`, from, to };
      });
      const byRange = new Map<string, CheckpointTally[][]>();
      for (const range of new Set(parsed.map((p) => p.range))) {
        const group = parsed.filter((p) => p.range === range);
        const { from, to } = group[0];
        const qb = ctx.em.createQueryBuilder(CheckpointTally, 't').where('t.checkpoint_id IN (:...ids)', { ids: group.map((p) => p.id) }).andWhere('t.superseded_at IS NULL');
        if (from) qb.andWhere('t.shift_date >= :from', { from });
        if (to) qb.andWhere('t.shift_date <= :to', { to });
        const rows = await qb.orderBy('t.shift_date', 'DESC').addOrderBy('t.shift', 'DESC').getMany();
        byRange.set(range, groupByKey(group.map((p) => p.id), rows, (t) => t.checkpointId));
      }
      return parsed.map((p) => {
        const group = parsed.filter((q) => q.range === p.range);
        return byRange.get(p.range)![group.findIndex((q) => q.id === p.id)];
      });
    }),
);
