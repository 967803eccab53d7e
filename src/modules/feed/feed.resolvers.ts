import type { Actor, Ctx } from '../../context';
import type { Resolvers } from '../../generated/graphql';
import { AppError } from '../../common/errors';
import { requireActor } from '../../common/authorize';
import { feedEventAccess, inspectsSite, siteScope } from '../../common/access';
import { comparePositions, parseCursor, type FeedPosition, type HubEvent, type HubEventKind } from './feed-outbox';
import type { FeedConnection, FeedHub } from './feed-hub';

/** The WebSocket connection a subscription's context belongs to (set by server.ts). */
const connectionOf = new WeakMap<object, FeedConnection>();
export const attachFeedConnection = (ctx: Ctx, conn: FeedConnection) => void connectionOf.set(ctx, conn);

/** Inspectors read disinfection records only of sites they inspect: one EXISTS per site, as fresh as the access state. */
async function inspects(ctx: Ctx, hub: FeedHub, actor: Actor, siteId: string): Promise<boolean> {
  const key = `${actor.id}:${actor.teamIds.join(',')}:${siteId}`;
  const hit = hub.inspected.get(key);
  if (hit !== undefined) return hit;
  const ok = await inspectsSite({ em: ctx.ds.manager }, actor, siteId);
  hub.inspected.set(key, ok);
  return ok;
}

/**
 * Scope is security: an event reaches a subscriber only when it may read the record the event is
 * about (access.ts, feedEventAccess: its role's permission, a site it may see, and for
 * disinfection a site it inspects). `actor` is the connection's current state (refreshed every
 * FEED_ACCESS_REFRESH_MS), not the one it signed in with.
 */
async function mayReceive(ctx: Ctx, hub: FeedHub, actor: Actor, e: HubEvent): Promise<boolean> {
  const access = feedEventAccess(actor, e);
  if (access === 'if-inspects') return inspects(ctx, hub, actor, e.siteId!);
  return access === 'yes';
}

const REPLAY_PAGE = 500;

/**
 * The events after `after` (from the outbox) up to where this process's live stream stood when
 * the subscription started, then the live stream: in order, each at most once, each checked
 * against the connection's access state as it is when the event is sent.
 */
function openFeed(ctx: Ctx, hub: FeedHub, conn: FeedConnection, kinds: HubEventKind[] | null, after: FeedPosition | null): AsyncIterableIterator<{ events: HubEvent }> {
  const queue: HubEvent[] = [];
  let wake: (() => void) | null = null;
  let drained: (() => void) | null = null;
  let done = false;
  let last: FeedPosition | null = after;
  const kindSet = kinds ? new Set<string>(kinds) : null;

  const consider = async (e: HubEvent) => {
    if (done || (kindSet && !kindSet.has(e.kind))) return;
    if (last && comparePositions(e.position, last) <= 0) return;
    if (!hub.checkConnection(conn)) return;
    if (!(await mayReceive(ctx, hub, conn.actor, e).catch(() => false))) return;
    if (done || !hub.checkConnection(conn)) return;
    last = e.position;
    queue.push(e);
    wake?.();
  };

  // Events are checked one after another, so the feed keeps the outbox's order; the replay runs first.
  let chain: Promise<void> = Promise.resolve();
  const { position: liveFrom, unlisten } = hub.listen((e) => {
    chain = chain.then(() => consider(e));
  });
  if (after && comparePositions(after, liveFrom) < 0) {
    chain = chain.then(async () => {
      let from = after;
      for (;;) {
        while (!done && queue.length >= REPLAY_PAGE) await new Promise<void>((r) => (drained = r));
        if (done) return;
        const a = conn.actor;
        const page = await hub.readRange(from, liveFrom, kinds, siteScope(a), REPLAY_PAGE);
        for (const e of page) await consider(e);
        if (page.length < REPLAY_PAGE) return;
        from = page[page.length - 1].position;
      }
    }).catch((err) => {
      ctx.log.error({ err }, 'feed replay failed');
      conn.close(1011, 'the feed could not be read; reconnect with your last cursor');
    });
  }

  const finish = () => {
    done = true;
    unlisten();
    wake?.();
    drained?.();
  };
  return {
    [Symbol.asyncIterator]() {
      return this;
    },
    async next() {
      while (!done && queue.length === 0) await new Promise<void>((r) => (wake = r));
      wake = null;
      if (queue.length) {
        const value = { events: queue.shift()! };
        if (queue.length < REPLAY_PAGE) drained?.();
        return { value, done: false };
      }
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
  HubEvent: {
    id: (e: HubEvent) => e.cursor,
  },
  Subscription: {
    events: {
      subscribe: async (_: unknown, args: { kinds?: HubEventKind[] | null; after?: string | null }, ctx: Ctx) => {
        requireActor(ctx);
        const conn = connectionOf.get(ctx);
        if (!conn) throw new AppError('BAD_USER_INPUT', 'events is served over WebSocket (graphql-ws) only');
        const hub = ctx.services.feed;
        const kinds = args.kinds?.length ? [...new Set(args.kinds)] : null;
        let after: FeedPosition | null = null;
        if (args.after != null) {
          after = parseCursor(args.after);
          const pruned = await hub.prunedThrough();
          if (pruned && comparePositions(after, pruned) < 0) {
            throw new AppError('BAD_USER_INPUT', `events after this cursor were deleted (kept ${ctx.config.feedRetentionDays} days); resubscribe without "after" and reload what you show`, { field: 'after' });
          }
        }
        return openFeed(ctx, hub, conn, kinds, after);
      },
    },
  },
} satisfies Resolvers;
