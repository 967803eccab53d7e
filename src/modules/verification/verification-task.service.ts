import type { SelectQueryBuilder } from 'typeorm';
import type { Ctx } from '../../context';
import { authorize, requireActor } from '../../common/authorize';
import { AppError, badInput, conflict } from '../../common/errors';
import { decodeCursor, pageSize, toConnection, type PageArgs } from '../../common/pagination';
import { transition } from '../../common/state-machine';
import { inTransaction } from '../../common/transaction';
import { VerificationRecord, type VerificationStatus } from './verification.entity';
import { VERIFICATION_MACHINE } from './verification.state';
import { answerInput, parse, routeInput, taskFilter, taskRef, type TaskFilter } from './verification.input';
import { assertMayWorkOn, scopeTasks } from './verification-scope';
import { recordHubEvent } from '../../common/outbox';

/** The feed's line for each move. */
const MOVE_WORDS: Record<VerificationStatus, string> = { RECEIVED: '接收 / received', ROUTED: '已流转 / routed', VERIFYING: '核查中 / verifying', ANSWERED: '已反馈 / answered' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Overdue: a task past its deadline and not yet answered, by the hub's clock. */
export const isOverdue = (r: VerificationRecord, now: Date) => r.needsVerification && r.status !== 'ANSWERED' && !!r.deadline && r.deadline.getTime() < now.getTime();

/** Records of the unit / batch filter, within the actor's scope (an inspector: its unit's tasks only). */
function tasks(ctx: Ctx, f: Pick<TaskFilter, 'unitId' | 'batchId'>, onlyTasks = true): SelectQueryBuilder<VerificationRecord> {
  const qb = scopeTasks(ctx.em.createQueryBuilder(VerificationRecord, 'v'), requireActor(ctx));
  if (onlyTasks) qb.andWhere('v.needs_verification');
  if (f.unitId) qb.andWhere('v.routed_unit_id = :unitId', { unitId: f.unitId });
  if (f.batchId) qb.andWhere('v.batch_id = :batchId', { batchId: f.batchId });
  return qb;
}

function filtered(ctx: Ctx, f: TaskFilter) {
  const qb = tasks(ctx, f);
  if (f.status) qb.andWhere('v.status = :status', { status: f.status });
  if (f.overdue === true) qb.andWhere(`v.status <> 'ANSWERED' AND v.deadline < :now`, { now: ctx.now() });
  if (f.overdue === false) qb.andWhere(`(v.status = 'ANSWERED' OR v.deadline IS NULL OR v.deadline >= :now)`, { now: ctx.now() });
  return qb;
}

/** Counts over every record of the unit / batch filter (status and overdue filters do not apply). */
async function totals(ctx: Ctx, f: TaskFilter) {
  const raw = await tasks(ctx, f, false)
    .select('count(*)', 'received')
    .addSelect('count(*) FILTER (WHERE v.needs_verification)', 'needingVerification')
    .addSelect(`count(*) FILTER (WHERE v.status = 'ANSWERED')`, 'answered')
    .addSelect(`count(*) FILTER (WHERE v.needs_verification AND v.status <> 'ANSWERED' AND v.deadline < :now)`, 'overdue')
    .setParameter('now', ctx.now())
    .getRawOne<Record<string, string>>();
  return Object.fromEntries(Object.entries(raw ?? {}).map(([k, v]) => [k, Number(v)]));
}

/** One task the actor may see; null when there is none (or it is another unit's, for an inspector). */
export async function getTask(ctx: Ctx, id: string): Promise<VerificationRecord | null> {
  authorize(ctx, 'verification:read');
  if (!UUID.test(id)) return null;
  return tasks(ctx, {}).andWhere('v.id = :id', { id }).getOne();
}

/** Tasks (records needing field verification) the actor may see, newest first, with lazy count and totals. */
export async function listTasks(ctx: Ctx, rawFilter: unknown, args: PageArgs) {
  authorize(ctx, 'verification:read');
  const f = parse(taskFilter, rawFilter, 'filter') ?? {};
  const first = pageSize(args);
  const after = decodeCursor(args.after, 2);
  if (after && (typeof after[0] !== 'string' || Number.isNaN(Date.parse(after[0])) || typeof after[1] !== 'string' || !UUID.test(after[1]))) {
    throw new AppError('BAD_USER_INPUT', 'after is not a cursor this list gave out', { field: 'after' });
  }
  const page = filtered(ctx, f);
  if (after) page.andWhere('(v.created_at, v.id) < (:c, :id)', { c: after[0], id: after[1] });
  const rows = await page.orderBy('v.created_at', 'DESC').addOrderBy('v.id', 'DESC').limit(first + 1).getMany();
  let sums: Promise<Record<string, number>> | undefined;
  return {
    ...toConnection(rows, first, (r) => [r.createdAt.toISOString(), r.id], () => filtered(ctx, f).getCount(), !!after),
    totals: () => (sums ??= totals(ctx, f)),
  };
}

/**
 * Moves a task through the transition table: the task must be within the caller's scope (an
 * inspector: routed to its unit, see verification-scope.ts), the version must be the one the
 * caller saw (else CONFLICT), then the move must be allowed for the caller (else
 * INVALID_TRANSITION / FORBIDDEN); the write itself is `transition`'s conditional UPDATE on the version.
 */
async function move(ctx: Ctx, ref: { id: string; version: number }, to: VerificationStatus, changes: Partial<VerificationRecord>, action: string) {
  return inTransaction(ctx, async (tx) => {
    const before = await tx.em.findOneBy(VerificationRecord, { id: ref.id });
    assertMayWorkOn(requireActor(tx), before, ref.id, to);
    if (before.version !== ref.version) throw conflict(`this task was changed since version ${ref.version} (now ${before.version}); reload and try again`, { field: 'input.version', expectedVersion: ref.version });
    await transition(tx, VERIFICATION_MACHINE, before, { to, changes, action }, { version: ref.version });
    const after = await tx.em.findOneByOrFail(VerificationRecord, { id: ref.id });
    await recordHubEvent(tx, {
      kind: 'VERIFICATION_TASK_CHANGED',
      siteId: null,
      entityType: 'VerificationTask',
      entityId: after.id,
      message: `${after.externalRef} ${after.personName}: ${MOVE_WORDS[to]}`,
      data: { externalRef: after.externalRef, status: after.status, routedUnitId: after.routedUnitId, result: after.result },
    });
    return after;
  });
}

/** Routes (or re-routes) a task to a unit, optionally with a deadline (COMMAND). */
export async function routeTask(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'verification:route');
  const input = parse(routeInput, raw);
  const [unit] = await ctx.em.query(`SELECT id FROM agency WHERE id = $1`, [input.unitId]);
  if (!unit) throw badInput('input.unitId', 'no such unit (agency)');
  return move(ctx, input, 'ROUTED', { routedUnitId: input.unitId, ...(input.deadline ? { deadline: input.deadline } : {}) }, 'verification.route');
}

/** Field verification has started. */
export async function startTask(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'verification:verify');
  return move(ctx, parse(taskRef, raw), 'VERIFYING', {}, 'verification.start');
}

/** The feedback (反馈): the result of field verification, final. */
export async function answerTask(ctx: Ctx, raw: unknown) {
  authorize(ctx, 'verification:answer');
  const input = parse(answerInput, raw);
  return move(ctx, input, 'ANSWERED', { result: input.result, resultNotes: input.notes ?? null, answeredAt: ctx.now(), answeredById: ctx.actor!.id }, 'verification.answer');
}
