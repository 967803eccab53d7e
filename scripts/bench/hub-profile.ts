/**
 * Node's share of a compiled nested read, next to the floor's, with a V8 profile of the hub:
 * the floor (scripts/bench/floor-server.ts) and the hub (src/main.ts, production, under
 * `node --cpu-prof`) each get ROUNDS × SECONDS of the read from autocannon, interleaved, and
 * each round reports req/s and CPU ms per request of the server process and of the PostgreSQL
 * backends serving it (pg-cpu.ts). The hub's profile, from the first measured round on, is then
 * summed by self time per package/file and per function, in ms per request.
 *   DATABASE_URL=… [HUB_DIR=another checkout] npx tsx scripts/bench/hub-profile.ts [read|disputes] [rounds] [seconds] [connections]
 * HUB_DIR runs the hub of another checkout (e.g. `git archive` of an earlier commit, with this
 * checkout's node_modules linked in) against the same floor, for before/after.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { SCALE_USERS } from '../scale/presets';
import { JWT_SECRET, login } from './hub';
import { load } from './load';
import { CpuMeter } from './pg-cpu';
import { settle, startNode, stopAll, type Proc } from './procs';
import { NESTED_READ, NESTED_READ_DISPUTES } from './queries';
import { summarise } from './profile-summary';


async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const query = process.argv[2] === 'disputes' ? NESTED_READ_DISPUTES : NESTED_READ;
  const rounds = Number(process.argv[3] ?? 2);
  const seconds = Number(process.argv[4] ?? 8);
  const connections = Number(process.argv[5] ?? 20);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'hub-prof-'));
  const readyz = async (u: string) => (await fetch(`${u}/readyz`)).ok;
  const spawnedAt = Date.now();
  const hub = await startNode('hub', 'src/main.ts', { NODE_ENV: 'production', HOST: '127.0.0.1', DATABASE_URL: url, JWT_SECRET, LOG_LEVEL: 'warn' }, readyz, {
    args: ['--cpu-prof', `--cpu-prof-dir=${dir}`, '--import', 'tsx', 'src/main.ts'],
    cwd: process.env.HUB_DIR || undefined,
  });
  const floor = await startNode('floor', 'scripts/bench/floor-server.ts', { DATABASE_URL: url }, async (u) => (await fetch(u, { method: 'POST', body: '{}' })).ok);
  const monitor = new Client({ connectionString: url, application_name: 'epi-bench-monitor' });
  await monitor.connect();
  const token = await login(`${hub.url}/graphql`, SCALE_USERS.command);
  const body = JSON.stringify({ query, variables: {} });
  const drive = async (p: Proc, target: string, headers: Record<string, string>, secs: number) => {
    const meter = new CpuMeter(monitor, p.child.pid!);
    await meter.start();
    const r = await load({ url: target, connections, seconds: secs, headers, body });
    await settle(p.child.pid!);
    const cpu = await meter.stop();
    return { ...r, node: cpu.nodeMs / r.requests, pg: cpu.pgMs / r.requests };
  };
  const hubArgs = [hub, `${hub.url}/graphql`, { authorization: `Bearer ${token}` }] as const;
  await drive(...hubArgs, 3); // warm-up
  await drive(floor, floor.url, {}, 2);
  const profileFrom = Date.now() - spawnedAt;
  let hubRequests = 0;
  for (let round = 1; round <= rounds; round++) {
    const f = await drive(floor, floor.url, {}, seconds);
    const h = await drive(...hubArgs, seconds);
    hubRequests += h.requests;
    const row = (name: string, r: typeof f) => `  ${name.padEnd(6)} ${r.reqPerSec.toFixed(1).padStart(7)} req/s  Node ${r.node.toFixed(2)} + PostgreSQL ${r.pg.toFixed(2)} = ${(r.node + r.pg).toFixed(2)} ms/request  (${r.failed} failed)`;
    process.stdout.write(`round ${round}\n${row('floor', f)}\n${row('hub', h)}\n  hub/floor: req/s ${(h.reqPerSec / f.reqPerSec).toFixed(2)}×, CPU ${((h.node + h.pg) / (f.node + f.pg)).toFixed(2)}×\n`);
  }
  await monitor.end();
  await stopAll();
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error(`no profile in ${dir}`);
  process.stdout.write(`\n${summarise(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')), profileFrom, hubRequests)}\n(profile: ${path.join(dir, file)})\n`);
}

if (require.main === module) {
  main().then(
    () => process.exit(0),
    async (err) => {
      await stopAll();
      process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
      process.exit(1);
    },
  );
}
