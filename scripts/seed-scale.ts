/**
 * npm run seed:scale -- --preset tiny|county|province [--seed N] [--anchor 2026-11-28T00:00:00Z]
 * npm run seed:scale -- --report-sets-only
 * npm run seed:scale -- --finding-trail-only --anchor A
 *
 * Fills the database in DATABASE_URL (migrated first) with a realistic, deterministic dataset
 * for the benchmarks, and builds the report's day and hour sets of the last 90 days. With
 * --report-sets-only, only builds those sets (a database seeded before, or one day later).
 * With --finding-trail-only, only adds the findings' change trail (scripts/scale/trail.ts) to a
 * database seeded before it existed, with the anchor it was seeded with.
 * See BENCHMARKS.md.
 */
import { Client } from 'pg';
import { PRESETS } from './scale/presets';
import { addFindingTrail, buildReportSets, migrate, rowCounts, seedScale } from './scale/seed';

export function argValue(args: string[], name: string): string | undefined {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) return args[i + 1];
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  return eq?.slice(name.length + 3);
}

/** Midnight UTC today: the default anchor, so reruns on the same day give the same rows. */
export const defaultAnchor = () => `${new Date().toISOString().slice(0, 10)}T00:00:00.000Z`;

async function main() {
  const args = process.argv.slice(2);
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set: say which PostgreSQL database to fill (e.g. postgres://postgres@127.0.0.1:5432/bench_county)');
  if (args.includes('--report-sets-only')) {
    await migrate(url);
    const t = Date.now();
    const built = await buildReportSets(url);
    process.stdout.write(`report day and hour sets: ${built} built in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    return;
  }
  if (args.includes('--finding-trail-only')) {
    const anchor = argValue(args, 'anchor');
    if (!anchor || Number.isNaN(Date.parse(anchor))) throw new Error('--finding-trail-only needs the --anchor the database was seeded with');
    await migrate(url);
    const t = Date.now();
    const r = await addFindingTrail(url, anchor);
    process.stdout.write(`findings' change trail: ${r.findings} findings, ${r.events} audit events (${r.sealed} sealed) in ${((Date.now() - t) / 1000).toFixed(1)} s\n`);
    return;
  }
  const presetName = argValue(args, 'preset') ?? 'tiny';
  const preset = PRESETS[presetName];
  if (!preset) throw new Error(`--preset must be one of ${Object.keys(PRESETS).join(', ')}`);
  const seed = Number(argValue(args, 'seed') ?? 1);
  const anchor = argValue(args, 'anchor') ?? defaultAnchor();
  if (Number.isNaN(Date.parse(anchor))) throw new Error('--anchor must be an ISO date-time');
  const log = (line: string) => process.stdout.write(`${line}\n`);
  log(`seed:scale preset=${preset.name} seed=${seed} anchor=${anchor}`);
  log('  migrations ...');
  await migrate(url);
  const r = await seedScale({ url, preset, seed, anchor, log });
  const c = new Client({ connectionString: url });
  await c.connect();
  const counts = await rowCounts(c);
  await c.end();
  log('\nstep                                   ms');
  for (const s of r.steps) log(`${s.step.padEnd(36)} ${String(s.ms).padStart(8)}`);
  log('\ntable                          rows');
  for (const [t, n] of Object.entries(counts)) log(`${t.padEnd(22)} ${n.toLocaleString('en-US').padStart(12)}`);
  log(`\ndone in ${(r.ms / 1000).toFixed(1)} s`);
}

if (require.main === module) {
  main().catch((err) => {
    process.stderr.write(`seed:scale failed: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  });
}
