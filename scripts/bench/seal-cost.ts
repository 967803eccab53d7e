/**
 * What sealing the audit trail costs PostgreSQL per event: inserts N events (a finding's raise,
 * as the filing writes them) in one statement, then seals them as the hub's sealer does after
 * commits (`sealPending`, runs of up to 500 on one connection, prepared statements), and reports
 * the sealing connection's backend CPU (/proc) per sealed event, for several batches in a row.
 * Appends events and seals: a scratch copy only.
 * DATABASE_URL=… npx tsx scripts/bench/seal-cost.ts [--batches B] [--events N]
 */
import { makeDataSource } from '../../src/db/data-source';
import { sealPending } from '../../src/modules/audit/audit-chain';
import { argValue } from '../seed-scale';
import { cpuMsOf } from './procs';
import { log, median } from './rounds';

const args = process.argv.slice(2);
const batches = Number(argValue(args, 'batches') ?? 4);
const events = Number(argValue(args, 'events') ?? 30_000);
const CHANGES = JSON.stringify({ status: { after: 'OPEN', before: null }, deadline: { after: '2026-12-08T00:00:00.000Z', before: null }, severity: { after: 'MAJOR', before: null } });

async function main() {
  const ds = makeDataSource({ url: process.env.DATABASE_URL!, poolSize: 1, applicationName: 'epi-bench-seal' });
  await ds.initialize();
  const [{ pid }] = await ds.query('SELECT pg_backend_pid() AS pid');
  const cpuMs = () => cpuMsOf(pid);
  await sealPending(ds, true, true); // what earlier runs left (sealPending seals all it finds, in runs of 500)
  const perEvent: number[] = [];
  for (let b = 0; b < batches; b++) {
    await ds.query(
      `INSERT INTO audit_event (action, entity_type, entity_id, actor_username, changes)
       SELECT 'finding.raise', 'Finding', gen_random_uuid()::text, 'bench', $2::jsonb FROM generate_series(1, $1::int)`,
      [events, CHANGES],
    );
    const c0 = cpuMs();
    const t0 = Date.now();
    const sealed = await sealPending(ds, 'head', true);
    const us = ((cpuMs() - c0) * 1000) / sealed;
    perEvent.push(us);
    log(`batch ${b + 1}/${batches}: ${sealed} events sealed in ${Date.now() - t0} ms; PostgreSQL CPU ${us.toFixed(1)} µs per event`);
  }
  log(`median ${median(perEvent).toFixed(1)} µs of PostgreSQL CPU per sealed event`);
  await ds.destroy();
}

main().catch((err) => {
  log(`seal-cost failed: ${err instanceof Error ? err.stack : err}`);
  process.exit(1);
});
