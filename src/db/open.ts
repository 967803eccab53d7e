import path from 'node:path';
import { Client } from 'pg';
import type { DataSource } from 'typeorm';
import type { Logger } from 'pino';
import type { Config } from '../config';
import { makeDataSource } from './data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from './embedded';

export interface OpenDatabase {
  ds: DataSource;
  /** The embedded server, when the hub started one. */
  embedded?: EmbeddedDatabase;
  url: string;
  close(): Promise<void>;
}

const HUB_DB = 'epi_hub';

/**
 * DATABASE_URL set: use that PostgreSQL. Unset: start the embedded PostgreSQL with its data in
 * DATA_DIR/pg and a database `epi_hub` in it. Either way, apply pending migrations.
 */
export async function openDatabase(config: Config, log: Logger): Promise<OpenDatabase> {
  let embedded: EmbeddedDatabase | undefined;
  let url = config.databaseUrl;
  if (!url) {
    const dir = path.join(config.dataDir, 'pg');
    log.info({ dir }, 'starting embedded PostgreSQL');
    embedded = await startEmbeddedPostgres({ dir, ownProcessGroup: true, onLog: (line) => log.debug({ pg: line }, 'postgres') });
    url = await ensureDatabase(embedded.url, HUB_DB);
    log.info({ port: embedded.port }, 'embedded PostgreSQL ready');
  }
  // Migrations run on a connection of their own, without the requests' statement timeout.
  const migrator = makeDataSource({ url, poolSize: 1, applicationName: 'epi-hub-migrations' });
  const ds = makeDataSource({ url, poolSize: config.dbPoolSize, statementTimeoutMs: config.statementTimeoutMs, backgroundStatementTimeoutMs: config.backgroundStatementTimeoutMs });
  try {
    await migrator.initialize();
    const applied = await migrator.runMigrations({ transaction: 'each' });
    await migrator.destroy();
    if (applied.length) log.info({ migrations: applied.map((m) => m.name) }, 'migrations applied');
    await ds.initialize();
    await warnWithoutAutovacuum(ds, log);
  } catch (err) {
    if (migrator.isInitialized) await migrator.destroy();
    if (ds.isInitialized) await ds.destroy();
    if (embedded) await embedded.stop();
    throw err;
  }
  return {
    ds,
    embedded,
    url,
    async close() {
      if (ds.isInitialized) await ds.destroy();
      if (embedded) await embedded.stop();
    },
  };
}

/**
 * PostgreSQL keeps a prepared statement's plan per connection until the table's statistics change,
 * and the hub's pooled connections live as long as the process. Without autovacuum nothing
 * refreshes the statistics of tables that grow from empty (the audit trail, the idempotency
 * records, the feed's tables): plans made while they were small scan them whole, ever longer.
 * Said once at start; the audit sealer, which runs for every event, plans around it itself.
 */
async function warnWithoutAutovacuum(ds: DataSource, log: Logger): Promise<void> {
  const [{ on }] = await ds.query(`SELECT current_setting('autovacuum') = 'on' AS on`);
  if (!on) log.warn('autovacuum is off on this PostgreSQL: the statistics of growing tables go stale and plans kept from when they were small scan them whole; turn it on, or run ANALYZE regularly (e.g. vacuumdb --analyze-only daily)');
}

/** Creates the database on the server if it is missing; returns its URL. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}" ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}
