import { Client as PgClient } from 'pg';
import { startTestHub, waitFor, type TestHub } from '../helpers/harness';
import { disposeAll, outboxHead, startAnotherHub, subscribeFeed, untilMarked, writeMarkers, type FeedSubscriber } from '../helpers/feed';
import { makeAccount } from '../fixtures/factory';
import type { HubEvent } from '../../src/modules/feed/feed-outbox';

/**
 * The feed's horizon (README "Live events", src/modules/feed/feed-outbox.ts): a transaction open
 * in another database of the same PostgreSQL server does not hold this database's feed, one open
 * in this database still does (nothing is passed over, order kept), and FEED_HORIZON=server keeps
 * the server-wide xmin. Asserted by markers and by the hub's position after a poll, not by time.
 */
let hub: TestHub;
let token: string;

beforeAll(async () => {
  hub = await startTestHub({ env: { FEED_SCAN_INTERVAL_MS: '3600000', FEED_POLL_INTERVAL_MS: '500' } });
  token = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
});
afterAll(async () => {
  await disposeAll();
  await hub.stop();
});

const feed = () => hub.server.services.feed;

/** A transaction in another database of the same server (its maintenance database), holding an id, open until `end()`. */
async function openElsewhere(): Promise<{ xid: bigint; pid: number; stillOpen(): Promise<boolean>; end(): Promise<void> }> {
  const c = new PgClient({ connectionString: process.env.EPI_TEST_SERVER_URL, application_name: 'feed-horizon-test' });
  await c.connect();
  const [{ db }] = (await c.query('SELECT current_database() AS db')).rows;
  const [{ ours }] = await hub.ds.query('SELECT current_database() AS ours');
  expect(db).not.toBe(ours);
  await c.query('BEGIN');
  const [{ xid, pid }] = (await c.query('SELECT pg_current_xact_id()::text AS xid, pg_backend_pid() AS pid')).rows;
  let ended = false;
  return {
    xid: BigInt(xid),
    pid,
    // Seen from the hub's database: that backend still runs the same transaction.
    async stillOpen() {
      const [row] = await hub.ds.query(`SELECT backend_xid::text AS x FROM pg_stat_activity WHERE pid = $1`, [pid]);
      return row?.x === (BigInt(xid) % 4294967296n).toString();
    },
    async end() {
      if (ended) return;
      ended = true;
      await c.query('ROLLBACK');
      await c.end();
    },
  };
}

/** The server-wide xmin now, and the outbox position (tx) of the given entity ids. */
async function serverXmin(): Promise<bigint> {
  const [{ x }] = await hub.ds.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS x`);
  return BigInt(x);
}
async function txOf(ids: Set<string> | string[]): Promise<bigint> {
  const [{ tx }] = await hub.ds.query(`SELECT max(tx_id)::text AS tx FROM hub_event WHERE entity_id = ANY($1)`, [[...ids]]);
  return BigInt(tx);
}

/** A subscription without `after` starts where the stream stands when it is set up: markers until one reaches it. */
async function untilLive(s: FeedSubscriber): Promise<void> {
  await waitFor(
    async () => {
      if (s.marks.length) return true;
      await writeMarkers(hub, [{ kind: 'CHECKPOINT_TALLY_FILED', siteId: null }]);
      return false;
    },
    'the live subscription to start',
    { timeoutMs: 45_000, everyMs: 100 },
  );
}

const insertTally = (c: { query(sql: string, params: unknown[]): Promise<unknown> }, label: string) =>
  c.query(`INSERT INTO hub_event (kind, occurred_at, site_id, entity_type, entity_id, message, data) VALUES ('CHECKPOINT_TALLY_FILED', now(), NULL, 'CheckpointTally', $1, $1, '{}')`, [label]);

describe('the feed horizon', () => {
  it('is this database: a transaction open in another database of the server does not hold the feed, live or resumed', async () => {
    expect(feed().horizon).toBe('database');
    const from = await outboxHead(hub);
    const live = subscribeFeed(hub.graphqlUrl, token, { kinds: ['CHECKPOINT_TALLY_FILED'] });
    const resumed = subscribeFeed(hub.graphqlUrl, token, { kinds: ['CHECKPOINT_TALLY_FILED'], after: from });
    await untilLive(live);

    const elsewhere = await openElsewhere();
    try {
      const markers = await writeMarkers(hub, [{ kind: 'CHECKPOINT_TALLY_FILED', siteId: null }]);
      // The server-wide xmin is held by the other database's transaction: below the markers' id,
      // where the server's horizon would have stopped.
      expect(await serverXmin()).toBeLessThanOrEqual(elsewhere.xid);
      expect(await txOf(markers)).toBeGreaterThan(elsewhere.xid);
      await untilMarked(markers, { live, resumed });
      // A subscriber that resumes now, from before the markers, gets them too.
      const again = subscribeFeed(hub.graphqlUrl, token, { kinds: ['CHECKPOINT_TALLY_FILED'], after: from });
      await untilMarked(markers, { again });
      expect(again.marks.map((m) => m.entityId)).toEqual(resumed.marks.map((m) => m.entityId));
      // ... all while the other transaction was open.
      expect(await elsewhere.stillOpen()).toBe(true);
      expect(await serverXmin()).toBeLessThanOrEqual(elsewhere.xid);
    } finally {
      await elsewhere.end();
    }
    expect([live, resumed].map((s) => s.errors)).toEqual([[], []]);
  });

  it('still holds back what committed after a transaction of this database that is open, and then delivers both in order', async () => {
    const sub = subscribeFeed(hub.graphqlUrl, token, { kinds: ['CHECKPOINT_TALLY_FILED'], after: await outboxHead(hub) });
    const elsewhere = await openElsewhere();
    const slow = new PgClient({ connectionString: hub.dbUrl });
    await slow.connect();
    const handed: HubEvent[] = [];
    const { unlisten } = feed().listen((e) => handed.push(e));
    try {
      await slow.query('BEGIN');
      await insertTally(slow, 'slow'); // the lower transaction id, committed last
      const [{ xid }] = (await slow.query('SELECT pg_current_xact_id()::text AS xid')).rows;
      const slowTx = BigInt(xid);
      expect(slowTx).toBeGreaterThan(elsewhere.xid);
      await hub.ds.transaction((em) => insertTally(em, 'fast')); // committed first
      expect(await txOf(['fast'])).toBeGreaterThan(slowTx);

      // A read that began after "fast" committed: the hub stands below "slow" and handed out neither.
      await feed().poll();
      expect(feed().position.tx).toBeLessThan(slowTx);
      expect(handed.filter((e) => e.entityId === 'slow' || e.entityId === 'fast')).toEqual([]);
      // The poll saw "fast" held back (a row at or above the horizon): it looks again soon by itself.
      expect((feed() as unknown as { retryTimer: unknown }).retryTimer).not.toBeNull();
      expect(sub.events).toEqual([]);

      await slow.query('COMMIT');
      // Delivered though the other database's transaction is still open.
      await untilMarked(await writeMarkers(hub, [{ kind: 'CHECKPOINT_TALLY_FILED', siteId: null }]), { sub });
      expect(await elsewhere.stillOpen()).toBe(true);
      expect(sub.events.map((e) => e.entityId)).toEqual(['slow', 'fast']);
      expect(handed.filter((e) => e.entityId === 'slow' || e.entityId === 'fast').map((e) => e.entityId)).toEqual(['slow', 'fast']);
    } finally {
      unlisten();
      await slow.end();
      await elsewhere.end();
    }
  });

  it('is the server xmin with FEED_HORIZON=server: a transaction of another database holds the feed while it is open', async () => {
    const other = await startAnotherHub(hub, { ...hub.config, feedHorizon: 'server' });
    try {
      const otherFeed = other.server.services.feed;
      expect(otherFeed.horizon).toBe('server');
      const elsewhere = await openElsewhere();
      try {
        const markers = await writeMarkers(hub, [{ kind: 'CHECKPOINT_TALLY_FILED', siteId: null }]);
        const tx = await txOf(markers);
        await otherFeed.poll();
        expect(otherFeed.position.tx).toBeLessThan(tx); // held by the other database's transaction
        await feed().poll();
        expect(feed().position.tx).toBeGreaterThanOrEqual(tx); // the per-database horizon is not
        expect(await elsewhere.stillOpen()).toBe(true);
      } finally {
        await elsewhere.end();
      }
      // When it is delivered there depends on every other transaction of the server (other test
      // files' databases on a shared PostgreSQL): not asserted.
    } finally {
      await other.stop();
    }
  });
});
