/**
 * DATABASE_URL=… SRC_DIRS=dirA,dirB[,…] [TO=ISO] [DAYS=10] [RUNS=5] npx tsx scripts/bench/report-compliance-buffers.ts
 *
 * The whole-area report's disinfection compliance statement (30 days up to TO, default now, as of
 * DAYS days before TO) of each checkout in SRC_DIRS (each with node_modules), one after the
 * other on one client (JIT off): EXPLAIN (ANALYZE, TIMING OFF, BUFFERS) RUNS times each, the
 * median and least execution time, and the shared buffers the statement touched (hit + read).
 * The buffer count does not depend on the machine's load: on a shared 2-core machine it is
 * the steadier measure of the work a change saves; the times are not.
 */
import { Client } from 'pg';
import path from 'node:path';
(async () => {
  const dirs = (process.env.SRC_DIRS ?? process.cwd()).split(',');
  const c = new Client({ connectionString: process.env.DATABASE_URL });
  await c.connect();
  await c.query('SET jit = off; SET max_parallel_workers_per_gather = 0');
  const to = process.env.TO ? new Date(process.env.TO) : new Date();
  const from = new Date(to.getTime() - 30 * 86_400_000);
  const asOf = new Date(to.getTime() - Number(process.env.DAYS ?? 10) * 86_400_000);
  for (const d of dirs) {
    const { reportStatements } = await import(path.resolve(d, 'src/modules/report/report.service'));
    const s = reportStatements({ period: { from, to }, district: null, asOf, cutoff: asOf }).find((x: any) => x.name === 'disinfection');
    const ex: number[] = []; let hits = 0;
    for (let r = 0; r < Number(process.env.RUNS ?? 5); r++) {
      const { rows } = await c.query(`EXPLAIN (ANALYZE, TIMING OFF, BUFFERS, SUMMARY, FORMAT JSON) ${s.sql}`, s.params);
      const p = rows[0]['QUERY PLAN'][0];
      ex.push(p['Execution Time']); hits = p.Plan['Shared Hit Blocks'] + p.Plan['Shared Read Blocks'];
    }
    ex.sort((a, b) => a - b);
    console.log(d, 'exec median', ex[Math.floor(ex.length / 2)].toFixed(1), 'min', ex[0].toFixed(1), 'buffers', hits);
  }
  await c.end();
})();
