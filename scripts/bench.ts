/**
 * npm run bench [-- --quick] [--growth] [--peer] [--seconds N] [--connections N] [--read-rounds N] [--template DB] [--also-hub DIR] [--rounds N] [--hostile-only]
 *
 * Against DATABASE_URL (migrated here; seeded with the tiny preset when it holds no scale data):
 * (1) the nested read on the FLOOR (bare node:http + pg, one json_agg statement), the hub and,
 * with --peer, PostGraphile, side by side in one run; (2) fileInspection with 40 answers and 3
 * findings; (3) the command-centre queries' latency (county vs province with --growth and
 * PROVINCE_DATABASE_URL); (4) the hub's peak RSS; (5) the hub's RSS before and after rounds of
 * hostile requests (the fuzz test's, scripts/bench/hostile.ts; goal: within 50 MB). Prints a table, writes bench-results/latest.json.
 * With --quick (unless --no-feed), also (6) the live feed with 200 subscribers (scripts/bench/feed-subscribers.ts).
 * No thresholds are asserted: CI runs it as a smoke check.
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { FILE_INSPECTION, NESTED_READ, NESTED_READ_DISPUTES, OVERDUE, REPORT } from './bench/queries';
import { datasetSize, filingFixtures, filingInput, type FilingFixtures } from './bench/fixtures';
import { login, post, startHub, withCountingHub } from './bench/hub';
import { latency, load, type LoadResult } from './bench/load';
import { memoryOf, ROOT, settle, startNode, stopAll, type Proc } from './bench/procs';
import { CpuMeter } from './bench/pg-cpu';
import { startPeer, startPeerV5, peerV5Installed, PEER_READ, PEER_READ_DISPUTES, peerToHubShape } from './bench/peer';
import { printHostile, printResults, type Measured, type Results, type ReadRow, type ServerKey } from './bench/report';
import { hostileMemory } from './bench/hostile';
import { PRESETS, SCALE_USERS } from './scale/presets';
import { isSeeded, migrate, seedScale } from './scale/seed';
import { argValue, defaultAnchor } from './seed-scale';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const seconds = Number(argValue(args, 'seconds') ?? (quick ? 3 : 15));
const warmup = quick ? 1 : 5;
const connections = Number(argValue(args, 'connections') ?? 20);
/** Interleaved rounds of every read (and filing) run; the tables give the median and the range. */
const readRounds = Number(argValue(args, 'read-rounds') ?? (quick ? 1 : 3));
/** Longest wait for a server to finish what a run left in flight. */
const settleMs = quick ? 5_000 : 15_000;
const log = (s: string) => process.stdout.write(`${s}\n`);

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: say which PostgreSQL database to benchmark');
  const t0 = Date.now();
  const template = argValue(args, 'template');
  if (template) {
    log(`restoring ${new URL(url).pathname.slice(1)} from the template database ${template} ...`);
    await restoreFromTemplate(url, template);
  }
  await migrate(url);
  const c = new Client({ connectionString: url });
  await c.connect();
  let fixtures: FilingFixtures;
  let size;
  let pg;
  try {
    if (!(await isSeeded(c))) {
      log('no scale data in this database: seeding the tiny preset (npm run seed:scale -- --preset county for the real thing)');
      await seedScale({ url, preset: PRESETS.tiny, seed: 1, anchor: defaultAnchor() });
    }
    fixtures = await filingFixtures(c);
    size = await datasetSize(c);
    pg = (await c.query(`SHOW server_version`)).rows[0].server_version as string;
  } finally {
    await c.end();
  }
  log(`dataset: ${JSON.stringify(size)}; PostgreSQL ${pg}; ${os.cpus().length} CPUs; ${connections} connections, ${seconds} s per run`);
  if (args.includes('--hostile-only')) {
    const h = await hostileMemory(url, Number(argValue(args, 'rounds') ?? (quick ? 1 : 5)), log, { quick });
    printHostile(h, log);
    return;
  }
  const runId = randomUUID().slice(0, 8);
  let filings = 0;
  const nextFiling = () => JSON.stringify({ query: FILE_INSPECTION, variables: { input: filingInput(fixtures, `bench-${runId}-${filings}`, filings++) } });

  // Statements per request, read in a NODE_ENV=test hub (production sends no count header).
  const statements = await withCountingHub(url, async (g) => {
    const [command, inspector] = [await login(g, SCALE_USERS.command), await login(g, SCALE_USERS.inspector)];
    const count = async (q: string, v: Record<string, unknown>, token: string) => {
      const r = await post(g, q, v, token);
      if (r.body.errors) throw new Error(`probe failed: ${JSON.stringify(r.body.errors).slice(0, 500)}`);
      return r.sql;
    };
    // A token's first request also looks its account up (later compiled reads check it in their own statement): warm it.
    await post(g, NESTED_READ_DISPUTES, {}, command);
    const disputes = await post(g, NESTED_READ_DISPUTES, {}, command);
    // The same reads through graphql-js and the DataLoaders (the header exists outside production).
    const viaJs = (q: string) => post(g, q, {}, command, { 'x-epi-executor': 'graphql-js' }).then((r) => (r.body.errors ? null : r.sql));
    return {
      nested: await count(NESTED_READ, {}, command),
      nestedDisputes: disputes.body.errors ? null : disputes.sql,
      nestedJs: await viaJs(NESTED_READ),
      nestedDisputesJs: await viaJs(NESTED_READ_DISPUTES),
      overdue: await count(OVERDUE, {}, command),
      report: await count(REPORT, reportPeriod(), command).catch(() => null),
    };
  });

  const floor = await startNode('floor', 'scripts/bench/floor-server.ts', { DATABASE_URL: url }, async (u) => (await fetch(u, { method: 'POST', body: '{}' })).ok);
  const hub = await startHub(url);
  // The same hub with the read compiler off: every query through graphql-js and the DataLoaders.
  // Not in --quick (CI's smoke run): it is the slowest window by far and only a reference.
  const hubJs = quick ? null : await startHub(url, { COMPILED_READS: 'false' });
  // --also-hub DIR: the hub of another checkout (its src/main.ts, with DIR/node_modules), measured
  // in the same rounds: a before/after comparison within one run.
  const alsoHubDir = argValue(args, 'also-hub');
  const hubBefore = alsoHubDir ? await startHub(url, {}, path.resolve(alsoHubDir)) : null;
  const g = `${hub.url}/graphql`;
  const command = await login(g, SCALE_USERS.command);
  const inspector = await login(g, SCALE_USERS.inspector);
  const withPeer = args.includes('--peer');
  const peer = withPeer ? await startPeer(url) : null;
  const peerV5 = withPeer && peerV5Installed() ? await startPeerV5(url) : null;
  if (withPeer && !peerV5) log('!! PostGraphile 5 is not installed (npm install --prefix bench/peer-v5): measuring 4.14 only');

  // The bench's own connection: reads pg_stat_activity to find each server's backends.
  const monitor = new Client({ connectionString: url, application_name: 'epi-bench-monitor' });
  await monitor.connect();

  /** One measured window: warm-up, settle, then `seconds` of load with CPU counted in the server and its backends. */
  const measure = async (server: Proc, target: string, headers: Record<string, string>, b: string | (() => string)): Promise<Measured> => {
    await load({ url: target, connections, seconds: warmup, headers, body: b });
    await settle(server.child.pid!, settleMs);
    const meter = new CpuMeter(monitor, server.child.pid!);
    await meter.start();
    const result = await load({ url: target, connections, seconds, headers, body: b });
    await settle(server.child.pid!, settleMs);
    const cpu = await meter.stop();
    const node = cpuPerRequest(cpu.nodeMs, result.requests);
    const pgMs = cpuPerRequest(cpu.pgMs, result.requests);
    return { ...result, cpuMsPerRequest: node, pgCpuMsPerRequest: pgMs, totalCpuMsPerRequest: Math.round((node + pgMs) * 10) / 10, backends: cpu.backends };
  };

  // The servers must give the same answer, or the comparison means nothing.
  const reads: { name: string; query: string; sql: number | null; sqlJs: number | null; peerQuery: string }[] = [
    { name: 'nested read (sites → inspections → findings)', query: NESTED_READ, sql: statements.nested, sqlJs: statements.nestedJs, peerQuery: PEER_READ },
  ];
  if (statements.nestedDisputes !== null) reads.push({ name: '4-level read (… → findings → disputes)', query: NESTED_READ_DISPUTES, sql: statements.nestedDisputes, sqlJs: statements.nestedDisputesJs, peerQuery: PEER_READ_DISPUTES });
  type Runner = { key: ServerKey; proc: Proc; target: string; headers: Record<string, string>; body: string; everyRound: boolean };
  const plans: { read: (typeof reads)[number]; row: ReadRow; runners: Runner[] }[] = [];
  for (const r of reads) {
    const body = JSON.stringify({ query: r.query });
    const fromHub = await post(g, r.query, {}, command);
    const fromFloor = (await (await fetch(floor.url, { method: 'POST', body })).json()) as { data: unknown };
    if (JSON.stringify(fromHub.body.data) !== JSON.stringify(fromFloor.data)) {
      // Same rows in another order (a loader changed its order) still measures the same work.
      if (JSON.stringify(sortedById(fromHub.body.data)) !== JSON.stringify(sortedById(fromFloor.data))) throw new Error(`${r.name}: the hub and the floor answer with different data; fix before comparing`);
      log(`!! ${r.name}: the hub and the floor give the same rows in a different order (update floorSql's ORDER BY)`);
    }
    const shape = countObjects(fromHub.body.data);
    const auth = { authorization: `Bearer ${command}` };
    const runners: Runner[] = [
      { key: 'floor', proc: floor, target: `${floor.url}/`, headers: {}, body, everyRound: true },
      { key: 'hub', proc: hub, target: g, headers: auth, body, everyRound: true },
      // Far behind the others and only a reference: measured in the first round only.
    ];
    if (hubJs) runners.push({ key: 'hubJs', proc: hubJs, target: `${hubJs.url}/graphql`, headers: auth, body, everyRound: false });
    if (hubBefore) runners.push({ key: 'hubBefore', proc: hubBefore, target: `${hubBefore.url}/graphql`, headers: auth, body, everyRound: true });
    const row: ReadRow = { name: r.name, objects: shape.objects, kb: Math.round(fromHub.bytes / 1024), hubSql: r.sql, hubJsSql: r.sqlJs, runs: {}, peerSame: {} };
    const pb = JSON.stringify({ query: r.peerQuery });
    for (const [key, p] of [['peerV5', peerV5], ['peer', peer]] as const) {
      if (!p) continue;
      const fromPeer = (await (await fetch(`${p.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: pb })).json()) as { data: unknown };
      // PostGraphile cannot order findings by severity rank as the hub does: compare the rows.
      row.peerSame[key] = JSON.stringify(sortedById(peerToHubShape(fromPeer.data))) === JSON.stringify(sortedById(fromHub.body.data));
      if (!row.peerSame[key]) log(`!! ${r.name}: ${key} answers with different rows`);
      runners.push({ key, proc: p, target: `${p.url}/graphql`, headers: {}, body: pb, everyRound: true });
    }
    log(`${r.name}: ${shape.objects} objects, ${row.kb} KB`);
    plans.push({ read: r, row, runners });
  }
  // Interleaved rounds: every server once per round and read, the order rotated from round to
  // round, so a machine that gets busier or quieter affects them alike; ratios are taken to the
  // floor of the same round.
  for (let round = 0; round < readRounds; round++) {
    for (const { read, row, runners } of plans) {
      const these = runners.filter((x) => x.everyRound || round === 0);
      const order = these.map((_, n) => these[(n + round) % these.length]);
      for (const x of order) {
        const m = await measure(x.proc, x.target, x.headers, x.body);
        (row.runs[x.key] ??= []).push(m);
        log(`  round ${round + 1}/${readRounds} ${read.name.split(' (')[0]} ${x.key}: ${m.reqPerSec} req/s, CPU ms/request ${m.cpuMsPerRequest} + PostgreSQL ${m.pgCpuMsPerRequest} (${m.backends} backends)${m.failed ? `, ${m.failed} failed` : ''}`);
      }
    }
  }
  const readRows = plans.map((p) => p.row);

  // VmHWM: the peak so far, i.e. under the read loads (the filings come later).
  const hubMemory = memoryOf(hub.child.pid!);
  const hubBeforeMemory = hubBefore ? memoryOf(hubBefore.child.pid!) : null;
  const peerMemory = { peerV5: peerV5 ? memoryOf(peerV5.child.pid!) : null, peer: peer ? memoryOf(peer.child.pid!) : null, floor: memoryOf(floor.child.pid!) };

  // Command-centre queries before any filing: the benchmark's own filings stay out of what they read.
  log('command-centre queries ...');
  const times = quick ? 5 : 20;
  const cc = await commandCentre(g, command, times);
  let growth = null;
  if (args.includes('--growth')) {
    const province = process.env.PROVINCE_DATABASE_URL;
    if (!province) throw new Error('--growth needs PROVINCE_DATABASE_URL (a database seeded with --preset province); DATABASE_URL is the county one');
    const other = await startHub(province);
    const token = await login(`${other.url}/graphql`, SCALE_USERS.command);
    const c2 = new Client({ connectionString: province });
    await c2.connect();
    const provinceSize = await datasetSize(c2);
    await c2.end();
    growth = { provinceSize, province: await commandCentre(`${other.url}/graphql`, token, times) };
    await other.stop();
  }

  // Filing: the hub's fileInspection against the write floor (the same rows, one hand-written
  // statement), interleaved like the reads. Last, since both add rows.
  const writeFloor = await startNode('write-floor', 'scripts/bench/write-floor-server.ts', { DATABASE_URL: url, BENCH_INSPECTOR: SCALE_USERS.inspector }, async (u) => (await fetch(u)).ok);
  const filingRuns: { hub: Measured[]; floor: Measured[] } = { hub: [], floor: [] };
  let floorFilings = 0;
  const nextFloorFiling = () => JSON.stringify({ query: FILE_INSPECTION, variables: { input: filingInput(fixtures, `bench-${runId}-floor-${floorFilings}`, floorFilings++) } });
  for (let round = 0; round < readRounds; round++) {
    const pair = [
      async () => filingRuns.hub.push(await measure(hub, g, { authorization: `Bearer ${inspector}` }, nextFiling)),
      async () => filingRuns.floor.push(await measure(writeFloor, `${writeFloor.url}/`, {}, nextFloorFiling)),
    ];
    for (const step of round % 2 ? pair.reverse() : pair) await step();
    log(`  round ${round + 1}/${readRounds} filing: hub ${filingRuns.hub[round].reqPerSec}/s, write floor ${filingRuns.floor[round].reqPerSec}/s`);
  }
  // Statements per filing, counted after the reads (a filing adds an inspection they might read).
  // As the timed filings were: a remembered token, a site and team filed for before (the write alone).
  const sqlPerFiling = await withCountingHub(url, async (cg) => {
    const token = await login(cg, SCALE_USERS.inspector);
    const atFirstSite = () => ({ input: { ...JSON.parse(nextFiling()).variables.input, siteId: fixtures.siteIds[0] } });
    await post(cg, FILE_INSPECTION, atFirstSite(), token);
    return (await post(cg, FILE_INSPECTION, atFirstSite(), token)).sql;
  });
  const check = new Client({ connectionString: url });
  await check.connect();
  const filed = Number((await check.query(`SELECT count(*) AS n FROM idempotency_record WHERE key LIKE $1 AND key NOT LIKE $2`, [`bench-${runId}-%`, `bench-${runId}-floor-%`])).rows[0].n);
  await check.end();
  await monitor.end();
  const finalMemory = memoryOf(hub.child.pid!);
  await stopAll();
  // (5) Memory under hostile input (issue 13): a hub of its own, the fuzz test's requests.
  const hostile = await hostileMemory(url, Number(argValue(args, 'rounds') ?? (quick ? 1 : 5)), log, { quick });

  const results: Results = {
    at: new Date().toISOString(),
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model ?? '', memoryGb: Math.round(os.totalmem() / 2 ** 30), node: process.version, postgres: pg },
    options: { quick, seconds, warmup, connections, rounds: readRounds },
    dataset: size,
    reads: readRows,
    filing: { hub: filingRuns.hub, floor: filingRuns.floor, sqlPerFiling, filedRows: filed },
    commandCentre: { ...cc, sqlOverdue: statements.overdue, sqlReport: statements.report, growth },
    memory: { hubAfterReadLoad: hubMemory, hubAtEnd: finalMemory, hostile, hubBeforeAfterReadLoad: hubBeforeMemory, othersAfterReadLoad: peerMemory },
    totalSeconds: Math.round((Date.now() - t0) / 100) / 10,
  };
  printResults(results, log);
  const dir = path.join(ROOT, 'bench-results');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, '.gitignore'), '*\n');
  fs.writeFileSync(path.join(dir, 'latest.json'), `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwritten: bench-results/latest.json (${results.totalSeconds} s in all)`);
  // (6) The live feed with 200 subscribers (npm run bench:feed for 1,000 and 10,000), in a fresh
  // database of its own on DATABASE_URL's server: a smoke check that fails on a missed,
  // duplicated or out-of-scope delivery.
  if (quick && !args.includes('--no-feed')) {
    log('');
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/bench/feed-subscribers.ts', '--quick'], { cwd: ROOT, stdio: 'inherit', env: process.env });
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    if (code !== 0) throw new Error(`the live-feed bench failed (exit ${code})`);
  }
}

/**
 * Drops DATABASE_URL's database and creates it anew as a copy of `template` (CREATE DATABASE …
 * TEMPLATE), so every run reads the same data: the filings of earlier runs are gone.
 */
async function restoreFromTemplate(url: string, template: string) {
  const target = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!target || target === template) throw new Error('--template: DATABASE_URL must name a database other than the template');
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    const q = (name: string) => `"${name.replace(/"/g, '""')}"`;
    await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [target]);
    await c.query(`DROP DATABASE IF EXISTS ${q(target)}`);
    await c.query(`CREATE DATABASE ${q(target)} TEMPLATE ${q(template)}`);
  } finally {
    await c.end();
  }
}

/**
 * Server CPU per request: robust where other work shares the machine (req/s is not). The CPU is
 * read after the server settled, so it includes the requests still in flight when the run ended:
 * one per connection, since a closed-loop client keeps every connection busy.
 */
function cpuPerRequest(cpuMs: number, completed: number): number {
  return completed ? Math.round((cpuMs / (completed + connections)) * 10) / 10 : NaN;
}

function reportPeriod() {
  const to = new Date();
  return { from: new Date(to.getTime() - 30 * 86_400_000).toISOString(), to: to.toISOString() };
}

async function commandCentre(g: string, token: string, times: number) {
  const ok = async (q: string, v: Record<string, unknown> = {}) => {
    const r = await post(g, q, v, token);
    if (r.body.errors) throw new Error(`command-centre query failed: ${JSON.stringify(r.body.errors).slice(0, 300)}`);
    return r;
  };
  const overdueCount = (await ok(OVERDUE)).body.data.findings.totalCount as number;
  const overdue = await latency(() => ok(OVERDUE), times);
  let report = null;
  let districtReport = null;
  try {
    report = await latency(() => ok(REPORT, reportPeriod()), times);
    // A district's command centre: its report should cost what its own data costs, however
    // large the province around it (the largest district, by sites).
    const district = await largestDistrict(g, token);
    if (district) districtReport = { district, ...(await latency(() => ok(REPORT, { ...reportPeriod(), district }), times)) };
  } catch (err) {
    log(`  report: ${(err as Error).message}`);
  }
  return { overdue: { ...overdue, totalCount: overdueCount }, report, districtReport };
}

/** The district with the most sites (ties: by name), read through the API. */
async function largestDistrict(g: string, token: string): Promise<string | null> {
  const counts = new Map<string, number>();
  let after: string | null = null;
  for (;;) {
    const r = await post(g, `query($a: String) { sites(first: 500, after: $a) { nodes { district } pageInfo { hasNextPage endCursor } } }`, { a: after }, token);
    const page = r.body.data.sites as { nodes: { district: string }[]; pageInfo: { hasNextPage: boolean; endCursor: string | null } };
    for (const n of page.nodes) counts.set(n.district, (counts.get(n.district) ?? 0) + 1);
    if (!page.pageInfo.hasNextPage) break;
    after = page.pageInfo.endCursor;
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/** The value with every array of objects sorted by id (an order-insensitive comparison). */
function sortedById(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedById).sort((a, b) => String((a as { id?: string })?.id ?? '').localeCompare(String((b as { id?: string })?.id ?? '')));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, sortedById(x)]));
  return v;
}

/** Objects in a response (every JSON object below data). */
function countObjects(v: unknown): { objects: number } {
  let n = 0;
  const walk = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(walk);
    else if (x && typeof x === 'object') {
      n++;
      Object.values(x).forEach(walk);
    }
  };
  walk(v);
  return { objects: n - 2 }; // `data` and the `sites` connection are wrappers
}

main()
  .catch(async (err) => {
    process.stderr.write(`bench failed: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    // pg pools and timers of the counting hub must not keep the process alive.
    setTimeout(() => process.exit(process.exitCode ?? 0), 200).unref();
  });
