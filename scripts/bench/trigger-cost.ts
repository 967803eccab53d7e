/**
 * What the report machinery's triggers cost writers: the write floor (scripts/bench/write-floor-
 * server.ts: the bench's filing as ONE statement, no Node work to speak of) files under the same
 * load with every trigger group on, then with one group off at a time (ALTER TABLE … DISABLE
 * TRIGGER), then all off; the configurations interleaved in each round so drift hits them alike.
 * Reports filings/s and the PostgreSQL CPU per filing (the backends serving the floor).
 * Writes into the database and alters its triggers: a scratch copy only (re-enables them at the end).
 * DATABASE_URL=… npx tsx scripts/bench/trigger-cost.ts [--rounds N] [--seconds S] [--connections N]
 */
import { randomUUID } from 'node:crypto';
import { SCALE_USERS } from '../scale/presets';
import { filingFixtures, filingInput } from './fixtures';
import { load } from './load';
import { CpuMeter } from './pg-cpu';
import { settle, startNode, stopAll } from './procs';
import { FILE_INSPECTION } from './queries';
import { log, median, migratedDatabase, roundsOptions } from './rounds';

/** The triggers a filing fires, by the machinery they keep. */
const GROUPS: Record<string, [table: string, trigger: string][]> = {
  'finding tallies (deadline, raised)': [
    ['finding', 'finding_deadline_tally_insert'],
    ['finding', 'finding_raised_tally_insert'],
  ],
  'day and hour sets (inspections, joint inspections)': [
    ['inspection', 'report_day_inspections_insert'],
    ['inspection', 'report_day_inspections_update'],
    ['inspection_member', 'report_day_inspection_members_insert'],
  ],
  'live feed (CRITICAL outbox, overdue pending)': [['finding', 'feed_finding_insert']],
};
const ALL = Object.values(GROUPS).flat();

const { rounds, seconds, connections } = roundsOptions({ rounds: 3, seconds: 5, connections: 8 });

async function main() {
  const { url, c } = await migratedDatabase('epi-bench-monitor');
  const fixtures = await filingFixtures(c);
  const setTriggers = async (off: [string, string][]) => {
    for (const [t, g] of ALL) await c.query(`ALTER TABLE ${t} ${off.some(([a, b]) => a === t && b === g) ? 'DISABLE' : 'ENABLE'} TRIGGER ${g}`);
  };
  const configs: [string, [string, string][]][] = [['every trigger on', []], ...Object.entries(GROUPS).map(([k, v]) => [`${k} off`, v] as [string, [string, string][]]), ['all three groups off', ALL]];
  const runId = randomUUID().slice(0, 8);
  let n = 0;
  const body = () => JSON.stringify({ query: FILE_INSPECTION, variables: { input: filingInput(fixtures, `trig-${runId}-${n}`, n++) } });
  const floor = await startNode('write-floor', 'scripts/bench/write-floor-server.ts', { DATABASE_URL: url, BENCH_INSPECTOR: SCALE_USERS.inspector }, async (u) => (await fetch(u)).ok);
  const got: Record<string, { perSec: number[]; pg: number[]; node: number[] }> = Object.fromEntries(configs.map(([k]) => [k, { perSec: [], pg: [], node: [] }]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [name, off] of configs.map((_, i) => configs[(i + round) % configs.length])) {
        await setTriggers(off);
        await load({ url: `${floor.url}/`, connections, seconds: 1, body });
        await settle(floor.child.pid!, 5_000);
        const meter = new CpuMeter(c, floor.child.pid!);
        await meter.start();
        const r = await load({ url: `${floor.url}/`, connections, seconds, body });
        const used = await meter.stop();
        if (r.failed) log(`!! ${name}: ${r.failed} failed`);
        const done = Math.max(1, r.reqPerSec * seconds);
        got[name].perSec.push(r.reqPerSec);
        got[name].pg.push(Math.round((used.pgMs / done) * 100) / 100);
        got[name].node.push(Math.round((used.nodeMs / done) * 100) / 100);
        log(`round ${round + 1}: ${name}: ${r.reqPerSec}/s, PostgreSQL ${got[name].pg.at(-1)} ms/filing`);
      }
    }
  } finally {
    await setTriggers([]);
    await stopAll();
    await c.end();
  }
  log(`\nwrite floor, ${connections} connections, ${seconds} s windows, ${rounds} rounds (configurations interleaved); median (min–max)`);
  log('| triggers | filings/s | PostgreSQL CPU ms / filing | vs every trigger on |');
  log('| --- | ---: | ---: | ---: |');
  const base = median(got['every trigger on'].pg);
  for (const [name] of configs) {
    const g = got[name];
    log(`| ${name} | ${median(g.perSec)} (${Math.min(...g.perSec)}–${Math.max(...g.perSec)}) | ${median(g.pg)} (${Math.min(...g.pg)}–${Math.max(...g.pg)}) | ${name === 'every trigger on' ? '' : `${(median(g.pg) - base).toFixed(2)} ms`} |`);
  }
}

main().catch(async (err) => {
  log(`trigger-cost failed: ${err instanceof Error ? err.stack : err}`);
  await stopAll();
  process.exit(1);
});
