/**
 * The hub's idle RSS and its peak (VmHWM) under the benchmark's nested reads, alone: what
 * `npm run bench` reports as the hub's memory, in a minute instead of a quarter of an hour.
 *   DATABASE_URL=… npx tsx scripts/bench/memory-probe.ts [--rounds 2] [--seconds 6]
 * Each round: 5 s of warm-up then `seconds` of the 3-level and then the 4-level read, 20
 * connections, as the bench runs them; also the hub's CPU ms per measured request (Node only). HUB_ENV='K=V K=V' adds environment to the hub.
 */
import { login, startHub } from './hub';
import { load } from './load';
import { cpuMsOf, memoryOf, settle, stopAll } from './procs';
import { NESTED_READ, NESTED_READ_DISPUTES } from './queries';
import { SCALE_USERS } from '../scale/presets';
import { argValue } from '../seed-scale';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const args = process.argv.slice(2);
  const rounds = Number(argValue(args, 'rounds') ?? 2);
  const seconds = Number(argValue(args, 'seconds') ?? 6);
  const extra = Object.fromEntries((process.env.HUB_ENV ?? '').split(/\s+/).filter(Boolean).map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
  const hub = await startHub(url, extra);
  const pid = hub.child.pid!;
  await new Promise((r) => setTimeout(r, 1_000));
  const idle = memoryOf(pid)!;
  const g = `${hub.url}/graphql`;
  const headers = { authorization: `Bearer ${await login(g, SCALE_USERS.command)}` };
  let requests = 0;
  let cpuMs = 0;
  for (let round = 0; round < rounds; round++) {
    for (const query of [NESTED_READ, NESTED_READ_DISPUTES]) {
      const body = JSON.stringify({ query });
      await load({ url: g, connections: 20, seconds: 5, headers, body });
      await settle(pid);
      const c0 = cpuMsOf(pid);
      const r = await load({ url: g, connections: 20, seconds, headers, body });
      if (r.failed) throw new Error(`${r.failed} requests failed`);
      requests += r.requests;
      await settle(pid);
      cpuMs += cpuMsOf(pid) - c0;
    }
  }
  const after = memoryOf(pid)!;
  process.stdout.write(`idle RSS ${idle.rssMb} MB; after ${rounds} rounds (${requests} measured requests, hub CPU ${(cpuMs / requests).toFixed(1)} ms each): peak (VmHWM) ${after.peakMb} MB, RSS ${after.rssMb} MB\n`);
}

main()
  .catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
