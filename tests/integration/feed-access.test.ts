import { randomUUID } from 'node:crypto';
import { Client as PgClient } from 'pg';
import { startTestHub, waitFor, type TestHub } from '../helpers/harness';
import { MARKER, disposeAll, outboxHead, subscribeFeed, untilMarked, writeMarkers } from '../helpers/feed';
import { makeAccount } from '../fixtures/factory';

/**
 * The feed's access reload and the 1013 rule, through the real server: a socket is closed with
 * 1013 ("try again later") only once reloads of the connections' access have *failed* for longer
 * than the bound (twice FEED_ACCESS_REFRESH_MS plus a second, on the hub's clock), never while a
 * reload is merely slow; the client then resumes with its last cursor and loses nothing.
 *
 * The reload is held up by a real lock (another session holds site_staff exclusively, which the
 * reload reads), and made to fail by terminating its database connection, as a lost database
 * would. The test moves the hub's clock; it never sleeps.
 */
let hub: TestHub;
/**
 * The test's own connection for watching and terminating the reloads: not one of the hub's pool,
 * which may hand out the terminated connection once more before it notices it is gone.
 */
let observer: PgClient;
const REFRESH_MS = 200;
const BOUND_MS = 2 * REFRESH_MS + 1000;

beforeAll(async () => {
  hub = await startTestHub({ env: { FEED_SCAN_INTERVAL_MS: '3600000', FEED_ACCESS_REFRESH_MS: String(REFRESH_MS), FEED_POLL_INTERVAL_MS: '500' } });
  hub.clock.pin(await hub.dbNow());
  observer = new PgClient({ connectionString: hub.dbUrl, application_name: 'feed-access-observer' });
  await observer.connect();
});
afterAll(async () => {
  await observer.end();
  await disposeAll();
  await hub.stop();
});

/** The hub's access reload waiting on the lock, if one is: its backend's pid. */
async function blockedReload(): Promise<number | null> {
  const {
    rows: [row],
  } = await observer.query(
    `SELECT pid FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'
        AND query LIKE '%UNION SELECT site_id::text FROM site_staff WHERE account_id%'`,
  );
  return row?.pid ?? null;
}

/** A marker event written in a transaction of its own, left open until `commit()`. */
async function heldMarker(): Promise<{ ids: Set<string>; commit(): Promise<void> }> {
  const c = new PgClient({ connectionString: hub.dbUrl });
  await c.connect();
  await c.query('BEGIN');
  const id = `marker-${randomUUID()}`;
  await c.query(`INSERT INTO hub_event (kind, occurred_at, site_id, entity_type, entity_id, message, data) VALUES ('CHECKPOINT_TALLY_FILED', now(), NULL, $1, $2, 'test marker', '{}')`, [MARKER, id]);
  let done = false;
  return {
    ids: new Set([id]),
    async commit() {
      if (done) return;
      done = true;
      await c.query('COMMIT');
      await c.end();
    },
  };
}

describe('access reloads that fail', () => {
  it('close the socket with 1013 only after failing past the bound, not while a reload is slow; the client resumes with its cursor', async () => {
    const token = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
    const sub = subscribeFeed(hub.graphqlUrl, token, { kinds: ['CHECKPOINT_TALLY_FILED'], after: await outboxHead(hub) });
    const marker = async () => {
      const m = await writeMarkers(hub, [{ kind: 'CHECKPOINT_TALLY_FILED', siteId: null }]);
      await untilMarked(m, { sub });
    };
    await marker();

    // Two events written before the lock is taken, committed while it is held: the feed delivers
    // nothing committed after a transaction that holds an id began (the lock takes one) until it
    // ends, but these began before it.
    const early = [await heldMarker(), await heldMarker()];
    const holder = new PgClient({ connectionString: hub.dbUrl, application_name: 'feed-access-test' });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('LOCK TABLE site_staff IN ACCESS EXCLUSIVE MODE');
      let first: number | null = null;
      await waitFor(async () => (first = await blockedReload()) !== null, 'a reload to wait on the lock');

      // Slow, not failed: far past the bound on the hub's clock, the socket stays and receives.
      hub.clock.advance(60_000);
      await early[0].commit();
      await untilMarked(early[0].ids, { sub });
      expect(sub.closed).toBeNull();

      // The reload's connection is lost: reloads have failed from now on, but not yet for the bound.
      await observer.query('SELECT pg_terminate_backend($1)', [first]);
      let second: number | null = null;
      await waitFor(async () => ((second = await blockedReload()) ?? first) !== first, 'the next reload to start (and wait on the lock)');
      await early[1].commit();
      await untilMarked(early[1].ids, { sub });
      expect(sub.closed).toBeNull();

      // Failing past the bound: the next failure closes the socket with 1013, no event needed.
      hub.clock.advance(BOUND_MS + 1);
      await observer.query('SELECT pg_terminate_backend($1)', [second]);
      await waitFor(() => sub.closed !== null, 'the socket to be closed');
      expect(sub.closed!.code).toBe(1013);
    } finally {
      await Promise.all(early.map((e) => e.commit()));
      await holder.query('ROLLBACK');
      await holder.end();
    }

    // Missed while away, then resumed with the last cursor received: nothing lost, nothing twice.
    const missed = await writeMarkers(hub, [{ kind: 'CHECKPOINT_TALLY_FILED', siteId: null }]);
    const last = sub.marks[sub.marks.length - 1].cursor;
    const again = subscribeFeed(hub.graphqlUrl, token, { kinds: ['CHECKPOINT_TALLY_FILED'], after: last });
    await untilMarked(missed, { again });
    expect(again.marks.map((m) => m.entityId)).toEqual([...missed]);
    // Reloads succeed again: the new socket stays open past the bound.
    hub.clock.advance(10 * BOUND_MS);
    await waitFor(() => [...hub.server.services.feed.connections].some((c) => !c.closed && c.refreshedAt === hub.clock.now.getTime()), 'a reload to succeed');
    await untilMarked(await writeMarkers(hub, [{ kind: 'CHECKPOINT_TALLY_FILED', siteId: null }]), { again });
    expect(again.closed).toBeNull();
    expect(again.errors).toEqual([]);
  }, 240_000); // several feed waits, each up to 45 s when another database's long statement holds the server's xmin
});
