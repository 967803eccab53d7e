import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { makeDataSource } from '../../src/db/data-source';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/db/embedded';

/**
 * One PostgreSQL for the whole run: the machine's (DATABASE_URL) or an embedded one started
 * here. One template database is migrated once; each test file then gets its own database
 * with CREATE DATABASE … TEMPLATE (tens of milliseconds) and drops it when done.
 */
export default async function globalSetup() {
  const given = process.env.DATABASE_URL;
  let serverUrl: string;
  let template: string;
  let embedded: EmbeddedDatabase | undefined;
  if (given) {
    const u = new URL(given);
    template = decodeURIComponent(u.pathname.slice(1)) || 'postgres';
    if (template === 'postgres') throw new Error('DATABASE_URL must name a database of its own for the tests, not "postgres"');
    u.pathname = '/postgres';
    serverUrl = u.toString();
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epi-hub-test-'));
    embedded = await startEmbeddedPostgres({ dir: path.join(dir, 'pg') });
    serverUrl = embedded.url;
    template = 'epi_test_template';
    (globalThis as { __EPI_TEST_DIR__?: string }).__EPI_TEST_DIR__ = dir;
    const c = new Client({ connectionString: serverUrl });
    await c.connect();
    await c.query(`CREATE DATABASE ${template} ENCODING 'UTF8' TEMPLATE template0`);
    await c.end();
  }
  const templateUrl = withDb(serverUrl, template);
  const ds = makeDataSource({ url: templateUrl, poolSize: 2 });
  await ds.initialize();
  await ds.runMigrations({ transaction: 'each' });
  await ds.destroy();

  (globalThis as { __EPI_EMBEDDED__?: EmbeddedDatabase }).__EPI_EMBEDDED__ = embedded;
  process.env.EPI_TEST_SERVER_URL = serverUrl;
  process.env.EPI_TEST_TEMPLATE = template;
  process.env.EPI_TEST_DB_KIND = embedded ? 'embedded' : 'external';
  process.stdout.write(`\n[tests] PostgreSQL: ${embedded ? `embedded (port ${embedded.port})` : 'DATABASE_URL'}; template database ${template}\n`);
}

export function withDb(serverUrl: string, db: string): string {
  const u = new URL(serverUrl);
  u.pathname = `/${db}`;
  return u.toString();
}
