/**
 * DATABASE_URL=… [RUNS=7] [DISTRICT=…] npx tsx scripts/bench/series-lanes.ts
 *
 * The 30-day daily series (reportSeries, bucket DAY) on one lane (REPORT_LANES=1: one transaction,
 * as before the series used lanes) against the default lanes: two hubs of this build on one seeded
 * database (a copy), requests alternating, 2 warm-up rounds, medians and ranges; both must answer
 * the same.
 */
import { login, post, startHub } from './hub';
import { stopAll } from './procs';
import { SCALE_USERS } from '../scale/presets';
const SERIES = `query($from: DateTime!, $to: DateTime!, $district: String, $asOf: DateTime) { reportSeries(period: { from: $from, to: $to }, bucket: DAY, district: $district, asOf: $asOf) {
  buckets { from inspections { total } findings { raised due overdue } disputes { lodged } disinfection { siteKind complianceRate } checkpoint { tallies } } } }`;
async function main() {
  const url = process.env.DATABASE_URL!;
  const hubs = { one: await startHub(url, { REPORT_LANES: '1' }), lanes: await startHub(url, {}) };
  try {
    const tok = { one: await login(`${hubs.one.url}/graphql`, SCALE_USERS.command), lanes: await login(`${hubs.lanes.url}/graphql`, SCALE_USERS.command) };
    const now = Date.now();
    const v: any = { from: new Date(now - 30 * 86400000).toISOString(), to: new Date(now).toISOString() };
    if (process.env.DISTRICT) v.district = process.env.DISTRICT;
    const ms = { one: [] as number[], lanes: [] as number[] };
    const runs = Number(process.env.RUNS ?? 7);
    for (let i = 0; i < runs + 2; i++) {
      const got: Record<string, string> = {};
      for (const w of (i % 2 ? ['lanes', 'one'] : ['one', 'lanes']) as ('one' | 'lanes')[]) {
        const t = performance.now();
        const r = await post(`${hubs[w].url}/graphql`, SERIES, v, tok[w]);
        if (r.body.errors) throw new Error(JSON.stringify(r.body.errors));
        if (i >= 2) ms[w].push(performance.now() - t);
        got[w] = JSON.stringify(r.body.data);
      }
      if (got.one !== got.lanes) throw new Error('different answers');
    }
    const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const f = (xs: number[]) => `${med(xs).toFixed(0)} (${Math.min(...xs).toFixed(0)}–${Math.max(...xs).toFixed(0)})`;
    console.log(`one lane ${f(ms.one)} ms; lanes ${f(ms.lanes)} ms; ratio ${(med(ms.lanes) / med(ms.one)).toFixed(2)}`);
  } finally { await stopAll(); }
}
main().catch((e) => { console.error(e); process.exit(1); });
