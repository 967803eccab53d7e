import type { Ctx } from '../../context';
import { requireActor, canSeeSite } from '../../common/authorize';
import type { HubEvent, HubEventKind } from './event-bus';

/** An async iterator over the bus, filtered, with its subscription removed when the client leaves. */
function subscribeFiltered(ctx: Ctx, accept: (e: HubEvent) => boolean): AsyncIterableIterator<{ events: HubEvent }> {
  const queue: HubEvent[] = [];
  let wake: (() => void) | null = null;
  let done = false;
  const unsubscribe = ctx.services.bus.subscribe((e) => {
    if (done || !accept(e)) return;
    queue.push(e);
    wake?.();
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
        // Scope is security: an event about a site the actor may not see never reaches it.
        return subscribeFiltered(ctx, (e) => (!kinds || kinds.has(e.kind)) && (e.siteId === null ? actor.role !== 'FACILITY_MANAGER' : canSeeSite(actor, e.siteId)));
      },
    },
  },
};
