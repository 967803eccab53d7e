/**
 * Where a compiled nested read spends Node's CPU: an in-process hub (production config) answers
 * the read REQUESTS times, CONCURRENCY at a time, under the V8 CPU profiler (node:inspector, the
 * measured window only), and the self-time is summed by package/file and by function. The client
 * (undici's fetch) runs in this process too; its share is listed under its own name.
 *   DATABASE_URL=… npx tsx scripts/bench/read-profile.ts [read|disputes] [requests] [concurrency]
 */
import { Session } from 'node:inspector/promises';
import fs from 'node:fs';
import pino from 'pino';
import { loadConfig } from '../../src/config';
import { makeDataSource } from '../../src/db/data-source';
import { createServer } from '../../src/server';
import { SCALE_USERS } from '../scale/presets';
import { JWT_SECRET, login, post } from './hub';
import { NESTED_READ, NESTED_READ_DISPUTES } from './queries';
import { summarise, type Profile } from './profile-summary';

async function main() {
  const url = process.env.DATABASE_URL!;
  const query = process.argv[2] === 'disputes' ? NESTED_READ_DISPUTES : NESTED_READ;
  const total = Number(process.argv[3] ?? 600);
  const concurrency = Number(process.argv[4] ?? 4);
  const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: url, LOG_LEVEL: 'warn', JWT_SECRET, DATA_DIR: '/tmp/epi-bench-data' });
  const ds = makeDataSource({ url, poolSize: 10 });
  await ds.initialize();
  const server = await createServer({ config, ds, log: pino({ level: 'warn' }) });
  const g = `http://127.0.0.1:${await server.listen(0, '127.0.0.1')}/graphql`;
  const token = await login(g, SCALE_USERS.command);
  for (let i = 0; i < 50; i++) await post(g, query, {}, token);
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 100 });
  await session.post('Profiler.start');
  const c0 = process.cpuUsage();
  let left = total;
  await Promise.all(Array.from({ length: concurrency }, async () => { while (left-- > 0) await post(g, query, {}, token); }));
  const c = process.cpuUsage(c0);
  const { profile } = await session.post('Profiler.stop');
  fs.writeFileSync('/tmp/read-profile.cpuprofile', JSON.stringify(profile));
  const cpuMs = (c.user + c.system) / 1000 / total;
  process.stdout.write(`CPU ms/request (hub + client, process.cpuUsage): ${cpuMs.toFixed(2)}\n${summarise(profile as unknown as Profile, 0, total)}\n`);
  await server.stop();
  await ds.destroy();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
