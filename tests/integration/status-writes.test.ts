import { join } from 'node:path';
import { startTestHub, type TestHub } from '../helpers/harness';
import { findStatusWrites, scanSources } from '../helpers/status-writes';
import { CHECKLIST_VERSION_MACHINE } from '../../src/modules/checklist/checklist.state';
import { DISPUTE_MACHINE } from '../../src/modules/dispute/dispute.state';
import { FINDING_MACHINE, RECTIFICATION_MACHINE } from '../../src/modules/finding/finding.state';
import { INSPECTION_MACHINE } from '../../src/modules/inspection/inspection.state';
import { SITE_MACHINE } from '../../src/modules/site/site.state';
import { VERIFICATION_MACHINE } from '../../src/modules/verification/verification.state';

/*
 * Every `status` column in the database belongs to a state machine, and no code in src/ writes
 * one except src/common/state-machine.ts (transition / create / createMany / transitionWhere).
 */

const ROOT = join(__dirname, '../..');
const MACHINES = [CHECKLIST_VERSION_MACHINE, DISPUTE_MACHINE, FINDING_MACHINE, RECTIFICATION_MACHINE, INSPECTION_MACHINE, SITE_MACHINE, VERIFICATION_MACHINE];
/**
 * The only files allowed to write a status: the state machine itself, and the demo seed, which
 * lays down its starting records (a scheduled visit) in one transaction before the hub serves
 * any request, as test fixtures do; config refuses it in production.
 */
const ALLOWED = new Set(['src/common/state-machine.ts', 'src/db/demo-data.ts']);

let hub: TestHub;
let tables: Set<string>;
let entities: Set<string>;

beforeAll(async () => {
  hub = await startTestHub();
  const rows: { table_name: string }[] = await hub.ds.query(
    `SELECT c.table_name FROM information_schema.columns c JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = current_schema() AND c.column_name = 'status' AND t.table_type = 'BASE TABLE' ORDER BY 1`,
  );
  tables = new Set(rows.map((r) => r.table_name));
  entities = new Set(hub.ds.entityMetadatas.filter((m) => tables.has(m.tableName)).map((m) => m.name));
});
afterAll(() => hub.stop());

/** Status columns that copy a finding's status into a tally: written by the database's triggers only (migration FindingDeadlineTally). */
const DERIVED = ['finding_deadline_tally', 'finding_raised_tally'];

it('every status column of the database has a state machine (or is a tally the triggers keep), and every machine a status column', () => {
  const owned = MACHINES.map((m) => hub.ds.getMetadata(m.entity).tableName);
  expect([...tables].sort()).toEqual([...owned, ...DERIVED].sort());
  expect(owned.length).toBe(7);
});

it('nothing in src/ writes a status outside src/common/state-machine.ts', () => {
  expect(scanSources(ROOT, join(ROOT, 'src'), ALLOWED, tables, entities)).toEqual([]);
});

it('the scan catches each kind of status write (so the test above can fail)', () => {
  const cases = [
    "await tx.em.query(`UPDATE finding SET severity = $2, status = 'OPEN' WHERE id = $1`, [id]);",
    'await tx.em.query(`UPDATE "dispute" SET status = $2 WHERE id = $1`);',
    "await tx.em.query(`INSERT INTO inspection (id, site_id, status) VALUES ($1, $2, 'SCHEDULED')`);",
    "await tx.em.update(Inspection, { id }, { startedAt, status: 'IN_PROGRESS' });",
    "const d = await tx.em.save(tx.em.create(Dispute, { kind: 'SITE_CONFLICT', status: 'RESOLVED' }));",
    "await updateVersioned(tx, 'site', id, version, { status: to, closed_reason: null });",
    "await tx.em.createQueryBuilder().update(Finding).set({ status: 'WITHDRAWN' }).where('id = :id', { id }).execute();",
    'await tx.em.query(`UPDATE ${table} SET status = $2 WHERE id = $1`);',
  ];
  for (const code of cases) expect({ code, found: findStatusWrites('x.ts', code, tables, entities).length }).toEqual({ code, found: 1 });
  // Reads, filters and audit records are not writes.
  const reads = [
    "await tx.em.findOneBy(Dispute, { findingId: f.id, status: In(OPEN_DISPUTE_STATUSES) });",
    "await tx.em.count(Finding, { where: { inspectionId, status: Not(In(SETTLED_STATUSES)) } });",
    "await recordAudit(tx, { action: 'x', entityType: 'Site', entityId: id, before: { status: 'ACTIVE' } });",
    "await tx.em.query(`SELECT id FROM inspection WHERE status = 'SUBMITTED'`);",
    "await tx.em.query(`UPDATE verification_batch SET received = $2 WHERE id = $1`);",
    "await tx.em.update(Account, { id }, { active: false });",
  ];
  for (const code of reads) expect({ code, found: findStatusWrites('x.ts', code, tables, entities).length }).toEqual({ code, found: 0 });
});
