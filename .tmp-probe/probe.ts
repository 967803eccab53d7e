import pino from 'pino';
import { Client } from 'pg';
import { loadConfig } from '../src/config';
import { makeDataSource } from '../src/db/data-source';
import { createServer } from '../src/server';
import { SCALE_USERS } from '../scripts/scale/presets';
import { JWT_SECRET, login, post } from '../scripts/bench/hub';
import { filingFixtures, filingInput } from '../scripts/bench/fixtures';
import { FILE_INSPECTION } from '../scripts/bench/queries';

async function main() {
  const url = process.env.DATABASE_URL!;
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, LOG_LEVEL: 'warn', JWT_SECRET, DATA_DIR: '/tmp/epi-bench-data' });
  const ds = makeDataSource({ url, poolSize: 10 });
  await ds.initialize();
  const c = new Client({ connectionString: url }); await c.connect();
  const fx = await filingFixtures(c); await c.end();
  const server = await createServer({ config, ds, log: pino({ level: 'warn' }) });
  const g = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
  const token = await login(g, SCALE_USERS.inspector);
  let n = 0;
  const kinds: Record<string, () => Promise<unknown>> = {
    typename: () => post(g, '{ __typename }', {}, token),
    me: () => post(g, '{ me { id username } }', {}, token),
    file: () => post(g, FILE_INSPECTION, { input: filingInput(fx, `probe-${process.pid}-${n}`, n++) }, token),
  };
  for (const k of Object.keys(kinds)) for (let i = 0; i < 300; i++) await kinds[k]();
  const res: Record<string, number[]> = {};
  for (let b = 0; b < 10; b++) for (const k of Object.keys(kinds)) {
    const c0 = process.cpuUsage();
    for (let i = 0; i < 50; i++) await kinds[k]();
    const d = process.cpuUsage(c0);
    (res[k] ??= []).push((d.user + d.system) / 1000 / 50);
  }
  for (const [k, v] of Object.entries(res)) { v.sort((a, b) => a - b); console.log(k.padEnd(9), 'ms/request (hub + client) min', v[0].toFixed(2), 'median', v[5].toFixed(2)); }
  await server.stop(); await ds.destroy();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
