import fs from 'node:fs';
import { Client } from 'pg';
import type { EmbeddedDatabase } from '../../src/db/embedded';

export default async function globalTeardown() {
  const g = globalThis as { __EPI_EMBEDDED__?: EmbeddedDatabase; __EPI_TEST_DIR__?: string };
  if (g.__EPI_EMBEDDED__) {
    await g.__EPI_EMBEDDED__.stop();
    if (g.__EPI_TEST_DIR__) fs.rmSync(g.__EPI_TEST_DIR__, { recursive: true, force: true });
    return;
  }
  // External server: drop the per-file databases this run made (their names start with the template's).
  const serverUrl = process.env.EPI_TEST_SERVER_URL!;
  const template = process.env.EPI_TEST_TEMPLATE!;
  const c = new Client({ connectionString: serverUrl });
  await c.connect();
  const { rows } = await c.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [`${template}\\_f%`]);
  for (const r of rows) await c.query(`DROP DATABASE IF EXISTS "${r.datname}" WITH (FORCE)`);
  await c.end();
}
