import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { startTestHub, type TestHub } from '../helpers/harness';
import { FILE_INSPECTION, hotelAllPass, makeAttachment, makeField, seededVersion, withAnswers } from '../fixtures/checklists';
import { statusAtCutoff } from '../../src/modules/report/report.sql';
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

/** Status columns that copy a finding's status into a tally: written by the database's triggers only (migrations FindingDeadlineTally, FindingTalliesByRecordedDay). */
const DERIVED = ['finding_deadline_tally', 'finding_due_created_tally', 'finding_raised_tally'];

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

it('the as-of report rebuilds a finding\'s past statuses from the events transition() writes', async () => {
  hub.clock.now = new Date();
  const w = await makeField(hub);
  const photo = await makeAttachment(hub.ds, w.lead.id);
  const version = await seededVersion(hub.ds, 'HOTEL-EPI');
  const submittedAt = new Date(hub.clock.now.getTime() - 3_600_000).toISOString();
  const answers = withAnswers(hotelAllPass(photo), [{ itemCode: 'REG.GUEST', yes: false }]);
  const filed = await hub.gql(FILE_INSPECTION, { i: { idempotencyKey: randomUUID(), siteId: w.hotel.id, teamId: w.team.id, checklistVersionId: version, startedAt: submittedAt, submittedAt, answers } }, w.tokens.lead);
  expect(filed.errors).toBeUndefined();
  const id = filed.data.fileInspection.findings[0].id as string;
  const rect = await hub.gql(`mutation($i: SubmitRectificationInput!) { submitRectification(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), findingId: id, description: '已整改' } }, w.tokens.hotelManager);
  expect(rect.errors).toBeUndefined();
  const ver = await hub.gql(`mutation($id: ID!) { verifyRectification(input: { findingId: $id }) { status } }`, { id }, w.tokens.lead);
  expect(ver.data.verifyRectification.status).toBe('VERIFIED');

  const events: { action: string; at: string; changes: Record<string, { before: unknown; after: unknown }> }[] = await hub.ds.query(
    `SELECT action, occurred_at::text AS at, changes FROM audit_event WHERE entity_type = 'Finding' AND entity_id = $1 AND changes ? 'status' ORDER BY id`,
    [id],
  );
  expect(events.map((e) => [e.action, e.changes.status])).toEqual([
    ['finding.raise', { before: null, after: 'OPEN' }],
    ['finding.rectification-submitted', { before: 'OPEN', after: 'RECTIFICATION_SUBMITTED' }],
    ['finding.verified', { before: 'RECTIFICATION_SUBMITTED', after: 'VERIFIED' }],
  ]);
  // The report's own expression, at the instant of each event (its $3, the cutoff, is $2 here).
  const atCutoff = async (cutoff: string) =>
    (await hub.ds.query(`SELECT ${statusAtCutoff('f', 'Finding').replace(/\$3/g, '$2')} AS s FROM finding f WHERE f.id = $1`, [id, cutoff]))[0].s;
  expect([await atCutoff(events[0].at), await atCutoff(events[1].at), await atCutoff(events[2].at)]).toEqual(['OPEN', 'RECTIFICATION_SUBMITTED', 'VERIFIED']);
});
