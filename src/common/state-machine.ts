import type { Ctx } from '../context';
import type { Permission } from './authorize';
import { authorize } from './authorize';
import { AppError } from './errors';

/**
 * A transition table: for each state, the states it may move to and the permission the move
 * needs. `transition()` is the only code that assigns a status.
 */
export type TransitionTable<S extends string> = Record<S, Partial<Record<S, Permission>>>;

export function canMove<S extends string>(table: TransitionTable<S>, from: S, to: S): boolean {
  return table[from]?.[to] !== undefined;
}

/** Checks the move and the actor's right to make it; returns the permission that allowed it. */
export function checkTransition<S extends string>(ctx: Ctx, table: TransitionTable<S>, what: string, from: S, to: S, scope: Parameters<typeof authorize>[2] = {}): Permission {
  const perm = table[from]?.[to];
  if (!perm) {
    throw new AppError('INVALID_TRANSITION', `a ${what} that is ${from} cannot become ${to}`, { from, to });
  }
  authorize(ctx, perm, scope);
  return perm;
}
