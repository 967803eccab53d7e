import { randomUUID } from 'node:crypto';
import pino from 'pino';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { makeDataSource } from '../../src/db/data-source';
import { createServer, type HubServer } from '../../src/server';
import type { Config } from '../../src/config';
import { insertHubEvents, type HubEventKind } from '../../src/common/outbox';
import { waitFor, type TestHub } from './harness';

/** entityType of the marker events tests write into the outbox. */
export const MARKER = 'TestMarker';
export const isMarker = (e: { entityType?: string }) => e?.entityType === MARKER;

/**
 * Writes marker events into the outbox (the outbox's own INSERT, in a transaction of its own
 * through the hub's data source) and returns their entity ids. Write them after the steps of a
 * test: they stand after every event those steps committed, and after any transaction of the
 * database still open (a watcher scan), because the feed reads only below its horizon. A
 * subscription delivers in outbox order, so once it has received one of the markers, every
 * earlier event has been delivered to it or filtered out: "nothing more arrived" and "no
 * duplicate" can be checked then, without sleeping. Give each subscriber a marker it may see
 * (its kinds, a site it may see; `siteId: null` reaches the roles that are not site-bound).
 */
export async function writeMarkers(hub: TestHub, markers: { kind: HubEventKind; siteId: string | null }[]): Promise<Set<string>> {
  const events = markers.map((m) => ({ kind: m.kind, siteId: m.siteId, entityType: MARKER, entityId: `marker-${randomUUID()}`, message: 'test marker', data: {} }));
  await hub.ds.transaction((em) => insertHubEvents(em, events, hub.clock.now));
  return new Set(events.map((e) => e.entityId));
}

/**
 * Waits until each subscriber (its received events) has one of `markers`. Given a whole
 * `FeedSubscriber`, it looks at its markers and, on timeout, says what the socket got instead
 * (its errors, its close). Up to 45 s: with FEED_HORIZON=server (or its fallback) the feed
 * delivers nothing committed after a transaction that is still open anywhere on the PostgreSQL
 * server (README, "Live events"), and in a full run the other test files' databases share the
 * server: report-explain's seeding holds single statements open for over 10 s on a loaded
 * machine (reproduced: feed-access's resume waited past 10 s while it ran against another
 * database of the same server). The default per-database horizon is not held by them
 * (feed-horizon.test.ts); the bound stays as the margin of a loaded machine.
 */
export async function untilMarked(markers: Set<string>, subscribers: Record<string, { entityId: string }[] | { events: { entityId: string }[] } | FeedSubscriber>): Promise<void> {
  for (const [name, s] of Object.entries(subscribers)) {
    const sub = !Array.isArray(s) && 'marks' in s ? s : null;
    const events: { entityId: string }[] = Array.isArray(s) ? s : sub ? sub.marks : s.events;
    try {
      await waitFor(() => events.some((e) => markers.has(e.entityId)), `the marker to reach ${name}`, { timeoutMs: 45_000 });
    } catch (err) {
      if (!sub) throw err;
      throw new Error(`${(err as Error).message} (it has ${sub.marks.length} markers, ${sub.events.length} events; errors ${JSON.stringify(sub.errors)}; closed ${JSON.stringify(sub.closed)})`);
    }
  }
}

/** The events that are not markers. */
export const real = <T extends { entityType?: string }>(events: T[]): T[] => events.filter((e) => !isMarker(e));

/** Another hub process on the test hub's database, built as main.ts builds one (createServer), on the same clock. */
export async function startAnotherHub(hub: TestHub, config: Config = hub.config): Promise<{ server: HubServer; url: string; stop(): Promise<void> }> {
  const ds = makeDataSource({ url: hub.dbUrl, poolSize: 6 });
  await ds.initialize();
  const server = await createServer({ config, ds, log: pino({ level: 'silent' }), now: () => hub.clock.now });
  const port = await server.listen(0, '127.0.0.1');
  return {
    server,
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      await server.stop();
      await ds.destroy();
    },
  };
}

/** The outbox's newest position: the cursor a client holding the newest event would send. */
export async function outboxHead(hub: TestHub): Promise<string> {
  const [r] = await hub.ds.query(`SELECT tx_id::text AS tx, seq::text AS seq FROM hub_event ORDER BY tx_id DESC, seq DESC LIMIT 1`);
  return r ? `${r.tx}-${r.seq}` : '0-0';
}

const EVENTS = `subscription($k: [HubEventKind!], $a: String) { events(kinds: $k, after: $a) { id cursor kind occurredAt siteId entityType entityId message data } }`;

export interface FeedSubscriber {
  events: any[];
  marks: any[];
  errors: any[];
  /** The close the socket got (graphql-ws `closed`), once it has. */
  closed: null | { code: number; reason: string };
  client: Client;
}

/** A graphql-ws subscriber of `events` at `url` (test markers apart, in `marks`); disposed by `disposeAll`. */
export function subscribeFeed(url: string, token: string, vars: { kinds?: string[]; after?: string | null } = {}): FeedSubscriber {
  const s: FeedSubscriber = { events: [], marks: [], errors: [], closed: null, client: null as unknown as Client };
  s.client = createClient({
    url: url.replace('http', 'ws'),
    webSocketImpl: WebSocket,
    connectionParams: { Authorization: `Bearer ${token}` },
    retryAttempts: 0,
    lazy: false,
    onNonLazyError: () => undefined,
    on: { closed: (e) => void (s.closed = { code: (e as { code: number }).code, reason: (e as { reason: string }).reason }) },
  });
  opened.push(s.client);
  s.client.subscribe(
    { query: EVENTS, variables: { k: vars.kinds ?? null, a: vars.after ?? null } },
    {
      next: (m) => {
        const e = (m.data as any)?.events;
        if (m.errors || !e) s.errors.push(m.errors);
        else (isMarker(e) ? s.marks : s.events).push(e);
      },
      error: (e) => void s.errors.push(e),
      complete: () => undefined,
    },
  );
  return s;
}
const opened: Client[] = [];
export const disposeAll = () => Promise.all(opened.splice(0).map((c) => c.dispose()));
