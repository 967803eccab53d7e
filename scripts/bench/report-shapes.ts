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
 * then time each shape warm (the median of N runs, default 9): the last 30
 * days, the last 90 days, the last 30 days as of 10 days ago, the largest district's last 30
 * days, the previous calendar month (as the console asks for it: from one local midnight to
 * another) and 30 days that ended 30 days ago. Then restart the hub and time the first report again (the sets now built). Nothing is
 * filed: the benchmark reads only what the seed wrote. Prints a table with the growth. With
 * --hub-dir, the hub runs from another checkout (e.g. before a change; the databases are
 * migrated by this one).
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

async function measure(name: string, url: string, template: string | undefined) {
  if (template) {
    log(`${name}: recreating ${new URL(url).pathname.slice(1)} from ${template} ...`);
    await restore(url, template);
  }
  await migrate(url);
  if (args.includes('--drop-sets')) {
    const c = new Client({ connectionString: url });
    await c.connect();
    await c.query('TRUNCATE report_day, report_hour, report_day_set, report_hour_set, report_day_inspections, report_day_disputes');
    await c.end();
    log(`${name}: report day and hour sets dropped`);
  }
  const district = await largestDistrict(url);
  const out: Partial<Record<Shape, { p50: number; max: number; n: number }>> = {};
  const now = Date.now();
  const period = (days: number) => ({ from: new Date(now - days * DAY).toISOString(), to: new Date(now).toISOString() });
  const variables: Record<Exclude<Shape, 'first' | 'firstAfterRestart'>, Record<string, unknown>> = {
    last30: period(30),
    last90: period(90),
    asOf: { ...period(30), asOf: new Date(now - 10 * DAY).toISOString() },
    district: { ...period(30), district },
    month: previousMonth(now),
    past30: { from: new Date(now - 60 * DAY).toISOString(), to: new Date(now - 30 * DAY).toISOString() },
  };
  const once = async (g: string, token: string, v: Record<string, unknown>) => {
    const t = performance.now();
    const r = await post(g, AS_OF, v, token);
    const ms = performance.now() - t;
    if (r.body.errors) throw new Error(`${name}: report failed: ${JSON.stringify(r.body.errors).slice(0, 300)}`);
    return ms;
  };
  for (const phase of ['fresh', 'restart'] as const) {
    const hub = await startHub(url, {}, hubDir);
    try {
      const g = `${hub.url}/graphql`;
      const token = await login(g, SCALE_USERS.command);
      const first = await once(g, token, variables.last30);
      out[phase === 'fresh' ? 'first' : 'firstAfterRestart'] = { p50: first, max: first, n: 1 };
      log(`${name}: ${phase === 'fresh' ? 'first report' : 'first report after a restart'} ${first.toFixed(0)} ms`);
      if (phase === 'restart') break;
      log(`${name}: sets built in the background: ${await setsSettled(url)} (day, section) and (hour, section) rows`);
      for (const [shape, v] of Object.entries(variables) as [Shape, Record<string, unknown>][]) {
        await once(g, token, v); // its own first time (sets of its period, plans)
        await setsSettled(url); // any sets it started building
        const ms: number[] = [];
        for (let i = 0; i < runs; i++) ms.push(await once(g, token, v));
        ms.sort((a, b) => a - b);
        out[shape] = { p50: ms[Math.floor(ms.length / 2)], max: ms[ms.length - 1], n: ms.length };
        log(`${name}: ${shape} ${out[shape]!.p50.toFixed(1)} ms (max ${out[shape]!.max.toFixed(1)})`);
      }
    } finally {
      await hub.stop();
    }
  }
  return { district, out };
}

async function main() {
  const county = process.env.DATABASE_URL;
  const province = process.env.PROVINCE_DATABASE_URL;
  if ((only !== 'province' && !county) || (only !== 'county' && !province)) throw new Error('set DATABASE_URL (county) and PROVINCE_DATABASE_URL (province)');
  const c = only === 'province' ? null : await measure('county', county!, argValue(args, 'county-template'));
  const p = only === 'county' ? null : await measure('province', province!, argValue(args, 'province-template'));
  const f = (x?: { p50: number }) => (x ? `${x.p50.toFixed(1)} ms` : 'n/a');
  log(`\n| report (median of ${runs} warm runs; the first ones single) | county | province | growth |`);
  log(`| --- | ---: | ---: | ---: |`);
  for (const { key, label } of SHAPES) {
    const a = c?.out[key];
    const b = p?.out[key];
    const lab = key === 'district' ? `${label} (${c?.district ?? '?'} / ${p?.district ?? '?'})` : label;
    log(`| ${lab} | ${f(a)} | ${f(b)} | ${a && b ? `${(b.p50 / a.p50).toFixed(2)}×` : 'n/a'} |`);
  }
}

main()
  .catch((err) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => stopAll());
