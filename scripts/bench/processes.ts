/**
 * npx tsx scripts/bench/processes.ts [--replica URL] [--seconds N] [--connections N]
 * (npm run bench:scale runs it on a primary and streaming replica of its own: scripts/bench/scale.ts)
 *
 * The nested read (sites → inspections → findings) against DATABASE_URL (a database seeded with
 * `npm run seed:scale`), served by the floor, the hub as 1 process and as 2 (HUB_PROCESSES=2),
 * and with --replica (a streaming replica of DATABASE_URL) the same two with
 * DATABASE_READ_URLS=URL: req/s, p50/p99, ratio to the floor in the same run, and server CPU ms
 * per request (the hub's whole process tree: the cluster's primary and its workers). Asserts
 * nothing about time.
 */
import fs from 'node:fs';
import { NESTED_READ } from './queries';
import { load } from './load';
import { startHub, login, post } from './hub';
import { settle, startNode, stopAll, type Proc } from './procs';
import { SCALE_USERS } from '../scale/presets';


/** CPU ms (user + system) of a process and all its descendants (Linux /proc). */
function treeCpuMs(root: number): number {
  const stats = new Map<number, { ppid: number; ms: number }>();
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const f = fs.readFileSync(`/proc/${d}/stat`, 'utf8').split(') ')[1].split(' ');
      stats.set(Number(d), { ppid: Number(f[1]), ms: (Number(f[11]) + Number(f[12])) * 10 });
    } catch {
      /* gone */
    }
  }
  let total = 0;
  const todo = [root];
  while (todo.length) {
    const pid = todo.pop()!;
    total += stats.get(pid)?.ms ?? 0;
    for (const [p, s] of stats) if (s.ppid === pid) todo.push(p);
  }
  return total;
}

export interface ProcessesOptions {
  /** The primary (a database seeded with npm run seed:scale). */
  url: string;
  /** A streaming replica of it: adds the two configurations with DATABASE_READ_URLS. */
  replica?: string;
  seconds: number;
  connections: number;
}

/** Runs the floor and each hub configuration one after another; returns the markdown table. */
export async function measureProcesses({ url, replica, seconds, connections }: ProcessesOptions): Promise<string> {
  const body = JSON.stringify({ query: NESTED_READ });
  const floor = await startNode('floor', 'scripts/bench/floor-server.ts', { DATABASE_URL: url }, async (u) => (await fetch(u, { method: 'POST', body: '{}' })).ok);
  const configs: { name: string; env: Record<string, string> }[] = [
    { name: 'hub, 1 process', env: {} },
    { name: 'hub, 2 processes (HUB_PROCESSES=2)', env: { HUB_PROCESSES: '2' } },
    ...(replica
      ? [
          { name: 'hub, 1 process, reads on the replica', env: { DATABASE_READ_URLS: replica } },
          { name: 'hub, 2 processes, reads on the replica', env: { HUB_PROCESSES: '2', DATABASE_READ_URLS: replica } },
        ]
      : []),
  ];
  const rows: string[] = [];
  const measure = async (name: string, server: Proc, target: string, headers: Record<string, string> = {}) => {
    await load({ url: target, connections, seconds: 3, headers, body });
    await settle(server.child.pid!, 5_000);
    const cpu0 = treeCpuMs(server.child.pid!);
    const r = await load({ url: target, connections, seconds, headers, body });
    await settle(server.child.pid!, 5_000);
    const cpu = (treeCpuMs(server.child.pid!) - cpu0) / (r.requests + connections);
    return { name, ...r, cpu };
  };
  const f = await measure('floor: node:http + pg, one json_agg statement', floor, floor.url);
  await floor.stop();
  const results = [f];
  for (const c of configs) {
    const hub = await startHub(url, { LOG_LEVEL: 'warn', ...c.env });
    const g = `${hub.url}/graphql`;
    const token = await login(g, SCALE_USERS.command);
    const check = await post(g, NESTED_READ, {}, token);
    if (check.body.errors) throw new Error(`${c.name}: ${JSON.stringify(check.body.errors)}`);
    results.push(await measure(c.name, hub, g, { authorization: `Bearer ${token}` }));
    await hub.stop();
  }
  rows.push('| server | req/s | p50 ms | p99 ms | failed | ratio to floor | server CPU ms / request |', '| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) rows.push(`| ${r.name} | ${r.reqPerSec} | ${r.p50} | ${r.p99} | ${r.failed} | ${(r.reqPerSec / f.reqPerSec).toFixed(2)}× | ${r.cpu.toFixed(1)} |`);
  return `nested read, ${connections} connections, ${seconds} s per run\n${rows.join('\n')}\n`;
}

async function main() {
  const args = process.argv.slice(2);
  const arg = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: a database seeded with npm run seed:scale');
  process.stdout.write(await measureProcesses({ url, replica: arg('replica'), seconds: Number(arg('seconds') ?? 10), connections: Number(arg('connections') ?? 20) }));
}

if (require.main === module) main()
  .catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
