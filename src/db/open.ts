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
