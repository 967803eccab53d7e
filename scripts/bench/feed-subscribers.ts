/**
 * npm run bench:feed [-- --quick] [--subscribers 1000,10000] [--procs 1,2] [--events N] [--rate R] [--clients K]
 *
 * The live feed under many subscribers (issue 16, "Measured in the benchmark"). In a fresh
 * database it creates (on DATABASE_URL's server, default postgres://postgres@127.0.0.1:5432):
 * 20 checkpoints and one account per subscriber with mixed roles (command centre, inspectors of
 * several teams, facility managers bound to one or two checkpoints, facility staff). For each
 * configuration (N subscribers × 1 or 2 hub processes on that database) it starts the hubs
 * (as `npm start` runs it, LOG_LEVEL=warn, production), opens N graphql-ws subscriptions
 * to `events` from K forked client processes (spread evenly over the hubs), then files checkpoint
 * tallies through GraphQL (alternately through each hub) at a modest rate, and reports:
 * delivery latency from the mutation's response (the commit acknowledged) to receipt, p50/p99
 * over every (event, subscriber) pair; deliveries per role against what its scope allows
 * (missing, duplicated, out of scope: all must be 0); the hubs' CPU (/proc/<pid>/stat) during the
 * event stream and RSS after connecting, per 1,000 connections. Everything runs on 127.0.0.1;
 * every process started is stopped; the database is dropped at the end. The server is
 * FEED_BENCH_PG, else DATABASE_URL's, else 127.0.0.1:5432; `--embedded`: an embedded PostgreSQL
 * of its own (in a temp directory), away from other databases' transactions.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { SignJWT } from 'jose';
import { JWT_SECRET, post, startHub } from './hub';
import { cpuMsOf, memoryOf, stopAll, type Proc } from './procs';
import { migrate } from '../scale/seed';
import { startEmbeddedPostgres } from '../../src/db/embedded';
import { argValue } from '../seed-scale';
import type { Committed, Sub, SubResult } from './feed-client';

const args = process.argv.slice(2);
const quick = args.includes('--quick');
const sizes = (argValue(args, 'subscribers') ?? (quick ? '200' : '1000,10000')).split(',').map(Number);
const procCounts = (argValue(args, 'procs') ?? (quick ? '1' : '1,2')).split(',').map(Number);
const eventCount = Number(argValue(args, 'events') ?? (quick ? 8 : 40));
const rate = Number(argValue(args, 'rate') ?? (quick ? 8 : 4)); // events per second
const clientProcs = Number(argValue(args, 'clients') ?? (quick ? 1 : 3));
const CHECKPOINTS = 20;
const log = (s: string) => process.stdout.write(`${s}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

type Role = 'COMMAND' | 'INSPECTOR' | 'FACILITY_MANAGER' | 'FACILITY_STAFF';
interface Account {
  id: string;
  role: Role;
  token: string;
  scope: 'all' | 'none' | string[];
  kinds: string[] | null;
}

/** Role of the i-th subscriber: 10 % command, 30 % inspectors, 50 % managers, 10 % staff. */
function roleOf(i: number): Role {
  const r = i % 10;
  return r === 0 ? 'COMMAND' : r <= 3 ? 'INSPECTOR' : r <= 8 ? 'FACILITY_MANAGER' : 'FACILITY_STAFF';
}

async function sign(id: string, role: string): Promise<string> {
  return new SignJWT({ role })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(id)
    .setIssuer('epi-hub')
    .setAudience('epi-hub-api')
    .setIssuedAt()
    .setExpirationTime('2h')
    .sign(new TextEncoder().encode(JWT_SECRET));
}

/** Checkpoints, teams and accounts, straight in SQL (the API has no bulk account creation). */
async function setup(url: string, n: number): Promise<{ accounts: Account[]; checkpoints: string[]; commandToken: string }> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('BEGIN');
    const tag = `fb${setupSerial++}`;
    const agency = (await c.query(`INSERT INTO agency (code, name, kind) VALUES ($1, 'Feed bench agency', 'HEALTH') RETURNING id`, [tag])).rows[0].id as string;
    const checkpoints: string[] = (
      await c.query(
        `INSERT INTO site (kind, name, address, district, road_type, road_name)
         SELECT 'CHECKPOINT', '卡点 ' || g, 'Road ' || g, 'Bench district', 'NATIONAL_ROAD', 'G' || g FROM generate_series(1, ${CHECKPOINTS}) g RETURNING id`,
      )
    ).rows.map((r) => r.id);
    const roles = Array.from({ length: n + 1 }, (_, i) => (i === n ? 'COMMAND' : roleOf(i)));
    const ids: string[] = (
      await c.query(
        `INSERT INTO account (username, display_name, password_hash, role, agency_id)
         SELECT $3 || '-' || i, 'Feed bench ' || i, 'x', r, CASE WHEN r IN ('COMMAND', 'INSPECTOR') THEN $2::uuid END
           FROM unnest($1::text[]) WITH ORDINALITY AS t(r, i) ORDER BY i RETURNING id`,
        [roles, agency, tag],
      )
    ).rows.map((r) => r.id);
    const teams: string[] = (
      await c.query(`INSERT INTO inspection_team (name, leader_id) SELECT $2 || ' team ' || g, $1 FROM generate_series(1, 8) g RETURNING id`, [ids[1], tag])
    ).rows.map((r) => r.id);
    const accounts: Account[] = [];
    const tm: [string, string][] = [];
    const sm: [string, string][] = [];
    const ss: [string, string][] = [];
    let lastManager = ids[n];
    for (let i = 0; i < n; i++) {
      const role = roles[i] as Role;
      let scope: Account['scope'] = 'all';
      let kinds: string[] | null = i % 2 ? ['CHECKPOINT_TALLY_FILED', 'CRITICAL_FINDING_RAISED'] : null;
      if (role === 'INSPECTOR') {
        tm.push([teams[i % teams.length], ids[i]]);
        if (i % 3 === 0) tm.push([teams[(i + 3) % teams.length], ids[i]]);
      } else if (role === 'FACILITY_MANAGER') {
        const sites = i % 4 === 0 ? [checkpoints[i % CHECKPOINTS], checkpoints[(i + 7) % CHECKPOINTS]] : [checkpoints[i % CHECKPOINTS]];
        for (const s of sites) sm.push([s, ids[i]]);
        scope = sites;
        lastManager = ids[i];
      } else if (role === 'FACILITY_STAFF') {
        ss.push([checkpoints[i % CHECKPOINTS], ids[i]]);
        scope = 'none'; // staff may not read checkpoint tallies
        kinds = null;
      }
      accounts.push({ id: ids[i], role, token: await sign(ids[i], role), scope, kinds });
    }
    await c.query(`INSERT INTO team_member (team_id, account_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`, [tm.map((r) => r[0]), tm.map((r) => r[1])]);
    await c.query(`INSERT INTO site_manager (site_id, account_id) SELECT * FROM unnest($1::uuid[], $2::uuid[])`, [sm.map((r) => r[0]), sm.map((r) => r[1])]);
    await c.query(`INSERT INTO site_staff (site_id, account_id, registered_by_id) SELECT s, a, $3 FROM unnest($1::uuid[], $2::uuid[]) AS t(s, a)`, [ss.map((r) => r[0]), ss.map((r) => r[1]), lastManager]);
    await c.query('COMMIT');
    return { accounts, checkpoints, commandToken: await sign(ids[n], 'COMMAND') };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await c.end();
  }
}

const FILE_TALLY = `mutation($input: FileCheckpointTallyInput!) { fileCheckpointTally(input: $input) { id checkpoint { id } } }`;
let tallySerial = 0;
let setupSerial = 0;
const hubLogs: string[] = [];
let stopping = false;

function pct(sorted: number[], p: number): number {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

interface Row {
  subscribers: number;
  procs: number;
  connected: number;
  connectS: number;
  events: number;
  deliveries: number;
  p50: number;
  p99: number;
  max: number;
  mutationP50: number;
  cpuPct: number[];
  rssMb: number[];
  idleRssMb: number[];
  perRole: Record<string, { subs: number; received: number; expected: number; missing: number; duplicates: number; outOfScope: number }>;
  errors: number;
  closedEarly: number;
  closeCodes: Record<string, number>;
}

function send(child: ChildProcess, msg: unknown, reply: string): Promise<any> {
  return new Promise((resolve, reject) => {
    const on = (m: any) => {
      if (m?.type === reply) {
        child.off('message', on);
        child.off('exit', onExit);
        resolve(m);
      }
    };
    const onExit = (code: number) => reject(new Error(`a client process exited with ${code}`));
    child.on('message', on);
    child.once('exit', onExit);
    child.send(msg as any);
  });
}

async function runConfig(url: string, n: number, procs: number): Promise<Row> {
  const { accounts, commandToken, checkpoints } = await setup(url, n);
  const hubs: Proc[] = [];
  for (let p = 0; p < procs; p++) {
    const hub = await startHub(url, { FEED_ACCESS_REFRESH_MS: '2000' });
    // The hubs' warnings (LOG_LEVEL=warn), kept for a look when something went wrong.
    const file = path.join(os.tmpdir(), `epi-feedbench-hub-${n}-${procs}-${p}.log`);
    const out = fs.createWriteStream(file);
    hub.child.stdout!.pipe(out);
    hub.child.stderr!.pipe(out);
    hubLogs.push(file);
    hub.child.once('exit', (code, signal) => {
      if (!stopping) log(`  the hub on port ${hub.port} exited (code ${code}, signal ${signal}) during the run; its output: ${file}`);
    });
    hubs.push(hub);
  }
  await sleep(1000);
  const idleRssMb = hubs.map((h) => memoryOf(h.child.pid!)!.rssMb);
  const clients: ChildProcess[] = [];
  try {
    const k = Math.max(1, Math.min(clientProcs, Math.ceil(n / 500)));
    for (let j = 0; j < k; j++) clients.push(fork(path.join(__dirname, 'feed-client.ts'), [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
    // Blocks of ten (one of each role mix) go to the hubs in turn, so every hub gets every role.
    const subs: Sub[] = accounts.map((a, i) => ({ i, url: `ws://127.0.0.1:${hubs[Math.floor(i / 10) % procs].port}/graphql`, token: a.token, kinds: a.kinds, scope: a.scope }));
    const t0 = Date.now();
    const opened = await Promise.all(clients.map((c, j) => send(c, { type: 'open', subs: subs.filter((s) => s.i % k === j), concurrency: 100 }, 'opened')));
    const connectS = (Date.now() - t0) / 1000;
    const openErrors = opened.reduce((a, o) => a + o.errors, 0);
    if (openErrors) log(`  ${openErrors} connections failed to open: ${opened.flatMap((o) => o.errorSamples).slice(0, 3).join(' | ')}`);
    await sleep(3000); // the subscribe messages that followed connection_ack are being handled
    const rssMb = hubs.map((h) => memoryOf(h.child.pid!)!.rssMb);

    // The event stream: tallies filed through the hubs in turn, at `rate` per second.
    const committed: Committed[] = [];
    const mutationMs: number[] = [];
    const cpu0 = hubs.map((h) => cpuMsOf(h.child.pid!));
    const s0 = Date.now();
    const inflight: Promise<void>[] = [];
    for (let e = 0; e < eventCount; e++) {
      const due = s0 + (e * 1000) / rate;
      if (due > Date.now()) await sleep(due - Date.now());
      const serial = tallySerial++;
      const hub = hubs[e % procs];
      const checkpointId = checkpoints[serial % CHECKPOINTS];
      const shiftDate = new Date(Date.UTC(2024, 0, 1) + Math.floor(serial / CHECKPOINTS) * 86_400_000).toISOString().slice(0, 10);
      inflight.push(
        (async () => {
          const sentAt = Date.now();
          const r = await post(`${hub.url}/graphql`, FILE_TALLY, {
            input: { idempotencyKey: `feedbench-${serial}-${sentAt}`, checkpointId, shiftDate, shift: 'DAY', vehiclesChecked: 10, personsScreened: 20, vehiclesTurnedBack: 1, personsTurnedBack: 0, certificatesVerified: 5, samplesTaken: 0 },
          }, commandToken).catch((err) => {
            throw new Error(`fileCheckpointTally through ${hub.url}: ${err.message} (${err.cause?.code ?? err.cause?.message ?? ''}); hub alive: ${hub.child.exitCode === null && hub.child.signalCode === null}`);
          });
          const ackAt = Date.now();
          const t = r.body.data?.fileCheckpointTally;
          if (!t) throw new Error(`fileCheckpointTally failed: ${JSON.stringify(r.body.errors)}`);
          mutationMs.push(ackAt - sentAt);
          committed.push({ entityId: t.id, siteId: t.checkpoint.id, sentAt, ackAt });
        })(),
      );
    }
    await Promise.all(inflight);
    // The last deliveries: until every subscriber has every event its scope allows, or 15 s.
    const tail = Date.now();
    let pending = NaN;
    do {
      await sleep(500);
      pending = (await Promise.all(clients.map((c) => send(c, { type: 'missing', committed }, 'missing')))).reduce((a, m) => a + m.missing, 0);
    } while (pending > 0 && Date.now() - tail < 15_000);
    const wall = Date.now() - s0;
    const cpuPct = hubs.map((h, j) => ((cpuMsOf(h.child.pid!) - cpu0[j]) / wall) * 100);

    const results = await Promise.all(clients.map((c) => send(c, { type: 'collect', committed }, 'results')));
    const all: SubResult[] = results.flatMap((r) => r.results);
    const lat = all.flatMap((r) => r.latencies).sort((a, b) => a - b);
    const perRole: Row['perRole'] = {};
    for (const r of all) {
      const role = accounts[r.i].role;
      const x = (perRole[role] ??= { subs: 0, received: 0, expected: 0, missing: 0, duplicates: 0, outOfScope: 0 });
      x.subs++;
      x.received += r.received;
      x.expected += r.expected;
      x.missing += r.missing;
      x.duplicates += r.duplicates;
      x.outOfScope += r.outOfScope;
    }
    mutationMs.sort((a, b) => a - b);
    return {
      subscribers: n,
      procs,
      connected: n - openErrors,
      connectS,
      events: committed.length,
      deliveries: lat.length,
      p50: pct(lat, 50),
      p99: pct(lat, 99),
      max: lat[lat.length - 1],
      mutationP50: pct(mutationMs, 50),
      cpuPct,
      rssMb,
      idleRssMb,
      perRole,
      errors: results.reduce((a, r) => a + r.errors, 0),
      closedEarly: results.reduce((a, r) => a + r.closedEarly, 0),
      closeCodes: results.reduce((a, r) => {
        for (const [k, v] of Object.entries(r.closeCodes as Record<string, number>)) a[k] = (a[k] ?? 0) + v;
        return a;
      }, {} as Record<string, number>),
    };
  } finally {
    stopping = true;
    await Promise.all(clients.map((c) => send(c, { type: 'close' }, 'closed').catch(() => undefined)));
    for (const c of clients) if (c.exitCode === null) c.kill('SIGKILL');
    await stopAll();
    stopping = false;
  }
}

function print(r: Row) {
  const f = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
  const perK = (x: number) => ((x / r.subscribers) * 1000).toFixed(1);
  const cpu = r.cpuPct.reduce((a, b) => a + b, 0);
  const rssDelta = r.rssMb.reduce((a, b) => a + b, 0) - r.idleRssMb.reduce((a, b) => a + b, 0);
  log(
    `| ${r.subscribers.toLocaleString('en')} | ${r.procs} | ${r.connected} (${r.connectS.toFixed(1)} s) | ${r.events} / ${r.deliveries.toLocaleString('en')} | ${f(r.p50)} | ${f(r.p99)} | ${f(r.max)} | ${f(r.mutationP50)} | ${r.cpuPct.map((c) => c.toFixed(0)).join(' + ')} % (${perK(cpu)} %) | ${r.rssMb.map((m) => m.toFixed(0)).join(' + ')} MB (+${perK(rssDelta)} MB) |`,
  );
  for (const [role, x] of Object.entries(r.perRole))
    log(`    ${role.padEnd(16)} ${String(x.subs).padStart(5)} subscribers: ${x.received}/${x.expected} deliveries (${(x.received / x.subs).toFixed(1)} each), missing ${x.missing}, duplicated ${x.duplicates}, out of scope ${x.outOfScope}`);
  if (r.errors || r.closedEarly) log(`    subscription errors ${r.errors}, sockets closed by the hub ${r.closedEarly} (close codes: ${JSON.stringify(r.closeCodes)}); hub logs: ${hubLogs.slice(-r.procs).join(' ')}`);
}

async function main() {
  // A PostgreSQL of its own (--embedded) keeps other databases' transactions on a shared server
  // from holding the feed back (the outbox reader waits for every older transaction id to end).
  const pgDir = args.includes('--embedded') ? fs.mkdtempSync(path.join(os.tmpdir(), 'epi-feedbench-pg-')) : null;
  const embedded = pgDir ? await startEmbeddedPostgres({ dir: pgDir }) : null;
  const fromEnv = process.env.FEED_BENCH_PG ?? (process.env.DATABASE_URL ? Object.assign(new URL(process.env.DATABASE_URL), { pathname: '/postgres' }).toString() : undefined);
  const base = embedded ? Object.assign(new URL(embedded.url), { pathname: '/postgres' }).toString() : (fromEnv ?? 'postgres://postgres@127.0.0.1:5432/postgres');
  const dbName = `epi_feedbench_${process.pid}_${Date.now().toString(36)}`;
  const admin = new Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const u = new URL(base);
  u.pathname = `/${dbName}`;
  const url = u.toString();
  const rows: Row[] = [];
  let failed = false;
  try {
    await migrate(url);
    const pg = (await admin.query(`SHOW server_version`)).rows[0].server_version;
    log(`live feed: ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; PostgreSQL ${pg}; ${eventCount} checkpoint tallies at ${rate}/s per configuration; ${clientProcs} client processes max`);
    log(`| subscribers | hubs | connected (time) | events / deliveries | p50 ms | p99 ms | max ms | mutation p50 ms | hub CPU during the stream (per 1,000) | hub RSS connected (per 1,000) |`);
    log(`| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |`);
    for (const n of sizes)
      for (const p of procCounts) {
        const t = Date.now();
        const r = await runConfig(url, n, p);
        rows.push(r);
        print(r);
        log(`    (${((Date.now() - t) / 1000).toFixed(0)} s)`);
        const bad = Object.values(r.perRole).some((x) => x.missing || x.duplicates || x.outOfScope) || r.connected < n || r.errors > 0;
        if (bad) failed = true;
      }
  } finally {
    await stopAll();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    await embedded?.stop();
    if (pgDir) fs.rmSync(pgDir, { recursive: true, force: true });
  }
  if (failed) {
    log('FAILED: some subscriber missed, duplicated or wrongly received an event, or could not connect');
    process.exitCode = 1;
  }
}

for (const sig of ['SIGINT', 'SIGTERM'] as const)
  process.once(sig, () => {
    log(`${sig}: stopping the hubs`);
    void stopAll().finally(() => process.exit(130));
  });

main().catch(async (err) => {
  console.error(err);
  await stopAll();
  process.exit(1);
});
