/**
 * Files one bench filing through a counting hub (NODE_ENV=test) and prints x-sql-statements; with
 * the database's log_statement = 'all', the PostgreSQL log holds the statements themselves.
 * DATABASE_URL=… npx tsx scripts/bench/filing-statements.ts
 */
import { randomUUID } from 'node:crypto';
import { Client } from 'pg';
import { SCALE_USERS } from '../scale/presets';
import { filingFixtures, filingInput } from './fixtures';
import { login, post, withCountingHub } from './hub';
import { FILE_INSPECTION } from './queries';

async function main() {
  const url = process.env.DATABASE_URL!;
  const c = new Client({ connectionString: url });
  await c.connect();
  const fixtures = await filingFixtures(c);
  await c.end();
  await withCountingHub(url, async (g) => {
    const token = await login(g, SCALE_USERS.inspector);
    for (let n = 0; n < Number(process.env.FILINGS ?? 1); n++) {
      const r = await post(g, FILE_INSPECTION, { input: filingInput(fixtures, `stmts-${randomUUID()}`, n) }, token);
      process.stdout.write(`statements ${r.sql} ${JSON.stringify(r.body).slice(0, 300)}\n`);
    }
  });
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
