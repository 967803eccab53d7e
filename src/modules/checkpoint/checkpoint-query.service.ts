import type { SelectQueryBuilder } from 'typeorm';
import type { Ctx } from '../../context';
import { authorize } from '../../common/authorize';
import { siteScope } from '../../common/access';
import { AppError } from '../../common/errors';
import { decodeCursor, pageSize, toConnection, type PageArgs } from '../../common/pagination';
import { CheckpointTally } from './checkpoint-tally.entity';
import { parse, tallyFilter, type TallyFilter } from './checkpoint.input';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The filter and the caller's scope as SQL; effective tallies only unless asked otherwise. */
function filtered(ctx: Ctx, f: TallyFilter): SelectQueryBuilder<CheckpointTally> {
  const scope = siteScope(ctx.actor!);
  const qb = ctx.em.createQueryBuilder(CheckpointTally, 't');
  if (scope !== null) {
    if (scope.length === 0) qb.andWhere('1 = 0');
    else qb.andWhere('t.checkpoint_id IN (:...scope)', { scope });
  }
  if (!f.includeSuperseded) qb.andWhere('t.superseded_at IS NULL');
  if (f.checkpointIds?.length) qb.andWhere('t.checkpoint_id IN (:...ids)', { ids: f.checkpointIds });
  if (f.from) qb.andWhere('t.shift_date >= :from', { from: f.from });
  if (f.to) qb.andWhere('t.shift_date <= :to', { to: f.to });
  if (f.withWarningsOnly) qb.andWhere(`t.warnings <> '[]'::jsonb`);
  return qb;
}

export interface TallyTotals {
  tallies: number;
  withWarnings: number;
  vehiclesChecked: number;
  personsScreened: number;
  vehiclesTurnedBack: number;
  personsTurnedBack: number;
  certificatesVerified: number;
  samplesTaken: number;
}

/** Sums over the effective tallies that match, in one SQL aggregate (never over superseded rows). */
async function totals(ctx: Ctx, f: TallyFilter): Promise<TallyTotals> {
  const raw = await filtered(ctx, { ...f, includeSuperseded: false })
    .select('count(*)', 'tallies')
    .addSelect(`count(*) FILTER (WHERE t.warnings <> '[]'::jsonb)`, 'withWarnings')
    .addSelect('coalesce(sum(t.vehicles_checked), 0)', 'vehiclesChecked')
    .addSelect('coalesce(sum(t.persons_screened), 0)', 'personsScreened')
    .addSelect('coalesce(sum(t.vehicles_turned_back), 0)', 'vehiclesTurnedBack')
    .addSelect('coalesce(sum(t.persons_turned_back), 0)', 'personsTurnedBack')
    .addSelect('coalesce(sum(t.certificates_verified), 0)', 'certificatesVerified')
    .addSelect('coalesce(sum(t.samples_taken), 0)', 'samplesTaken')
    .getRawOne<Record<keyof TallyTotals, string>>();
  return Object.fromEntries(Object.entries(raw ?? {}).map(([k, v]) => [k, Number(v)])) as unknown as TallyTotals;
}

/** Tallies the caller may see, newest shift first, with lazy count and totals. */
export async function listTallies(ctx: Ctx, rawFilter: unknown, args: PageArgs) {
  authorize(ctx, 'checkpoint:read');
  const f = parse(tallyFilter, rawFilter, 'filter') ?? {};
  if (f.checkpointIds?.length) authorize(ctx, 'checkpoint:read', { siteIds: f.checkpointIds });
  const first = pageSize(args);
  const after = decodeCursor(args.after, 3);
  if (after && (typeof after[0] !== 'string' || typeof after[1] !== 'string' || typeof after[2] !== 'string' || !UUID.test(after[2]))) {
    throw new AppError('BAD_USER_INPUT', 'after is not a cursor this list gave out', { field: 'after' });
  }
  const page = filtered(ctx, f);
  if (after) page.andWhere('(t.shift_date, t.shift, t.id) < (:d, :s, :id)', { d: after[0], s: after[1], id: after[2] });
  const rows = await page.orderBy('t.shift_date', 'DESC').addOrderBy('t.shift', 'DESC').addOrderBy('t.id', 'DESC').limit(first + 1).getMany();
  let sums: Promise<TallyTotals> | undefined;
  return {
    ...toConnection(rows, first, (t) => [t.shiftDate, t.shift, t.id], () => filtered(ctx, f).getCount(), !!after),
    totals: () => (sums ??= totals(ctx, f)),
  };
}
