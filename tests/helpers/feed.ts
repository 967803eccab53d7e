import { randomUUID } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { makeEvent, type HubEventKind } from '../../src/modules/feed/event-bus';
import { waitFor, type TestHub } from './harness';

/*
 * Live-feed tests without sleeps. A subscription has started when the hub's event bus has one
 * more listener (counted here by wrapping the bus's public `subscribe`); "nothing more arrived" is
 * checked behind a marker: a subscription delivers the bus's events in the bus's order, so once a
 * marker published after the steps has reached it, every event before the marker has been
 * delivered or filtered out.
 */

const counted = new WeakMap<TestHub, { active: number }>();

/** How many subscriptions the hub's event bus has now. */
export function busListeners(hub: TestHub): number {
  let c = counted.get(hub);
  if (!c) {
    const tally = { active: 0 };
    const bus = hub.server.services.bus;
    const subscribe = bus.subscribe.bind(bus);
    bus.subscribe = (listener) => {
      tally.active++;
      const off = subscribe(listener);
      return () => {
        tally.active--;
        off();
      };
    };
    counted.set(hub, tally);
    c = tally;
  }
  return c.active;
}

export interface Collected {
  events: any[];
  errors: unknown[];
  /** Resolves once the hub has registered the subscription (fails after 10 s). */
  started: Promise<void>;
  /** Waits until n events have arrived (or an error, or `timeoutMs`); returns the events. */
  next(n: number, timeoutMs?: number): Promise<any[]>;
  /** The events but the markers. */
  real(): any[];
}

export function connect(hub: TestHub, clients: Client[], token?: string): Client {
  const c = createClient({
    url: hub.graphqlUrl.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: token ? { Authorization: `Bearer ${token}` } : {},
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
  });
  clients.push(c);
  return c;
}

/**
 * Subscribes to the feed (`kinds` or all) and collects what arrives. `started` resolves once the
 * hub has registered it (one more listener on the bus than before the call): await it before
 * the next subscription, or use `subscribe()`, which does.
 */
export function collect(hub: TestHub, client: Client, kinds?: string[], fields = 'id kind siteId entityType entityId message data'): Collected {
  const target = busListeners(hub) + 1;
  const events: any[] = [];
  const errors: unknown[] = [];
  let waiters: (() => void)[] = [];
  const wake = () => {
    const ws = waiters;
    waiters = [];
    ws.forEach((f) => f());
  };
  client.subscribe(
    { query: `subscription($k: [HubEventKind!]) { events(kinds: $k) { ${fields} } }`, variables: { k: kinds ?? null } },
    {
      next: (m) => {
        events.push((m.data as any).events);
        wake();
      },
      error: (e) => {
        errors.push(e);
        wake();
      },
      complete: () => undefined,
    },
  );
  // Polled only when asked for: a subscription the hub refuses is never awaited, and must leave
  // no timer behind.
  let started: Promise<void> | undefined;
  return {
    events,
    errors,
    get started() {
      return (started ??= waitFor(() => busListeners(hub) >= target, `the subscription to start (${target} on the bus)`));
    },
    async next(n: number, timeoutMs = 5000) {
      // The caller asserts on what arrived; running out of time is not an error here.
      await waitFor(() => events.length >= n || errors.length > 0, `${n} events`, { timeoutMs, everyMs: 10 }).catch(() => undefined);
      return events;
    },
    real: () => events.filter((e) => !isMarker(e)),
  };
}

/** Subscribes and waits until the hub has registered the subscription. */
export async function subscribe(hub: TestHub, client: Client, kinds?: string[], fields?: string): Promise<Collected> {
  const c = collect(hub, client, kinds, fields);
  await c.started;
  return c;
}

const MARKER = 'TestMarker';
const isMarker = (e: { entityType?: string; entityId?: string }) => e.entityType === MARKER || (e.entityId ?? '').startsWith('marker-');

/**
 * Publishes a marker on the hub's bus for each subscription (of a kind and about a site it
 * receives: `siteId` null for the command centre and inspectors) and waits until each has it.
 */
export async function settle(hub: TestHub, ...subs: { sub: Collected; kind: HubEventKind; siteId: string | null }[]): Promise<void> {
  const ids = subs.map(() => `marker-${randomUUID()}`);
  for (const [i, s] of subs.entries()) {
    await hub.server.services.bus.publish(makeEvent({ kind: s.kind, occurredAt: hub.clock.now, siteId: s.siteId, entityType: MARKER, entityId: ids[i], message: 'marker', data: {} }));
  }
  await Promise.all(subs.map((s, i) => waitFor(() => s.sub.events.some((e) => e.entityId === ids[i]), `marker ${i} to arrive`)));
}
