/**
 * What the report machinery's triggers on disinfection_entry cost a writer: single-entry
 * transactions (as recordDisinfection writes them: one INSERT, then COMMIT) from several
 * connections, each on sites of its own, with every trigger on, one off at a time (ALTER TABLE …
 * DISABLE TRIGGER), then all off; the configurations interleaved in each round so drift hits them
 * alike. Reports entries/s and the PostgreSQL CPU per entry (the writers' backends, /proc).
 * Writes into the database and alters its triggers: a scratch copy only (re-enables them at the end).
 * DATABASE_URL=… npx tsx scripts/bench/disinfection-trigger-cost.ts [--rounds N] [--seconds S] [--connections N]
 */
import { Client } from 'pg';
import { cpuMsOf } from './procs';
import { log, median, migratedDatabase, roundsOptions } from './rounds';

const TRIGGERS: Record<string, string[]> = {
  'neighbours (DisinfectionEntryNeighbours; keeps disinfection_site_log)': ['disinfection_entry_neighbours'],
  'lapses (DisinfectionLapses)': ['disinfection_lapse_entry'],
  'late tally (DisinfectionLateTally)': ['disinfection_late_tally_insert'],
  'lapsed arrivals (DisinfectionLapsedArrivals)': ['disinfection_lapsed_arrival_insert'],
};

const { rounds, seconds, connections } = roundsOptions({ rounds: 3, seconds: 5, connections: 4 });

async function main() {
  const { url, c } = await migratedDatabase('epi-bench-monitor');
  // Sites with rules, 25 per writer; entries from after the log's last one, by any account.
  const [{ recorder }] = (await c.query(`SELECT id AS recorder FROM account ORDER BY id LIMIT 1`)).rows;
  const sites: { id: string; areas: string[] }[] = (
    await c.query(
      `SELECT s.id, array_agg(r.area ORDER BY r.area) AS areas FROM site s JOIN disinfection_rule r ON r.site_kind = s.kind
       WHERE s.status = 'ACTIVE' GROUP BY s.id ORDER BY s.id LIMIT $1`,
      [connections * 25],
    )
  ).rows;
  if (sites.length < connections * 25) throw new Error(`${sites.length} sites with rules: too few`);
  const [{ last }] = (await c.query(`SELECT max(recorded_at) AS last FROM disinfection_entry`)).rows;
  let clock = (last ? new Date(last).getTime() : Date.now()) + 60_000;
  const writers = await Promise.all(
    Array.from({ length: connections }, async (_, w) => {
      const wc = new Client({ connectionString: url, application_name: 'epi-bench-writer' });
      await wc.connect();
      const [{ pid }] = (await wc.query('SELECT pg_backend_pid() AS pid')).rows;
      return { c: wc, pid: Number(pid), sites: sites.slice(w * 25, w * 25 + 25), k: 0 };
    }),
  );
  // (a database from before a migration lacks its trigger: left out, so earlier commits compare)
  const present = new Set((await c.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = 'disinfection_entry'::regclass`)).rows.map((r) => r.tgname as string));
  for (const [k, v] of Object.entries(TRIGGERS)) if (!v.every((t) => present.has(t))) delete TRIGGERS[k];
  const ALL = Object.values(TRIGGERS).flat();
  const setOff = async (off: string[]) => {
    for (const t of ALL) await c.query(`ALTER TABLE disinfection_entry ${off.includes(t) ? 'DISABLE' : 'ENABLE'} TRIGGER ${t}`);
  };
  // Each writer's entries in recorded order, a minute apart per writer (started 30 minutes before).
  const write = async (w: (typeof writers)[number], until: number): Promise<number> => {
    let n = 0;
    while (Date.now() < until) {
      const site = w.sites[w.k % w.sites.length];
      const area = site.areas[Math.floor(w.k / w.sites.length) % site.areas.length];
      w.k++;
      const at = (clock += 1000);
      await w.c.query('BEGIN');
      await w.c.query(
        `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at)
         VALUES ($1, $2, 'CHLORINE', 500, 'MG_PER_L', 'SPRAY', $3, 20, 'bench', $4, $5)`,
        [site.id, area, new Date(at - 30 * 60_000), recorder, new Date(at)],
      );
      await w.c.query('COMMIT');
      n++;
    }
    return n;
  };
  const configs: [string, string[]][] = [['every trigger on', []], ...Object.entries(TRIGGERS).map(([k, v]) => [`${k} off`, v] as [string, string[]]), ['all off', ALL]];
  const got: Record<string, { perSec: number[]; pg: number[] }> = Object.fromEntries(configs.map(([k]) => [k, { perSec: [], pg: [] }]));
  try {
    for (let round = 0; round < rounds; round++) {
      for (const [name, off] of configs.map((_, i) => configs[(i + round) % configs.length])) {
        await setOff(off);
        await Promise.all(writers.map((w) => write(w, Date.now() + 1000)));
        const before = writers.map((w) => cpuMsOf(w.pid));
        const n = (await Promise.all(writers.map((w) => write(w, Date.now() + seconds * 1000)))).reduce((a, b) => a + b, 0);
        const used = writers.reduce((a, w, i) => a + cpuMsOf(w.pid) - before[i], 0);
        got[name].perSec.push(Math.round(n / seconds));
        got[name].pg.push(Math.round((used / n) * 1000) / 1000);
        log(`round ${round + 1}: ${name}: ${Math.round(n / seconds)}/s, PostgreSQL ${got[name].pg.at(-1)} ms/entry`);
      }
    }
  } finally {
    await setOff([]);
    await Promise.all(writers.map((w) => w.c.end()));
    await c.end();
  }
  log(`\none entry per transaction, ${connections} connections, ${seconds} s windows, ${rounds} rounds (configurations interleaved); median (min–max)`);
  log('| triggers | entries/s | PostgreSQL CPU ms / entry | vs every trigger on |');
  log('| --- | ---: | ---: | ---: |');
  const base = median(got['every trigger on'].pg);
  for (const [name] of configs) {
    const g = got[name];
    log(`| ${name} | ${median(g.perSec)} (${Math.min(...g.perSec)}–${Math.max(...g.perSec)}) | ${median(g.pg)} (${Math.min(...g.pg)}–${Math.max(...g.pg)}) | ${name === 'every trigger on' ? '' : `${(median(g.pg) - base).toFixed(3)} ms`} |`);
  }
}

main().catch((err) => {
  log(`disinfection-trigger-cost failed: ${err instanceof Error ? err.stack : err}`);
  process.exit(1);
});
