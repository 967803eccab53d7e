import type { Actor, Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { can, canSeeSite, inspectedSiteSql, isSiteBound, requireActor, type Permission } from '../../common/authorize';
import type { HubEvent, HubEventKind } from './event-bus';

/** The permission an event's record needs: a subscriber sees an event only if it may read the record. */
const PERMISSION_OF_KIND: Record<HubEventKind, Permission> = {
  CRITICAL_FINDING_RAISED: 'finding:read',
  FINDING_OVERDUE: 'finding:read',
  DISPUTE_LODGED: 'dispute:read',
  DISPUTE_RESOLVED: 'dispute:read',
  SITE_OUT_OF_COMPLIANCE: 'disinfection:read',
  CHECKPOINT_TALLY_FILED: 'checkpoint:read',
};

/** Inspectors read disinfection records only of sites they inspect: one EXISTS per site, remembered a minute. */
function inspectedSites(ctx: Ctx, actor: Actor) {
  const known = new Map<string, { ok: boolean; at: number }>();
  return async (siteId: string): Promise<boolean> => {
    const hit = known.get(siteId);
    if (hit && Date.now() - hit.at < 60_000) return hit.ok;
    const [row] = await ctx.ds.query(`SELECT ${inspectedSiteSql('$1::uuid', '$2', '$3')} AS ok`, [siteId, actor.id, actor.teamIds]);
    known.set(siteId, { ok: !!row?.ok, at: Date.now() });
    return !!row?.ok;
  };
}

/**
 * Scope is security: an event reaches a subscriber only when it may read the record the event is
 * about (its role's permission), about a site it may see (facility managers and staff: their own;
 * events without a site: not theirs), and, for disinfection, a site it inspects (inspectors).
 */
function mayReceive(ctx: Ctx, actor: Actor) {
  const inspects = inspectedSites(ctx, actor);
  return async (e: HubEvent): Promise<boolean> => {
    if (!can(actor, PERMISSION_OF_KIND[e.kind])) return false;
    if (e.siteId === null) return !isSiteBound(actor);
    if (!canSeeSite(actor, e.siteId)) return false;
    if (e.kind === 'SITE_OUT_OF_COMPLIANCE' && actor.role === 'INSPECTOR') return inspects(e.siteId);
    return true;
  };
}

/** An async iterator over the bus, filtered, with its subscription removed when the client leaves. */
function subscribeFiltered(ctx: Ctx, accept: (e: HubEvent) => boolean | Promise<boolean>): AsyncIterableIterator<{ events: HubEvent }> {
  const queue: HubEvent[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  // Events are checked in arrival order, one after another, so the feed keeps the bus's order.
  let checked: Promise<void> = Promise.resolve();
  const unsubscribe = ctx.services.bus.subscribe((e) => {
    checked = checked.then(async () => {
      if (done || !(await Promise.resolve(accept(e)).catch(() => false))) return;
      queue.push(e);
      wake?.();
    });
  });
  const finish = () => {
    done = true;
    unsubscribe();
    wake?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      while (!done && queue.length === 0) await new Promise<void>((r) => (wake = r));
      wake = null;
      if (queue.length) return { value: { events: queue.shift()! }, done: false };
      return { value: undefined, done: true };
    },
    async return() {
      finish();
      return { value: undefined, done: true };
    },
    async throw(err?: unknown) {
      finish();
      throw err;
    },
  };
}

export const feedResolvers = {
  Subscription: {
    events: {
      subscribe: (_: unknown, args: { kinds?: HubEventKind[] | null }, ctx: Ctx) => {
        const actor = requireActor(ctx);
        const kinds = args.kinds?.length ? new Set(args.kinds) : null;
        const allowed = mayReceive(ctx, actor);
        return subscribeFiltered(ctx, (e) => (!kinds || kinds.has(e.kind)) && allowed(e));
      },
    },
  },
} satisfies Resolvers;
