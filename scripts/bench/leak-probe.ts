/**
 * npx tsx --expose-gc scripts/bench/leak-probe.ts [rounds]  (DATABASE_URL: a seeded bench database)
 * The hub in this process, rounds of the fuzz test's hostile requests, a full GC after each, and
 * the live heap printed: tells a leak (the heap after GC keeps growing) from V8 keeping freed
 * memory (RSS grows, the heap after GC does not).
 */
import pino from 'pino';
import { Client } from 'pg';
import { loadConfig } from '../../src/config';
import { makeDataSource } from '../../src/db/data-source';
import { createServer } from '../../src/server';
import { buildSchema } from '../../src/schema';
import { casesFor } from '../../tests/fixtures/hostile-cases';
import { JWT_SECRET, login } from './hub';
import { SCALE_USERS } from '../scale/presets';

async function main() {
  const url = process.env.DATABASE_URL!;
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, LOG_LEVEL: 'silent', JWT_SECRET, DATA_DIR: '/tmp/epi-leak-probe' });
  const ds = makeDataSource({ url, poolSize: 10, applicationName: 'epi-leak-probe' });
  await ds.initialize();
  const server = await createServer({ config, ds, log: pino({ level: 'silent' }) });
  const port = await server.listen(0, '127.0.0.1');
  const g = `http://127.0.0.1:${port}/graphql`;
  const c = new Client({ connectionString: url });
  await c.connect();
  const site = (await c.query(`SELECT id FROM site ORDER BY id LIMIT 1`)).rows[0].id;
  await c.end();
  const tokens: Record<string, string> = { ADMIN: await login(g, SCALE_USERS.admin), COMMAND: await login(g, SCALE_USERS.command), INSPECTOR: await login(g, SCALE_USERS.inspector) };
  const cases = casesFor(buildSchema(), { siteId: site, teamId: site, now: new Date().toISOString() }).filter((k) => !(k.op === 'mutation' && k.label === 'baseline'));
  const mb = (n: number) => Math.round(n / 1e5) / 10;
  for (let r = 0; r <= Number(process.argv[2] ?? 6); r++) {
    let next = 0;
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        while (next < cases.length) {
          const k = cases[next++];
          const t = tokens[k.role];
          await (await fetch(g, { method: 'POST', headers: { 'content-type': 'application/json', ...(t ? { authorization: `Bearer ${t}` } : {}) }, body: k.body })).text();
        }
      }),
    );
    gc();
    await new Promise((res) => setTimeout(res, 500));
    gc();
    const m = process.memoryUsage();
    console.log(`round ${r}: heapUsed ${mb(m.heapUsed)} MB, heapTotal ${mb(m.heapTotal)} MB, external ${mb(m.external)} MB, rss ${mb(m.rss)} MB`);
  }
  await server.stop();
  await ds.destroy();
}
main().catch((e) => {
  console.error(e);
  process.exit(1);
});
