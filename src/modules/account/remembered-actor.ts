import type { Actor, Ctx } from '../../context';
import { actorUnchanged } from './auth.service';

/**
 * A mutation that confirms a remembered actor (`Ctx.refreshActor`, src/server.ts) inside its own
 * first statement instead of a lookup before it runs: fileInspection, whose checks' read carries
 * the check (`actorCheckSql`). The executor (src/read-compiler/executor.ts) leaves the actor
 * unconfirmed for an operation made only of such fields; the field runs inside `confirmingActor`,
 * which keeps access exactly as current as a lookup first would:
 *  - the read finds the account changed (`ActorChanged`), or anything fails before the actor is
 *    confirmed (a validation error, a refusal by the remembered role): the account is looked up
 *    afresh; refused, the operation's answer is that refusal (`actorRefusal`, as the executor
 *    answers a refused lookup: 401, no data); changed, the field runs again for who it is now
 *    (nothing was written: the write comes after the read); unchanged, the error stands.
 */
export const SELF_CONFIRMING_MUTATIONS = new Set(['fileInspection']);

/** The remembered actor is no longer what the account is (the check in the read said so). */
export class ActorChanged extends Error {
  constructor() {
    super('the account changed since this token was last seen');
  }
}

export async function confirmingActor<T>(ctx: Ctx, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (!ctx.refreshActor) throw err;
    const was = ctx.actor;
    await confirmActorNow(ctx);
    if (!(err instanceof ActorChanged) && sameActor(was, ctx.actor)) throw err;
    return run();
  }
}

/** Looks a remembered actor up afresh now (nothing when there is none to confirm). */
export async function confirmActorNow(ctx: Ctx): Promise<void> {
  const refresh = ctx.refreshActor;
  if (!refresh) return;
  ctx.refreshActor = undefined;
  try {
    ctx.actor = await refresh();
  } catch (refusal) {
    ctx.actorRefusal = refusal;
    throw refusal;
  }
}

/**
 * For a statement that confirms the remembered actor: a boolean column (`EXISTS …`, parameters
 * appended to `params`) true while the account is still exactly the remembered actor; null when
 * there is nothing to confirm. The caller passes the column's value to `actorChecked`.
 */
export function actorCheckSql(ctx: Ctx, params: unknown[]): string | null {
  if (!ctx.refreshActor || !ctx.actor) return null;
  const check = actorUnchanged(ctx.actor, params.length + 1);
  params.push(...check.params);
  return check.sql;
}

/** The check's answer: confirmed (nothing more to look up), or `ActorChanged`. */
export function actorChecked(ctx: Ctx, unchanged: boolean | null | undefined): void {
  if (!ctx.refreshActor) return;
  if (!unchanged) throw new ActorChanged();
  ctx.refreshActor = undefined;
}

function sameActor(a: Actor | null, b: Actor | null): boolean {
  if (!a || !b) return a === b;
  const same = (x: string[], y: string[]) => x.length === y.length && x.every((v, i) => v === y[i]);
  return a.id === b.id && a.username === b.username && a.role === b.role && a.agencyId === b.agencyId && same(a.teamIds, b.teamIds) && same(a.siteIds, b.siteIds);
}
