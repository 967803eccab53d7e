/**
 * npm run bench:scale [-- --preset province] [--dir DIR] [--seconds 10] [--connections 20] [--runs 5]
 *
 * The scale-out benchmark (issue 19) on a PostgreSQL primary and streaming replica of its own,
 * made with PostgreSQL's tools (scripts/scale/postgres.ts) on this machine:
 *   1. the nested read from the floor, the hub as 1 and 2 processes, each without and with the
 *      replica (DATABASE_READ_URLS): ratios to the floor in the same run (scripts/bench/processes.ts);
 *   2. the command centre's report (last 30 days; the whole province, then its largest district)
 *      served from the replica, against the same hub reading the primary, with the report
 *      statements counted per server (pg_stat_statements) to show where they ran.
 * The data (seeded with the preset, province by default: 20,000 sites, 10 M disinfection entries)
 * is kept in DIR (default ~/.cache/epi-hub/bench-scale-<preset>; as root /var/tmp/epi-hub/…, since the
 * PostgreSQL tools then run as the postgres user, who cannot enter /root) and reused by the next run, since
 * seeding a province takes many minutes; delete DIR to start over. Asserts nothing about time.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort, stopAll } from './procs';
import { startHub, login, post } from './hub';
import { REPORT } from './queries';
import { measureProcesses } from './processes';
import { PRESETS, SCALE_USERS } from '../scale/presets';
import { migrate, rowCounts, seedScale } from '../scale/seed';
import { baseBackup, initPrimary, isRoot, pgServer, postgresBin, postgresOwnedDir, type PgServer } from '../scale/postgres';
import { Client } from 'pg';

const args = process.argv.slice(2);
const arg = (name: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const presetName = arg('preset') ?? 'province';
const preset = PRESETS[presetName];
if (!preset) throw new Error(`--preset must be one of ${Object.keys(PRESETS).join(', ')}`);
const dir = path.resolve(arg('dir') ?? path.join(isRoot() ? '/var/tmp/epi-hub' : path.join(os.homedir(), '.cache', 'epi-hub'), `bench-scale-${presetName}`));
const seconds = Number(arg('seconds') ?? 10);
const connections = Number(arg('connections') ?? 20);
const runs = Number(arg('runs') ?? 5);
const DB = 'epi_bench';
const log = (line: string) => process.stdout.write(`${line}\n`);

const servers: PgServer[] = [];

/** The primary and replica in `dir`, created (and the primary seeded) on the first run. */
async function cluster(): Promise<{ primary: PgServer; replica: PgServer }> {
  const bin = postgresBin();
  postgresOwnedDir(dir);
  const primaryDir = path.join(dir, 'primary');
  const replicaDir = path.join(dir, 'replica');
  const seededMark = path.join(dir, 'seeded.json');
  const primary = pgServer(bin, primaryDir, await freePort(), dir);
  if (!fs.existsSync(seededMark)) {
    // A half-made cluster from an interrupted run: start over.
    for (const d of [primaryDir, replicaDir]) if (fs.existsSync(path.join(d, 'postmaster.pid'))) pgServer(bin, d, 0, dir).stop('immediate');
    fs.rmSync(primaryDir, { recursive: true, force: true });
    fs.rmSync(replicaDir, { recursive: true, force: true });
    initPrimary(bin, primaryDir, ["shared_buffers = '256MB'", "maintenance_work_mem = '256MB'", "max_wal_size = '4GB'"]);
    primary.start();
    servers.push(primary);
    await primary.query(`CREATE DATABASE ${DB} ENCODING 'UTF8' TEMPLATE template0`);
    await primary.query('CREATE EXTENSION pg_stat_statements', [], DB);
    const anchor = `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`;
    log(`seeding the ${presetName} preset into ${primaryDir} (once; kept for the next run) ...`);
    await migrate(primary.url(DB));
    const r = await seedScale({ url: primary.url(DB), preset, seed: 1, anchor, log });
    const c = new Client({ connectionString: primary.url(DB) });
    await c.connect();
    const counts = await rowCounts(c);
    await c.end();
    log(`seeded in ${(r.ms / 1000).toFixed(0)} s: ${JSON.stringify(counts)}`);
    log('streaming replica: pg_basebackup ...');
    baseBackup(bin, primary, replicaDir, 3_600_000);
    fs.writeFileSync(seededMark, `${JSON.stringify({ preset: presetName, anchor, seededSeconds: Math.round(r.ms / 1000), counts })}\n`);
  } else {
    primary.start();
    servers.push(primary);
    // Migrations added since the data was seeded (the hub applies them too; here so the replica has them first).
    await migrate(primary.url(DB));
  }
  // The replica follows the primary on whatever port it has in this run (the last setting wins).
  fs.appendFileSync(path.join(replicaDir, 'postgresql.auto.conf'), `primary_conninfo = 'host=127.0.0.1 port=${primary.port} user=postgres'\n`);
  const replica = pgServer(bin, replicaDir, await freePort(), dir);
  replica.start();
  servers.push(replica);
  await caughtUp(primary, replica);
  return { primary, replica };
}

/** Waits until the replica has replayed everything the primary has written so far. */
async function caughtUp(primary: PgServer, replica: PgServer): Promise<void> {
  const [{ lsn }] = await primary.query<{ lsn: string }>('SELECT pg_current_wal_lsn()::text AS lsn');
  for (let i = 0; i < 1200; i++) {
    const [{ ok }] = await replica.query<{ ok: boolean }>('SELECT coalesce(pg_last_wal_replay_lsn() >= $1::pg_lsn, false) AS ok', [lsn]);
    if (ok) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the replica did not catch up with the primary within 5 minutes');
}

const calls = async (server: PgServer, marker: string) => Number((await server.query(`SELECT coalesce(sum(calls), 0)::int AS n FROM pg_stat_statements WHERE query LIKE $1`, [`%${marker}%`], DB))[0].n);
const reset = (s: PgServer[]) => Promise.all(s.map((x) => x.query('SELECT pg_stat_statements_reset()', [], DB)));

function period() {
  const to = new Date();
  return { from: new Date(to.getTime() - 30 * 86_400_000).toISOString(), to: to.toISOString() };
}

/** `runs` reports one after another (one client): p50 and max in ms, and where they ran. */
async function reportLatency(g: string, token: string, vars: Record<string, unknown>, primary: PgServer, replica: PgServer) {
  await reset([primary, replica]);
  const ms: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = process.hrtime.bigint();
    const r = await post(g, REPORT, vars, token);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    if (r.body.errors) throw new Error(`report failed: ${JSON.stringify(r.body.errors).slice(0, 300)}`);
  }
  ms.sort((a, b) => a - b);
  // checkpoint_tally: one of the report's section statements (src/modules/report), to say which server ran it.
  return { p50: Math.round(ms[Math.floor(ms.length / 2)]), max: Math.round(ms[ms.length - 1]), onReplica: await calls(replica, 'checkpoint_tally'), onPrimary: await calls(primary, 'checkpoint_tally') };
}

async function main() {
  const started = Date.now();
  const { primary, replica } = await cluster();
  const mark = JSON.parse(fs.readFileSync(path.join(dir, 'seeded.json'), 'utf8'));
  log(`bench:scale ${new Date().toISOString()}, preset ${presetName} (seeded ${mark.anchor.slice(0, 10)}: ${mark.counts.site} sites, ${mark.counts.disinfection_entry} disinfection entries), PostgreSQL ${postgresBin().split('/').at(-2)} primary + streaming replica on this machine, ${os.cpus().length} vCPUs, load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  // 1. The nested read: floor, 1 and 2 processes, without and with the replica.
  log('');
  log(await measureProcesses({ url: primary.url(DB), replica: replica.url(DB), seconds, connections }));
  log(`load average after the nested-read runs: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  // 2. The report on the replica, then on the primary (the same hub configuration without DATABASE_READ_URLS).
  const district = (await primary.query<{ district: string }>('SELECT district FROM site GROUP BY district ORDER BY count(*) DESC, district LIMIT 1', [], DB))[0].district;
  const rows: string[] = [];
  for (const onReplica of [true, false]) {
    const hub = await startHub(primary.url(DB), onReplica ? { DATABASE_READ_URLS: replica.url(DB), REPLICA_MAX_LAG_MS: '60000' } : {});
    const g = `${hub.url}/graphql`;
    const token = await login(g, SCALE_USERS.command);
    for (const [scope, vars] of [[`whole ${presetName}`, period()], [`district ${district}`, { ...period(), district }]] as const) {
      // The first report of a period builds the closed days' day sets on the primary; once the
      // replica has replayed them, the sections run there.
      const first = Date.now();
      const warm = await post(g, REPORT, vars, token);
      if (warm.body.errors) throw new Error(`report failed: ${JSON.stringify(warm.body.errors).slice(0, 300)}`);
      const firstMs = Date.now() - first;
      await caughtUp(primary, replica);
      const r = await reportLatency(g, token, vars, primary, replica);
      rows.push(`| ${scope} | ${onReplica ? 'replica' : 'primary'} | ${firstMs} | ${r.p50} | ${r.max} | ${r.onReplica} | ${r.onPrimary} |`);
    }
    await hub.stop();
  }
  log(`\nreport, last 30 days, ${runs} runs one after another (one client), hub as 1 process`);
  log('| scope | reads on | first report ms (builds day sets) | p50 ms | max ms | checkpoint_tally calls on replica | on primary |');
  log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of rows) log(r);
  log(`\nload average at the end: ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}; ${Math.round((Date.now() - started) / 1000)} s in all; data kept in ${dir}`);
}

main()
  .catch((err) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exitCode = 1;
  })
  .finally(async () => {
    await stopAll();
    for (const s of servers.reverse()) {
      try {
        if (s.running()) s.stop('fast');
      } catch {
        /* keep stopping the rest */
      }
    }
  });
