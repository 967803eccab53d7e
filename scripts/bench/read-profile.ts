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

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; hitCount: number; children?: number[] }

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
  const nodes = profile.nodes as Node[];
  const dt = (profile.endTime - profile.startTime) / 1000 / profile.samples!.length; // ms per sample
  const counts = new Map<number, number>();
  for (const s of profile.samples!) counts.set(s, (counts.get(s) ?? 0) + 1);
  const byFile = new Map<string, number>();
  const byFn = new Map<string, number>();
  const where = (u: string) => {
    const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(u);
    if (m) return m[1];
    if (u.startsWith('node:')) return u;
    const s = /\/(src|scripts)\/(.*)$/.exec(u);
    return s ? `${s[1]}/${s[2]}` : u || '(native/vm)';
  };
  let sampled = 0;
  for (const n of nodes) {
    const k = counts.get(n.id) ?? 0;
    if (!k) continue;
    sampled += k;
    const f = where(n.callFrame.url);
    byFile.set(f, (byFile.get(f) ?? 0) + k);
    const fn = `${n.callFrame.functionName || '(anon)'} ${f}:${n.callFrame.lineNumber + 1}`;
    byFn.set(fn, (byFn.get(fn) ?? 0) + k);
  }
  const perReq = (k: number) => ((k * dt) / total).toFixed(3);
  const cpuMs = (c.user + c.system) / 1000 / total;
  process.stdout.write(`CPU ms/request (hub + client, process.cpuUsage): ${cpuMs.toFixed(2)}; profiled samples ${sampled}, ${dt.toFixed(3)} ms each\n`);
  process.stdout.write('\nself ms/request by package/file:\n');
  for (const [k, v] of [...byFile].sort((a, b) => b[1] - a[1]).slice(0, 40)) process.stdout.write(`  ${perReq(v).padStart(7)}  ${k}\n`);
  process.stdout.write('\nself ms/request by function:\n');
  for (const [k, v] of [...byFn].sort((a, b) => b[1] - a[1]).slice(0, 50)) process.stdout.write(`  ${perReq(v).padStart(7)}  ${k}\n`);
  await server.stop();
  await ds.destroy();
}
main().then(() => process.exit(0), (e) => { console.error(e); process.exit(1); });
