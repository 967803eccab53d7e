/**
 * The feed's horizon (README "Live events", FEED_HORIZON): how long an event waits while a
 * transaction holding an id is open in ANOTHER database of the same PostgreSQL server.
 *
 *   npx tsx scripts/bench/feed-horizon.ts                       # a private embedded PostgreSQL
 *   npx tsx scripts/bench/feed-horizon.ts HUB_DB_URL OTHER_DB_URL  # HUB_DB_URL migrated (its hub_event is written)
 *
 * Two FeedHub instances (database, server) follow the hub database's outbox; another connection
 * opens a transaction in OTHER_DB_URL and takes an id; one event is committed; the other
 * transaction ends HOLD_MS (5 s) after it. Prints each horizon's delay from the commit to the
 * delivery (capped at 30 s: on a shared server another session may hold the server's xmin longer).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { Client } from 'pg';
import { makeDataSource } from '../../src/db/data-source';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { FeedHub } from '../../src/modules/feed/feed-hub';
import { insertHubEvents } from '../../src/common/outbox';

const HOLD_MS = 5_000;
const CAP_MS = 30_000;

async function measure(url: string, otherUrl: string): Promise<void> {
  const ds = makeDataSource({ url, poolSize: 4 });
  await ds.initialize();
  const got: Record<string, number> = {};
  const hubs = (['database', 'server'] as const).map((horizon) => new FeedHub({ ds, log: pino({ level: 'silent' }), pollIntervalMs: 1000, accessRefreshMs: 2000, horizon, databaseUrl: url }));
  for (const h of hubs) await h.start();
  const id = `bench-${Date.now()}`;
  for (const h of hubs) h.listen((e) => void (e.entityId === id && (got[h.horizon] ??= performance.now())));
  const other = new Client({ connectionString: otherUrl });
  await other.connect();
  await other.query('BEGIN');
  await other.query('SELECT pg_current_xact_id()');
  await ds.transaction((em) => insertHubEvents(em, [{ kind: 'CHECKPOINT_TALLY_FILED', siteId: null, entityType: 'Bench', entityId: id, message: 'bench', data: {} }], new Date()));
  const committed = performance.now();
  let endedAfter = -1;
  const end = setTimeout(() => void other.query('ROLLBACK').then(() => (endedAfter = performance.now() - committed)), HOLD_MS);
  while (Object.keys(got).length < 2 && performance.now() - committed < CAP_MS) await new Promise((r) => setTimeout(r, 5));
  clearTimeout(end);
  const ms = (h: string) => (got[h] ? `${(got[h] - committed).toFixed(0)} ms` : `not within ${CAP_MS} ms`);
  const [{ xmin }] = await ds.query(`SELECT pg_snapshot_xmin(pg_current_snapshot())::text AS xmin`);
  console.log(`database ${ms('database')}, server ${ms('server')}; the other transaction ended ${endedAfter.toFixed(0)} ms after the commit; server xmin now ${xmin}`);
  await other.end().catch(() => undefined);
  for (const h of hubs) await h.stop();
  await ds.destroy();
}

async function main() {
  const [url, otherUrl] = process.argv.slice(2);
  if (url && otherUrl) return measure(url, otherUrl);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epi-feed-horizon-'));
  const pg = await startEmbeddedPostgres({ dir: path.join(dir, 'pg') });
  try {
    const at = (db: string) => Object.assign(new URL(pg.url), { pathname: `/${db}` }).toString();
    const c = new Client({ connectionString: pg.url });
    await c.connect();
    await c.query('CREATE DATABASE hub');
    await c.query('CREATE DATABASE other');
    await c.end();
    const ds = makeDataSource({ url: at('hub'), poolSize: 2 });
    await ds.initialize();
    await ds.runMigrations({ transaction: 'each' });
    await ds.destroy();
    for (let i = 0; i < 3; i++) await measure(at('hub'), at('other'));
  } finally {
    await pg.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
