/**
 * CPU milliseconds per request of one query in an in-process hub (production config), from 8
 * batches of 12 sequential requests: min and median. A machine shared with other work skews
 * req/s but hardly the CPU a request costs, so before/after comparisons of a change use this:
 *   DATABASE_URL=… npx tsx scripts/bench/cpu-probe.ts [read|disputes|overdue]
 */
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { makeDataSource } from '../../src/db/data-source';
import { createServer } from '../../src/server';
import { SCALE_USERS } from '../scale/presets';
import { JWT_SECRET, login, post } from './hub';
import { NESTED_READ, NESTED_READ_DISPUTES, OVERDUE } from './queries';

const QUERIES: Record<string, string> = { read: NESTED_READ, disputes: NESTED_READ_DISPUTES, overdue: OVERDUE };

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const query = QUERIES[process.argv[2] ?? 'read'];
  if (!query) throw new Error(`say one of ${Object.keys(QUERIES).join(', ')}`);
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, LOG_LEVEL: 'warn', JWT_SECRET, DATA_DIR: '/tmp/epi-bench-data', COMPILED_READS: process.env.COMPILED_READS });
  const ds = makeDataSource({ url, poolSize: 10 });
  await ds.initialize();
  const server = await createServer({ config, ds, log: pino({ level: 'warn' }) });
  try {
    const g = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
    const token = await login(g, SCALE_USERS.command);
    const first = await post(g, query, {}, token);
    if (first.body.errors) throw new Error(JSON.stringify(first.body.errors));
    for (let i = 0; i < 10; i++) await post(g, query, {}, token);
    const perRequest: number[] = [];
    for (let b = 0; b < 8; b++) {
      const c0 = process.cpuUsage();
      for (let i = 0; i < 12; i++) await post(g, query, {}, token);
      const c = process.cpuUsage(c0);
      perRequest.push((c.user + c.system) / 1000 / 12);
    }
    perRequest.sort((a, b) => a - b);
    // The client (fetch, JSON.parse) runs in this process too: a constant few ms per request.
    process.stdout.write(`${process.argv[2] ?? 'read'}: CPU ms per request (hub + client) min ${perRequest[0].toFixed(1)}, median ${perRequest[4].toFixed(1)}\n`);
  } finally {
    await server.stop();
    await ds.destroy();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  },
);
