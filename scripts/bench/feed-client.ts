/**
 * One client process of the live-feed benchmark (scripts/bench/feed-subscribers.ts forks a few so
 * the subscriber side is not the bottleneck). Opens one graphql-ws connection and one `events`
 * subscription per subscriber it is given, records when each event arrives, and at the end
 * compares that with what the main process committed: latency from commit, missing, duplicated,
 * and out-of-scope deliveries, per subscriber.
 */
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';

export interface Sub {
  i: number;
  url: string;
  token: string;
  kinds: string[] | null;
  /** What it should receive of the committed events: every one, those of these sites, or none. */
  scope: 'all' | 'none' | string[];
}
export interface Committed {
  entityId: string;
  siteId: string;
  /** Date.now() when the mutation was sent, and when its response (so the commit) came back. */
  sentAt: number;
  ackAt: number;
}
export interface SubResult {
  i: number;
  received: number;
  expected: number;
  missing: number;
  duplicates: number;
  outOfScope: number;
  /** ms from the mutation's response (commit acknowledged) to receipt; may be slightly negative. */
  latencies: number[];
}
type In = { type: 'open'; subs: Sub[]; concurrency: number } | { type: 'missing'; committed: Committed[] } | { type: 'collect'; committed: Committed[] } | { type: 'close' };

const QUERY = `subscription($kinds: [HubEventKind!]) { events(kinds: $kinds) { cursor kind siteId entityId } }`;
const subs: Sub[] = [];
const clients: Client[] = [];
const got = new Map<number, Map<string, number[]>>();
let errors = 0;
let openFailures = 0;
let closedEarly = 0;
const closeCodes: Record<string, number> = {};
const errorSamples: string[] = [];

function open(s: Sub): Promise<void> {
  return new Promise((resolve) => {
    let settled = false;
    const done = () => {
      if (!settled) {
        settled = true;
        resolve();
      }
    };
    const mine = new Map<string, number[]>();
    got.set(s.i, mine);
    const client = createClient({
      url: s.url,
      webSocketImpl: WebSocket,
      connectionParams: { Authorization: `Bearer ${s.token}` },
      lazy: false,
      retryAttempts: 0,
      keepAlive: 0,
      onNonLazyError: () => undefined, // counted in `closed` below
      on: {
        connected: () => done(),
        closed: (ev: any) => {
          if (!settled) {
            openFailures++;
            if (errorSamples.length < 5) errorSamples.push(`closed before connected: ${ev?.code} ${ev?.reason}`);
          } else if (!stopping) {
            closedEarly++;
            closeCodes[ev?.code] = (closeCodes[ev?.code] ?? 0) + 1;
          }
          done();
        },
        error: (err: any) => {
          if (errorSamples.length < 5) errorSamples.push(String(err?.message ?? err));
        },
      },
    });
    clients.push(client);
    client.subscribe<{ events: { entityId: string } }>(
      { query: QUERY, variables: { kinds: s.kinds } },
      {
        next: (m) => {
          const t = Date.now();
          const id = m.data?.events.entityId;
          if (!id) return;
          const l = mine.get(id);
          if (l) l.push(t);
          else mine.set(id, [t]);
        },
        error: (err: any) => {
          errors++;
          if (errorSamples.length < 5) errorSamples.push(err?.code ? `closed ${err.code} ${err.reason}` : JSON.stringify(err).slice(0, 300));
        },
        complete: () => undefined,
      },
    );
  });
}
let stopping = false;

async function openAll(list: Sub[], concurrency: number) {
  subs.push(...list);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < list.length) await open(list[next++]);
    }),
  );
}

function collect(committed: Committed[]): SubResult[] {
  return subs.map((s) => {
    const mine = got.get(s.i)!;
    const should = committed.filter((c) => (s.scope === 'all' ? true : s.scope === 'none' ? false : s.scope.includes(c.siteId)));
    const shouldIds = new Set(should.map((c) => c.entityId));
    const byId = new Map(committed.map((c) => [c.entityId, c]));
    let duplicates = 0;
    let outOfScope = 0;
    let received = 0;
    const latencies: number[] = [];
    for (const [id, times] of mine) {
      if (!byId.has(id)) continue; // not an event of this run (none expected: the database is the bench's own)
      received += times.length;
      duplicates += times.length - 1;
      if (!shouldIds.has(id)) outOfScope++;
      latencies.push(times[0] - byId.get(id)!.ackAt);
    }
    const missing = should.filter((c) => !mine.has(c.entityId)).length;
    return { i: s.i, received, expected: should.length, missing, duplicates, outOfScope, latencies };
  });
}

process.on('message', async (m: In) => {
  if (m.type === 'open') {
    const t0 = Date.now();
    await openAll(m.subs, m.concurrency);
    process.send!({ type: 'opened', ms: Date.now() - t0, errors: openFailures, errorSamples });
  } else if (m.type === 'missing') {
    process.send!({ type: 'missing', missing: collect(m.committed).reduce((a, r) => a + r.missing, 0) });
  } else if (m.type === 'collect') {
    process.send!({ type: 'results', results: collect(m.committed), errors, closedEarly, closeCodes, errorSamples });
  } else if (m.type === 'close') {
    stopping = true;
    await Promise.all(clients.map((c) => c.dispose()));
    process.send!({ type: 'closed' }, () => process.exit(0));
  }
});
process.on('disconnect', () => process.exit(0));
