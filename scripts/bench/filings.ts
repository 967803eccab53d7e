/**
 * The filing phase of `npm run bench` alone: fileInspection (40 answers + 3 findings) on the hub
 * against the write floor (scripts/bench/write-floor-server.ts), in interleaved rounds, with the
 * ratio to the floor of the same round; with --also-hub DIR, the hub of another checkout in the
 * same rounds (before/after). Asserts nothing.
 *
 * DATABASE_URL=… npx tsx scripts/bench/filings.ts [--rounds N] [--seconds S] [--connections N] [--also-hub DIR]
 * (the database seeded with npm run seed:scale; every run adds filings to it: use a copy)
 */
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { Client } from 'pg';
import { argValue } from '../seed-scale';
import { SCALE_USERS } from '../scale/presets';
import { filingFixtures, filingInput } from './fixtures';
import { login, startHub, waitForReportSets, withCountingHub, post } from './hub';
import { load } from './load';
import { CpuMeter } from './pg-cpu';
import { settle, startNode, stopAll, type Proc } from './procs';
import { FILE_INSPECTION } from './queries';
import { log, median, migratedDatabase, roundsOptions } from './rounds';

const { args, rounds, seconds, connections } = roundsOptions({ rounds: 3, seconds: 10, connections: 20 });

async function main() {
  const { url, c } = await migratedDatabase();
  const fixtures = await filingFixtures(c);
  // The bench's own connection: samples the servers' PostgreSQL backends (CPU per filing).
  const monitor = new Client({ connectionString: url, application_name: 'epi-bench-monitor' });
  await monitor.connect();
  await c.end();
  const runId = randomUUID().slice(0, 8);
  let n = 0;
  const body = (tag: string) => () => JSON.stringify({ query: FILE_INSPECTION, variables: { input: filingInput(fixtures, `bench-${runId}-${tag}-${n}`, n++) } });

  const servers: { key: string; proc: Proc; target: string; headers: Record<string, string> }[] = [];
  const hub = await startHub(url);
  const token = await login(`${hub.url}/graphql`, SCALE_USERS.inspector);
  servers.push({ key: 'hub', proc: hub, target: `${hub.url}/graphql`, headers: { authorization: `Bearer ${token}` } });
  const also = argValue(args, 'also-hub');
  if (also) {
    const before = await startHub(url, {}, path.resolve(also));
    servers.push({ key: 'also-hub', proc: before, target: `${before.url}/graphql`, headers: { authorization: `Bearer ${await login(`${before.url}/graphql`, SCALE_USERS.inspector)}` } });
  }
  const floor = await startNode('write-floor', 'scripts/bench/write-floor-server.ts', { DATABASE_URL: url, BENCH_INSPECTOR: SCALE_USERS.inspector }, async (u) => (await fetch(u)).ok);
  servers.push({ key: 'floor', proc: floor, target: `${floor.url}/`, headers: {} });

  // The first round measured each hub's start-up build of the report's day sets, not the filing.
  log(`report sets built (waited ${await waitForReportSets(monitor)} s)`);

  const perSec: Record<string, number[]> = Object.fromEntries(servers.map((s) => [s.key, []]));
  const cpu: Record<string, { node: number[]; pg: number[] }> = Object.fromEntries(servers.map((s) => [s.key, { node: [], pg: [] }]));
  const ratio: Record<string, number[]> = Object.fromEntries(servers.map((s) => [s.key, []]));
  for (let round = 0; round < rounds; round++) {
    const order = servers.map((_, i) => servers[(i + round) % servers.length]);
    const got: Record<string, number> = {};
    for (const s of order) {
      await load({ url: s.target, connections, seconds: 2, headers: s.headers, body: body(s.key) });
      await settle(s.proc.child.pid!, 10_000);
      const meter = new CpuMeter(monitor, s.proc.child.pid!);
      await meter.start();
      const r = await load({ url: s.target, connections, seconds, headers: s.headers, body: body(s.key) });
      await settle(s.proc.child.pid!, 10_000);
      const used = await meter.stop();
      const done = Math.max(1, r.reqPerSec * seconds);
      cpu[s.key].node.push(Math.round((used.nodeMs / done) * 10) / 10);
      cpu[s.key].pg.push(Math.round((used.pgMs / done) * 10) / 10);
      if (r.failed) log(`!! ${s.key}: ${r.failed} failed requests`);
      got[s.key] = r.reqPerSec;
    }
    for (const s of servers) {
      perSec[s.key].push(got[s.key]);
      ratio[s.key].push(Math.round((got[s.key] / got.floor) * 100) / 100);
    }
    log(`round ${round + 1}/${rounds}: ${servers.map((s) => `${s.key} ${got[s.key]}/s (${ratio[s.key][round]}×, CPU ms/filing node ${cpu[s.key].node[round]} + pg ${cpu[s.key].pg[round]})`).join(', ')}`);
  }
  await stopAll();
  await monitor.end();
  // The token's first request looks its account up while building the context; the bench's
  // filings are all later ones (the account remembered), and after the first 500 all of sites and
  // a team filed for before (the write alone): the third filing below is the one to count.
  const sql = await withCountingHub(url, async (g) => {
    const t = await login(g, SCALE_USERS.inspector);
    const file = async (k: string, site: number) => (await post(g, FILE_INSPECTION, { input: filingInput(fixtures, `bench-${runId}-count-${k}`, site) }, t)).sql;
    const first = await file('a', 0);
    const unknown = await file('b', 1);
    const known = await file('c', 0);
    return `${known} (a site not filed for since the hub started: ${unknown}; the token's first request: ${first})`;
  });
  log(`\nstatements per filing (this checkout's hub, x-sql-statements): ${sql}`);
  log(`${connections} connections, ${seconds} s per window, ${rounds} rounds (order rotated each round)`);
  for (const s of servers) {
    const xs = perSec[s.key];
    const rs = ratio[s.key];
    const { node, pg } = cpu[s.key];
    const total = node.map((x, i) => Math.round((x + pg[i]) * 10) / 10);
    log(`${s.key.padEnd(9)} filings/s median ${median(xs)} (${Math.min(...xs)}–${Math.max(...xs)}); × floor median ${median(rs)} (${Math.min(...rs)}–${Math.max(...rs)}); CPU ms/filing node ${median(node)} + pg ${median(pg)} = ${median(total)} (${Math.min(...total)}–${Math.max(...total)})`);
  }
}

main().catch(async (err) => {
  log(`filings bench failed: ${err instanceof Error ? err.stack : err}`);
  await stopAll();
  process.exit(1);
});
