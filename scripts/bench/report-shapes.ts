/**
 * npx tsx scripts/bench/report-shapes.ts [--runs N] [--county-template DB] [--province-template DB] [--only county|province] [--hub-dir DIR] [--drop-sets]
 *
 * Every shape of report() at county (DATABASE_URL) and province (PROVINCE_DATABASE_URL), side by
 * side (issue 20). For each database: with --*-template, first drop it and create it anew as a
 * copy of the template (a fresh database: no filings of earlier runs; the day sets as seed:scale
 * left them, built for the last 90 days; with --drop-sets, none, as after a bulk load that did
 * not build them: the hub builds them at start while its first reports read the rows); then
 * start the hub (production mode, a child process) and time the FIRST report after start (whole
 * area, the last 30 days), wait until the day sets the hub builds in the background stop growing,
 * and vacuum the database as autovacuum would (off on this machine's server);
 * with both hubs up, time each shape warm, the two databases' runs alternated (the median of N
 * runs each, default 9, and the median of the N pairs' ratios): the last 30
 * days, the last 90 days, the last 30 days as of 10 days ago, the largest district's last 30
 * days, the previous calendar month (as the console asks for it: from one local midnight to
 * another) and 30 days that ended 30 days ago. Then restart the hub and time the first report again (the sets now built). Nothing is
 * filed: the benchmark reads only what the seed wrote. Prints a table with the growth. With
 * --hub-dir, the hub runs from another checkout (e.g. before a change), which migrates the
 * copies itself.
 */
import { Client } from 'pg';
import { REPORT } from './queries';
import { login, post, startHub } from './hub';
import { stopAll } from './procs';
import { SCALE_USERS } from '../scale/presets';
import { migrate } from '../scale/seed';
import { argValue } from '../seed-scale';

const args = process.argv.slice(2);
const runs = Number(argValue(args, 'runs') ?? 9);
const only = argValue(args, 'only');
const hubDir = argValue(args, 'hub-dir');
const DAY = 86_400_000;
const log = (s: string) => process.stdout.write(`${s}\n`);

const AS_OF = `query($from: DateTime!, $to: DateTime!, $asOf: DateTime, $district: String) { report(period: { from: $from, to: $to }, asOf: $asOf, district: $district) {
  cutoff inspections { total sitesInspected byKind { siteKind total pass passWithFindings fail } } findings { total bySeverityStatus { severity status count } }
  rectification { due rectified rate } overdue { count escalated } disputes { lodged resolved medianHoursToResolve }
  disinfection { siteKind sites complianceRate } checkpoint { tallies vehiclesChecked } verification { received answered } summaryZh } }`;

type Shape = 'first' | 'last30' | 'last90' | 'asOf' | 'district' | 'month' | 'past30' | 'firstAfterRestart';
const SHAPES: { key: Shape; label: string }[] = [
  { key: 'first', label: 'first report after start on a fresh copy (whole area, 30 days)' },
  { key: 'firstAfterRestart', label: 'first report after a restart (sets built)' },
  { key: 'last30', label: 'whole area, last 30 days' },
  { key: 'last90', label: 'whole area, last 90 days' },
  { key: 'asOf', label: 'whole area, 30 days, asOf 10 days ago' },
  { key: 'district', label: 'largest district, last 30 days' },
  { key: 'month', label: 'whole area, the previous calendar month (Asia/Shanghai midnights, as the console asks)' },
  { key: 'past30', label: 'whole area, 30 days that ended 30 days ago (not on an hour)' },
];

/** The previous calendar month in Asia/Shanghai (UTC+8, no daylight saving): its first midnight and the next month's. */
export function previousMonth(now: number) {
  const local = new Date(now + 8 * 3_600_000);
  const start = (y: number, m: number) => new Date(Date.UTC(y, m, 1) - 8 * 3_600_000).toISOString();
  return { from: start(local.getUTCFullYear(), local.getUTCMonth() - 1), to: start(local.getUTCFullYear(), local.getUTCMonth()) };
}

async function restore(url: string, template: string) {
  const target = decodeURIComponent(new URL(url).pathname.slice(1));
  if (!target || target === template || target.endsWith('_seed')) throw new Error(`refusing to recreate ${target}`);
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const c = new Client({ connectionString: admin.toString() });
  await c.connect();
  try {
    await c.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [target]);
    await c.query(`DROP DATABASE IF EXISTS "${target}"`);
    for (let i = 0; ; i++) {
      try {
        await c.query(`CREATE DATABASE "${target}" TEMPLATE "${template}"`);
        break;
      } catch (err) {
        if (i > 30 || !/being accessed by other users/.test(String(err))) throw err;
        await new Promise((r) => setTimeout(r, 2000));
      }
    }
  } finally {
    await c.end();
  }
}

async function largestDistrict(url: string): Promise<string> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const { rows } = await c.query(`SELECT district FROM site GROUP BY district ORDER BY count(*) DESC, district LIMIT 1`);
    return rows[0].district;
  } finally {
    await c.end();
  }
}

/** Waits until the day and hour sets stop growing (the hub builds them in the background at start). */
async function setsSettled(url: string): Promise<number> {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    let last = -1;
    for (let stable = 0; stable < 2; ) {
      await new Promise((r) => setTimeout(r, 500));
      // Built, and no build holding or awaiting the day sets' lock (pg_advisory_xact_lock(727012, 0)).
      const { rows } = await c.query(
        `SELECT (SELECT count(*) FROM report_day) + (SELECT count(*) FROM report_hour) AS n,
                (SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = 727012 AND objid = 0 AND objsubid = 2
                   AND database = (SELECT oid FROM pg_database WHERE datname = current_database())) AS building`,
      );
      const n = Number(rows[0].n);
      stable = n === last && n > 0 && Number(rows[0].building) === 0 ? stable + 1 : 0;
      last = n;
    }
    return last;
  } finally {
    await c.end();
  }
}

/**
 * What autovacuum would do after the hub's start (it is off on some servers, this machine's among
 * them): a migration that rewrote a table's rows (DisinfectionArrivalSlots) leaves its pages not
 * all-visible, and the report's index-only scans of it then fetch every row from the heap.
 */
async function vacuum(url: string) {
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    await c.query('VACUUM (ANALYZE)');
  } finally {
    await c.end();
  }
}

/** Per shape, the median of the alternated (county, province) runs' ratios. */
const pairGrowth = new Map<Shape, number>();
type Stat = { p50: number; max: number; n: number };
interface Side {
  name: 'county' | 'province';
  url: string;
  district: string;
  variables: Record<Exclude<Shape, 'first' | 'firstAfterRestart'>, Record<string, unknown>>;
  out: Partial<Record<Shape, Stat>>;
  hub?: Awaited<ReturnType<typeof startHub>>;
  token?: string;
}

const stat = (ms: number[]): Stat => {
  const s = [...ms].sort((a, b) => a - b);
  return { p50: s[Math.floor(s.length / 2)], max: s[s.length - 1], n: s.length };
};

/** The copy made afresh (with a template), migrated, and the shapes' variables (one `now` for both sides). */
async function prepare(name: Side['name'], url: string, template: string | undefined, now: number): Promise<Side> {
  if (template) {
    log(`${name}: recreating ${new URL(url).pathname.slice(1)} from ${template} ...`);
    await restore(url, template);
  }
  // With --hub-dir the hub there migrates the copy with its own migrations when it starts: this
  // checkout's may drop an index that one still reads.
  if (!hubDir) await migrate(url);
  if (args.includes('--drop-sets')) {
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query('TRUNCATE report_day, report_hour, report_day_set, report_hour_set, report_day_inspections, report_day_disputes');
    await c.end();
    log(`${name}: report day and hour sets dropped`);
  }
  const district = await largestDistrict(url);
  const period = (days: number) => ({ from: new Date(now - days * DAY).toISOString(), to: new Date(now).toISOString() });
  const variables = {
    last30: period(30),
    last90: period(90),
    asOf: { ...period(30), asOf: new Date(now - 10 * DAY).toISOString() },
    district: { ...period(30), district },
    month: previousMonth(now),
    past30: { from: new Date(now - 60 * DAY).toISOString(), to: new Date(now - 30 * DAY).toISOString() },
  };
  return { name, url, district, variables, out: {} };
}

async function once(side: Side, v: Record<string, unknown>) {
  const t = performance.now();
  const r = await post(`${side.hub!.url}/graphql`, AS_OF, v, side.token);
  const ms = performance.now() - t;
  if (r.body.errors) throw new Error(`${side.name}: report failed: ${JSON.stringify(r.body.errors).slice(0, 300)}`);
  return ms;
}

/** Starts the side's hub and times its first report (whole area, the last 30 days), alone on the machine. */
async function startAndFirst(side: Side, key: 'first' | 'firstAfterRestart') {
  side.hub = await startHub(side.url, {}, hubDir);
  side.token = await login(`${side.hub.url}/graphql`, SCALE_USERS.command);
  const first = await once(side, side.variables.last30);
  side.out[key] = { p50: first, max: first, n: 1 };
  log(`${side.name}: ${key === 'first' ? 'first report' : 'first report after a restart'} ${first.toFixed(0)} ms`);
}

/**
 * Each side's hub started in turn (its first report timed while the other's hub is idle or not
 * yet started), its background sets left to settle; then, shape by shape, the warm runs of the
 * two sides ALTERNATED, county then province, so that both see the same phase of the machine
 * (whose speed was seen to swing by a third from one minute to the next: measured one side
 * after the other, the growth compared two different machines). Then both hubs restarted, one
 * at a time, for the first report after a restart.
 */
async function measure(sides: Side[]) {
  try {
    for (const side of sides) {
      await startAndFirst(side, 'first');
      log(`${side.name}: sets built in the background: ${await setsSettled(side.url)} (day, section) and (hour, section) rows`);
      await vacuum(side.url);
    }
    for (const shape of Object.keys(sides[0].variables) as Exclude<Shape, 'first' | 'firstAfterRestart'>[]) {
      for (const side of sides) {
        await once(side, side.variables[shape]); // its own first time (sets of its period, plans)
        await setsSettled(side.url); // any sets it started building
      }
      const ms = sides.map(() => [] as number[]);
      for (let i = 0; i < runs; i++) for (const [k, side] of sides.entries()) ms[k].push(await once(side, side.variables[shape]));
      for (const [k, side] of sides.entries()) {
        side.out[shape] = stat(ms[k]);
        log(`${side.name}: ${shape} ${side.out[shape]!.p50.toFixed(1)} ms (max ${side.out[shape]!.max.toFixed(1)})`);
      }
      if (sides.length === 2) {
        const ratios = ms[1].map((p, i) => p / ms[0][i]).sort((a, b) => a - b);
        pairGrowth.set(shape, ratios[Math.floor(ratios.length / 2)]);
        log(`  growth, median of the ${runs} alternated pairs: ${ratios[Math.floor(ratios.length / 2)].toFixed(2)}× (range ${ratios[0].toFixed(2)}–${ratios[ratios.length - 1].toFixed(2)}×)`);
      }
    }
  } finally {
    for (const side of sides) await side.hub?.stop();
  }
  for (const side of sides) {
    try {
      await startAndFirst(side, 'firstAfterRestart');
    } finally {
      await side.hub?.stop();
    }
  }
}

async function main() {
  const county = process.env.DATABASE_URL;
  const province = process.env.PROVINCE_DATABASE_URL;
  if ((only !== 'province' && !county) || (only !== 'county' && !province)) throw new Error('set DATABASE_URL (county) and PROVINCE_DATABASE_URL (province)');
  const now = Date.now();
  const sides: Side[] = [];
  if (only !== 'province') sides.push(await prepare('county', county!, argValue(args, 'county-template'), now));
  if (only !== 'county') sides.push(await prepare('province', province!, argValue(args, 'province-template'), now));
  await measure(sides);
  const c = sides.find((s) => s.name === 'county');
  const p = sides.find((s) => s.name === 'province');
  const f = (x?: { p50: number }) => (x ? `${x.p50.toFixed(1)} ms` : 'n/a');
  log(`\n| report (median of ${runs} warm runs, county and province alternated; the first ones single) | county | province | growth | growth, median of the pairs |`);
  log(`| --- | ---: | ---: | ---: | ---: |`);
  for (const { key, label } of SHAPES) {
    const a = c?.out[key];
    const b = p?.out[key];
    const lab = key === 'district' ? `${label} (${c?.district ?? '?'} / ${p?.district ?? '?'})` : label;
    log(`| ${lab} | ${f(a)} | ${f(b)} | ${a && b ? `${(b.p50 / a.p50).toFixed(2)}×` : 'n/a'} | ${pairGrowth.has(key) ? `${pairGrowth.get(key)!.toFixed(2)}×` : ''} |`);
  }
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
