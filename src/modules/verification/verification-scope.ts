import type { SelectQueryBuilder } from 'typeorm';
import type { Actor } from '../../context';
import { AppError, notFound } from '../../common/errors';
import { canSeeTask, taskUnitScope } from '../../common/access';
import type { VerificationRecord, VerificationStatus } from './verification.entity';

/*
 * Which verification tasks an actor works on. A task (区域协查) is routed by the command centre
 * to a unit, an agency (routed_unit_id). An INSPECTOR sees, starts and answers only the tasks
 * routed to its own agency: to it, a task of another unit does not exist (absent from lists,
 * null on a single read, NOT_FOUND on a mutation), so it cannot learn of it. ADMIN, COMMAND and
 * REVIEWER see every task; what each may do with one is the permission's business (authorize).
 * The permission is checked first, with `authorize`; the row-level rule is access.ts's
 * (taskUnitScope, canSeeTask); this file applies it to TypeORM queries and to moves.
 */

/** Narrows a query on verification_record (as `alias`) to the tasks the actor may see, in SQL. */
export function scopeTasks<T extends SelectQueryBuilder<VerificationRecord>>(qb: T, actor: Actor, alias = 'v'): T {
  const units = taskUnitScope(actor);
  if (units) qb.andWhere(`${alias}.routed_unit_id = ANY(:taskUnits)`, { taskUnits: units });
  return qb;
}

/**
 * Before a task is moved: a record that is not a task, or a task of another unit (for an
 * inspector), is NOT_FOUND. A task not routed yet belongs to no unit: an inspector cannot take
 * it up (INVALID_TRANSITION, as the transition table answers anyone starting an unrouted task);
 * the command centre routes it first.
 */
export function assertMayWorkOn(actor: Actor, task: VerificationRecord | null, id: string, to: VerificationStatus): asserts task is VerificationRecord {
  if (!task || !task.needsVerification) throw notFound('verification task', id);
  if (taskUnitScope(actor) === null) return;
  if (!task.routedUnitId) {
    throw new AppError('INVALID_TRANSITION', 'this task is not routed to a unit yet; the command centre routes it first', { from: task.status, to });
  }
  if (!canSeeTask(actor, task)) throw notFound('verification task', id);
}
