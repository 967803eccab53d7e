/**
 * DATABASE_URL=… npx tsx scripts/bench/report-prepared.ts [--runs N]
 *
 * The report's statements as named prepared statements (common/prepared.ts) against unnamed ones
 * (PREPARED_STATEMENTS=false), the same build: two hubs on one seeded database (a copy: nothing is
 * written but the day sets), requests interleaved, each shape's median of N runs (default 9) after
 * 12 warm-up runs each (so the pooled connections are past PostgreSQL's first five custom plans).
 * Shapes: the whole-area report of the last 30 and 90 days, as of 10 days ago, the largest
 * district's; and the 30-day daily series (reportSeries, 30 buckets in one transaction).
 */
import { Client } from 'pg';
import { login, post, startHub } from './hub';
import { stopAll } from './procs';
import { SCALE_USERS } from '../scale/presets';
import { argValue } from '../seed-scale';

const DAY = 86_400_000;
const REPORT = `query($from: DateTime!, $to: DateTime!, $asOf: DateTime, $district: String) { report(period: { from: $from, to: $to }, asOf: $asOf, district: $district) {
  cutoff inspections { total byKind { siteKind total pass fail } } findings { total bySeverityStatus { severity status count } }
  rectification { due rectified rate } overdue { count escalated } disputes { lodged resolved medianHoursToResolve }
  disinfection { siteKind sites complianceRate } checkpoint { tallies vehiclesChecked } verification { received answered } } }`;
const SERIES = `query($from: DateTime!, $to: DateTime!) { reportSeries(period: { from: $from, to: $to }, bucket: DAY) {
  buckets { from inspections { total } findings { raised due overdue } disputes { lodged } disinfection { siteKind complianceRate } checkpoint { tallies } } } }`;

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (a copy of a seeded database)');
  const runs = Number(argValue(process.argv.slice(2), 'runs') ?? 9);
  const c = new Client({ connectionString: url });
  await c.connect();
  const [{ district }] = (await c.query(`SELECT district FROM site GROUP BY district ORDER BY count(*) DESC LIMIT 1`)).rows;
  await c.end();
  const now = Date.now();
  const period = (days: number) => ({ from: new Date(now - days * DAY).toISOString(), to: new Date(now).toISOString() });
  const shapes: [string, string, Record<string, unknown>][] = [
    ['whole area, last 30 days', REPORT, period(30)],
    ['whole area, last 90 days', REPORT, period(90)],
    ['whole area, 30 days, asOf 10 days ago', REPORT, { ...period(30), asOf: new Date(now - 10 * DAY).toISOString() }],
    [`largest district (${district}), last 30 days`, REPORT, { ...period(30), district }],
    ['daily series, last 30 days', SERIES, period(30)],
  ];
  try {
    const hubs = { prepared: await startHub(url, {}), unnamed: await startHub(url, { PREPARED_STATEMENTS: 'false' }) };
    const tokens = { prepared: await login(`${hubs.prepared.url}/graphql`, SCALE_USERS.command), unnamed: await login(`${hubs.unnamed.url}/graphql`, SCALE_USERS.command) };
    const once = async (which: 'prepared' | 'unnamed', q: string, v: Record<string, unknown>) => {
      const t = performance.now();
      const r = await post(`${hubs[which].url}/graphql`, q, v, tokens[which]);
      if (r.body.errors) throw new Error(`${which}: ${JSON.stringify(r.body.errors).slice(0, 300)}`);
      return { ms: performance.now() - t, body: JSON.stringify(r.body.data) };
    };
    console.log(`| shape (median of ${runs}, interleaved) | prepared ms | unnamed ms | ratio |\n| --- | ---: | ---: | ---: |`);
    for (const [label, q, v] of shapes) {
      for (let i = 0; i < 12; i++) for (const w of ['prepared', 'unnamed'] as const) await once(w, q, v);
      const ms = { prepared: [] as number[], unnamed: [] as number[] };
      for (let i = 0; i < runs; i++) {
        const order = i % 2 ? (['unnamed', 'prepared'] as const) : (['prepared', 'unnamed'] as const);
        const got: Record<string, string> = {};
        for (const w of order) {
          const r = await once(w, q, v);
          ms[w].push(r.ms);
          got[w] = r.body;
        }
        if (got.prepared !== got.unnamed) throw new Error(`${label}: the two hubs answered differently`);
      }
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const [p, u] = [med(ms.prepared), med(ms.unnamed)];
      console.log(`| ${label} | ${p.toFixed(1)} | ${u.toFixed(1)} | ${(p / u).toFixed(2)} |`);
    }
  } finally {
    await stopAll();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
