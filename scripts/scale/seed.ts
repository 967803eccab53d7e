import { Client } from 'pg';
import { makeDataSource } from '../../src/db/data-source';
import { ensureReportDays, warmSetsWanted } from '../../src/modules/report/report-days';
import { hashPassword } from '../../src/modules/account/auth.service';
import { seedInspections } from './inspections';
import { seedBenchChecklist, seedDisinfection } from './logs';
import { seedPeople, seedSites, setupFunctions } from './people-and-sites';
import { seedDisputes } from './disputes';
import { seedFindingTrail } from './trail';
import { sealPending } from '../../src/modules/audit/audit-chain';
import { SCALE_MARKER, SCALE_PASSWORD, type Preset } from './presets';

export interface SeedOptions {
  url: string;
  preset: Preset;
  seed: number;
  /** The "now" the history runs back from (ISO); the same seed and anchor give the same rows. */
  anchor: string;
  log?: (line: string) => void;
}

export const COUNTED_TABLES = ['site', 'account', 'inspection_team', 'inspection', 'inspection_member', 'finding', 'rectification', 'dispute', 'disinfection_entry'];

/** Applies pending migrations (the same ones the hub runs at start). */
export async function migrate(url: string) {
  const ds = makeDataSource({ url, poolSize: 2, applicationName: 'epi-seed-scale' });
  await ds.initialize();
  try {
    await ds.runMigrations({ transaction: 'each' });
  } finally {
    await ds.destroy();
  }
}

/**
 * Builds the report's day and hour sets that the hub's pass at start builds (warmReportSets: the
 * whole-area reports of the last 30 and 90 days up to now), in one go. A bulk load leaves them to
 * be built by the hub, whose first reports then read the rows (seconds at province); a loader
 * that builds them leaves a database that reports at once.
 */
export async function buildReportSets(url: string): Promise<number> {
  const ds = makeDataSource({ url, poolSize: 1, applicationName: 'epi-seed-scale' });
  await ds.initialize();
  try {
    const { all, allHours } = warmSetsWanted(new Date());
    return await ensureReportDays(ds, all, allHours);
  } finally {
    await ds.destroy();
  }
}

/** Seals every audit event not sealed yet (the hub's sealer, src/modules/audit/audit-chain.ts). */
export async function sealAll(url: string): Promise<number> {
  const ds = makeDataSource({ url, poolSize: 1, applicationName: 'epi-seed-scale' });
  await ds.initialize();
  try {
    return await sealPending(ds);
  } finally {
    await ds.destroy();
  }
}

/**
 * Gives a database seeded before the trail existed its findings' change trail (seedFindingTrail,
 * with the anchor it was seeded with), sealed, vacuumed and analysed. Refuses one that has it.
 */
export async function addFindingTrail(url: string, anchor: string): Promise<{ findings: number; events: number; sealed: number }> {
  const c = new Client({ connectionString: url, application_name: 'epi-seed-scale' });
  await c.connect();
  try {
    const { rowCount } = await c.query(`SELECT 1 FROM audit_event WHERE action = 'finding.status' AND actor_username = 'scale-seed' LIMIT 1`);
    if (rowCount) throw new Error('this database has the findings\' change trail already');
    await c.query('BEGIN');
    const r = await seedFindingTrail(c, anchor);
    await c.query('COMMIT');
    await c.query('SELECT finding_deadline_tally_fold_all()');
    const sealed = await sealAll(url);
    await c.query('VACUUM (ANALYZE) finding, audit_event, audit_seal, finding_raised_tally, finding_deadline_tally, finding_due_created_tally');
    return { ...r, sealed };
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await c.end();
  }
}

export async function isSeeded(c: Client): Promise<boolean> {
  const { rowCount } = await c.query('SELECT 1 FROM agency WHERE code = $1', [SCALE_MARKER]);
  return !!rowCount;
}

export async function tableExists(c: Client, table: string): Promise<boolean> {
  const { rows } = await c.query('SELECT to_regclass($1) IS NOT NULL AS ok', [`public.${table}`]);
  return rows[0].ok;
}

export async function rowCounts(c: Client): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of COUNTED_TABLES) if (await tableExists(c, t)) out[t] = Number((await c.query(`SELECT count(*)::bigint AS n FROM ${t}`)).rows[0].n);
  return out;
}

/**
 * Bulk SQL (INSERT … SELECT over generate_series), one transaction, deterministic: every id and
 * every choice is a hash of the seed, a tag and the row number. Refuses a database that already
 * holds scale data.
 */
export async function seedScale(o: SeedOptions): Promise<{ ms: number; steps: { step: string; ms: number }[] }> {
  const log = o.log ?? (() => undefined);
  if (!Number.isInteger(o.seed) || o.seed < 0) throw new Error('--seed must be a non-negative integer');
  const c = new Client({ connectionString: o.url, application_name: 'epi-seed-scale' });
  await c.connect();
  const started = Date.now();
  const steps: { step: string; ms: number }[] = [];
  const step = async (name: string, fn: () => Promise<unknown>) => {
    const t = Date.now();
    log(`  ${name} ...`);
    await fn();
    steps.push({ step: name, ms: Date.now() - t });
  };
  try {
    if (await isSeeded(c)) throw new Error(`this database already holds scale data (agency ${SCALE_MARKER}); seed a fresh database`);
    const hash = await hashPassword(SCALE_PASSWORD);
    await c.query('BEGIN');
    await c.query(`SET LOCAL synchronous_commit = off`);
    await c.query(`SET LOCAL work_mem = '256MB'`);
    await setupFunctions(c);
    await step('agencies, accounts, teams', () => seedPeople(c, o.preset, o.seed, hash));
    await step('sites', () => seedSites(c, o.preset, o.seed));
    await step('40-item bench checklist', () => seedBenchChecklist(c, o.seed));
    await step('inspections, findings, rectifications', () => seedInspections(c, o.preset, o.seed, o.anchor));
    if (await tableExists(c, 'dispute')) await step('disputes', () => seedDisputes(c, o.preset, o.seed, o.anchor));
    else log('  disputes: no dispute table in this database (the dispute module is not migrated): skipped');
    if (await tableExists(c, 'dispute')) await step("findings' change trail", () => seedFindingTrail(c, o.anchor));
    if (await tableExists(c, 'disinfection_entry')) {
      // The lapse trigger recomputes the rows around each entry as it is written; for a bulk load,
      // one rebuild from all the entries afterwards does the same work set-based.
      const lapses = await tableExists(c, 'disinfection_lapse');
      // Likewise the late tally: its triggers would append one row per key per bulk statement;
      // one recount afterwards leaves it folded.
      const lateTally = await tableExists(c, 'disinfection_late_tally');
      const lateTriggers = ['insert', 'update', 'delete', 'truncate'].map((op) => `disinfection_late_tally_${op}`);
      // And each entry's neighbours (migration DisinfectionEntryNeighbours): the bulk statement
      // computes them itself, from the whole log, rather than probing per row.
      // (The lapse rebuild also rebuilds the lapsed arrivals, migration DisinfectionLapsedArrivals.)
      const arrivals = await tableExists(c, 'disinfection_lapsed_arrival');
      if (lapses) await c.query('ALTER TABLE disinfection_entry DISABLE TRIGGER disinfection_lapse_entry');
      if (arrivals) await c.query('ALTER TABLE disinfection_entry DISABLE TRIGGER disinfection_lapsed_arrival_insert');
      if (lateTally) for (const tr of lateTriggers) await c.query(`ALTER TABLE disinfection_entry DISABLE TRIGGER ${tr}`);
      await c.query('ALTER TABLE disinfection_entry DISABLE TRIGGER disinfection_entry_neighbours');
      await step('disinfection entries', () => seedDisinfection(c, o.preset, o.seed, o.anchor));
      await c.query('ALTER TABLE disinfection_entry ENABLE TRIGGER disinfection_entry_neighbours');
      if (lapses) {
        await c.query('ALTER TABLE disinfection_entry ENABLE TRIGGER disinfection_lapse_entry');
        if (arrivals) await c.query('ALTER TABLE disinfection_entry ENABLE TRIGGER disinfection_lapsed_arrival_insert');
        await step('disinfection lapses', () => c.query('SELECT disinfection_lapse_rebuild(NULL)'));
      }
      if (lateTally) {
        for (const tr of lateTriggers) await c.query(`ALTER TABLE disinfection_entry ENABLE TRIGGER ${tr}`);
        await step('disinfection late tally', () => c.query('SELECT disinfection_late_tally_rebuild()'));
      }
    }
    else log('  disinfection entries: no disinfection_entry table: skipped');
    await c.query('COMMIT');
    // The bulk statements appended their changes to the findings' deadline tally; fold them as the hub's watcher would.
    if (await tableExists(c, 'finding_deadline_tally')) await step('fold deadline tally', () => c.query('SELECT finding_deadline_tally_fold_all()'));
    // The trail's audit events, sealed as the hub's sealer would (else the hub seals them all at its start).
    await step('seal the audit trail', () => sealAll(o.url));
    // What autovacuum would do after a bulk load (it is off on some servers, this machine's among
    // them): statistics, and the visibility map that lets index-only scans skip the heap.
    await step('vacuum analyze', () => c.query('VACUUM (ANALYZE)'));
    // What the hub's pass at start would otherwise do on its first run against this database.
    await step('report day and hour sets, last 90 days', () => buildReportSets(o.url));
    await step('analyze the sets', () => c.query('ANALYZE report_day, report_hour, report_day_set, report_hour_set, report_day_inspections, report_day_disputes'));
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    await c.end();
  }
  return { ms: Date.now() - started, steps };
}
