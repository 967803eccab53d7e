/**
 * npx tsx scripts/bench/report-statements.ts [--district NAME] [--runs N]
 *
 * Times each statement of report(last 30 days) against DATABASE_URL (one client, JIT off as the
 * report has it, the median of N runs, default 5): where a report's time goes, section by
 * section. With --district, the statements of that district's report. Reads only.
 */
import { Client } from 'pg';
import { reportStatements } from '../../src/modules/report/report.service';
import { argValue } from '../seed-scale';

async function main() {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set');
  const args = process.argv.slice(2);
  const district = argValue(args, 'district') ?? null;
  const runs = Number(argValue(args, 'runs') ?? 5);
  const c = new Client({ connectionString: url });
  await c.connect();
  try {
    const to = new Date();
    const from = new Date(to.getTime() - 30 * 86_400_000);
    const statements = reportStatements({ period: { from, to }, district, asOf: null, cutoff: to });
    await c.query('SET jit = off');
    const times = new Map<string, number[]>();
    for (let r = 0; r < runs; r++) {
      for (const s of statements) {
        const t = process.hrtime.bigint();
        await c.query(s.sql, s.params);
        times.set(s.name, [...(times.get(s.name) ?? []), Number(process.hrtime.bigint() - t) / 1e6]);
      }
    }
    let sum = 0;
    console.log(`| statement (${district ?? 'whole area'}) | median ms |\n| --- | ---: |`);
    for (const [name, ts] of times) {
      const median = ts.sort((a, b) => a - b)[Math.floor(ts.length / 2)];
      sum += median;
      console.log(`| ${name} | ${median.toFixed(1)} |`);
    }
    console.log(`| all | ${sum.toFixed(1)} |`);
  } finally {
    await c.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
