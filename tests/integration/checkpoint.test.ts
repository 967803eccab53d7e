import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';

let hub: TestHub;
let inspector: string;
let command: string;
let inspectorId: string;
beforeAll(async () => {
  hub = await startTestHub();
  const i = await makeAccount(hub.ds, 'INSPECTOR');
  inspectorId = i.id;
  inspector = await hub.login(i.username);
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
});
afterAll(() => hub.stop());

const checkpoint = (name = `卡口 ${randomUUID().slice(0, 6)}`, roadType = 'HIGHWAY_EXIT') => makeSite(hub.ds, { kind: 'CHECKPOINT', name, roadType, roadName: 'G85' });

const FILE = `mutation($i: FileCheckpointTallyInput!) { fileCheckpointTally(input: $i) {
  id shiftDate shift vehiclesChecked personsScreened vehiclesTurnedBack personsTurnedBack certificatesVerified samplesTaken
  leadersOnDuty warnings effective correctionReason corrects { id effective } supersededBy { id }
  officersOnDuty { name isLeader account { id } } filedBy { id } checkpoint { id name roadType roadName kind } } }`;

const TWO_LEADERS = [
  { name: '李科长', isLeader: true },
  { name: '王科长', isLeader: true },
  { name: '民警张三', isLeader: false },
];

function tally(checkpointId: string, over: Record<string, unknown> = {}) {
  return {
    idempotencyKey: randomUUID(),
    checkpointId,
    shiftDate: '2026-11-20',
    shift: 'DAY',
    vehiclesChecked: 412,
    personsScreened: 673,
    vehiclesTurnedBack: 15,
    personsTurnedBack: 23,
    certificatesVerified: 112,
    samplesTaken: 7,
    officersOnDuty: TWO_LEADERS,
    ...over,
  };
}

describe('filing a shift tally', () => {
  it('files a tally with the checkpoint, officers and no warning when two leaders are on duty', async () => {
    const cp = await checkpoint('草店公安检查站', 'NATIONAL_ROAD');
    const r = await hub.gql(FILE, { i: tally(cp.id, { officersOnDuty: [...TWO_LEADERS, { accountId: inspectorId, isLeader: false }] }) }, inspector);
    expect(r.errors).toBeUndefined();
    const t = r.data.fileCheckpointTally;
    expect(t).toMatchObject({ shiftDate: '2026-11-20', shift: 'DAY', vehiclesChecked: 412, personsTurnedBack: 23, leadersOnDuty: 2, warnings: [], effective: true, filedBy: { id: inspectorId } });
    expect(t.checkpoint).toEqual({ id: cp.id, name: '草店公安检查站', roadType: 'NATIONAL_ROAD', roadName: 'G85', kind: 'CHECKPOINT' });
    expect(t.officersOnDuty[3]).toMatchObject({ isLeader: false, account: { id: inspectorId } });
    expect(t.officersOnDuty[3].name).toMatch(/^Test inspector-/);
    const [audit] = await hub.ds.query(`SELECT action FROM audit_event WHERE entity_id = $1`, [t.id]);
    expect(audit.action).toBe('checkpoint-tally.file');
  });

  it('a retry with the same key returns the same tally; the same filing under a new key too', async () => {
    const cp = await checkpoint();
    const input = tally(cp.id);
    const a = await hub.gql(FILE, { i: input }, inspector);
    const b = await hub.gql(FILE, { i: input }, inspector);
    const c = await hub.gql(FILE, { i: { ...input, idempotencyKey: randomUUID() } }, inspector);
    expect(b.data.fileCheckpointTally.id).toBe(a.data.fileCheckpointTally.id);
    expect(c.data.fileCheckpointTally.id).toBe(a.data.fileCheckpointTally.id);
    const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM checkpoint_tally WHERE checkpoint_id = $1`, [cp.id]);
    expect(n).toBe(1);
  });

  it('a different filing for the same shift is CONFLICT; another shift is fine', async () => {
    const cp = await checkpoint();
    await hub.gql(FILE, { i: tally(cp.id) }, inspector);
    const e = expectError(await hub.gql(FILE, { i: tally(cp.id, { vehiclesChecked: 999 }) }, command), 'CONFLICT');
    expect(e.message).toMatch(/correction/);
    const night = await hub.gql(FILE, { i: tally(cp.id, { shift: 'NIGHT', vehiclesChecked: 999 }) }, inspector);
    expect(night.data.fileCheckpointTally.shift).toBe('NIGHT');
  });

  it('two different filings for one shift at the same moment: one is filed, the other is CONFLICT', async () => {
    const cp = await checkpoint();
    const rs = await Promise.all([hub.gql(FILE, { i: tally(cp.id, { vehiclesChecked: 401 }) }, inspector), hub.gql(FILE, { i: tally(cp.id, { vehiclesChecked: 402 }) }, command)]);
    expect(rs.filter((r) => !r.errors)).toHaveLength(1);
    expectError(rs.find((r) => r.errors)!, 'CONFLICT');
    const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM checkpoint_tally WHERE checkpoint_id = $1`, [cp.id]);
    expect(n).toBe(1);
  });

  it('a correction supersedes the tally; reads and totals show the effective one', async () => {
    const cp = await checkpoint();
    const first = (await hub.gql(FILE, { i: tally(cp.id) }, inspector)).data.fileCheckpointTally;
    expectError(await hub.gql(FILE, { i: tally(cp.id, { vehiclesChecked: 420, correctsId: first.id }) }, inspector), 'BAD_USER_INPUT');
    const fix = await hub.gql(FILE, { i: tally(cp.id, { vehiclesChecked: 420, correctsId: first.id, correctionReason: '漏登8辆' }) }, inspector);
    expect(fix.errors).toBeUndefined();
    expect(fix.data.fileCheckpointTally).toMatchObject({ vehiclesChecked: 420, effective: true, correctionReason: '漏登8辆', corrects: { id: first.id, effective: false } });
    // Correcting the superseded one again is CONFLICT: only the effective tally can be corrected.
    expectError(await hub.gql(FILE, { i: tally(cp.id, { vehiclesChecked: 421, correctsId: first.id, correctionReason: 'again' }) }, inspector), 'CONFLICT');
    const list = await hub.gql(
      `query($f: CheckpointTallyFilter) { checkpointTallies(filter: $f) { totalCount nodes { id vehiclesChecked } totals { tallies vehiclesChecked } } }`,
      { f: { checkpointIds: [cp.id] } },
      command,
    );
    expect(list.data.checkpointTallies).toEqual({ totalCount: 1, nodes: [{ id: fix.data.fileCheckpointTally.id, vehiclesChecked: 420 }], totals: { tallies: 1, vehiclesChecked: 420 } });
    const all = await hub.gql(`query($f: CheckpointTallyFilter) { checkpointTallies(filter: $f) { totalCount nodes { effective supersededBy { id } } totals { vehiclesChecked } } }`, { f: { checkpointIds: [cp.id], includeSuperseded: true } }, command);
    expect(all.data.checkpointTallies.totalCount).toBe(2);
    expect(all.data.checkpointTallies.totals.vehiclesChecked).toBe(420);
    expect(all.data.checkpointTallies.nodes.find((n: { effective: boolean }) => !n.effective).supersededBy.id).toBe(fix.data.fileCheckpointTally.id);
  });

  it('fewer than two leaders on duty is accepted with a warning the command centre can list', async () => {
    const cp = await checkpoint();
    const r = await hub.gql(FILE, { i: tally(cp.id, { officersOnDuty: [{ name: '李科长', isLeader: true }, { name: '民警', isLeader: false }] }) }, inspector);
    expect(r.data.fileCheckpointTally.leadersOnDuty).toBe(1);
    expect(r.data.fileCheckpointTally.warnings).toEqual(['only 1 leader on duty; a checkpoint shift needs at least 2']);
    const w = await hub.gql(`query($f: CheckpointTallyFilter) { checkpointTallies(filter: $f) { nodes { id warnings } totals { withWarnings } } }`, { f: { checkpointIds: [cp.id], withWarningsOnly: true } }, command);
    expect(w.data.checkpointTallies.nodes).toEqual([{ id: r.data.fileCheckpointTally.id, warnings: r.data.fileCheckpointTally.warnings }]);
    expect(w.data.checkpointTallies.totals.withWarnings).toBe(1);
  });

  it('rejects negative counts and more turned back than checked, naming the field', async () => {
    const cp = await checkpoint();
    expect(expectError(await hub.gql(FILE, { i: tally(cp.id, { samplesTaken: -1 }) }, inspector), 'BAD_USER_INPUT').extensions.field).toBe('input.samplesTaken');
    expect(expectError(await hub.gql(FILE, { i: tally(cp.id, { vehiclesTurnedBack: 500 }) }, inspector), 'BAD_USER_INPUT').extensions.field).toBe('input.vehiclesTurnedBack');
    expect(expectError(await hub.gql(FILE, { i: tally(cp.id, { personsTurnedBack: 700 }) }, inspector), 'BAD_USER_INPUT').extensions.field).toBe('input.personsTurnedBack');
    expect(expectError(await hub.gql(FILE, { i: tally(cp.id, { shiftDate: '2026-02-30' }) }, inspector), 'BAD_USER_INPUT').extensions.field).toBe('input.shiftDate');
    const hotel = await makeSite(hub.ds);
    expect(expectError(await hub.gql(FILE, { i: tally(hotel.id) }, inspector), 'BAD_USER_INPUT').extensions.field).toBe('input.checkpointId');
    expect(expectError(await hub.gql(FILE, { i: tally(cp.id, { officersOnDuty: [{ isLeader: true }] }) }, inspector), 'BAD_USER_INPUT').extensions.field).toBe('input.officersOnDuty.0.name');
  });
});

describe('totals and lists', () => {
  it('totals add up the six figures over effective tallies in the range, whatever the page size', async () => {
    const a = await checkpoint('凤县高速公路出口');
    const b = await checkpoint('草店', 'NATIONAL_ROAD');
    const figures = [
      [a.id, '2026-10-01', 'DAY', 100, 150, 3, 5, 20, 2],
      [a.id, '2026-10-01', 'NIGHT', 60, 80, 1, 2, 9, 0],
      [b.id, '2026-10-02', 'DAY', 200, 310, 7, 11, 41, 5],
      [b.id, '2026-10-09', 'DAY', 999, 999, 0, 0, 0, 0], // outside the range
    ] as const;
    for (const [id, d, s, vc, ps, vt, pt, cv, st] of figures) {
      const r = await hub.gql(FILE, { i: tally(id, { shiftDate: d, shift: s, vehiclesChecked: vc, personsScreened: ps, vehiclesTurnedBack: vt, personsTurnedBack: pt, certificatesVerified: cv, samplesTaken: st }) }, inspector);
      expect(r.errors).toBeUndefined();
    }
    const Q = `query($f: CheckpointTallyFilter, $first: Int, $after: String) { checkpointTallies(filter: $f, first: $first, after: $after) {
      totalCount pageInfo { hasNextPage endCursor } nodes { shiftDate shift checkpoint { name } }
      totals { tallies vehiclesChecked personsScreened vehiclesTurnedBack personsTurnedBack certificatesVerified samplesTaken } } }`;
    const f = { checkpointIds: [a.id, b.id], from: '2026-10-01', to: '2026-10-05' };
    const p1 = await hub.gql(Q, { f, first: 2 }, command);
    expect(p1.data.checkpointTallies.totals).toEqual({ tallies: 3, vehiclesChecked: 360, personsScreened: 540, vehiclesTurnedBack: 11, personsTurnedBack: 18, certificatesVerified: 70, samplesTaken: 7 });
    expect(p1.data.checkpointTallies.totalCount).toBe(3);
    expect(p1.data.checkpointTallies.nodes.map((n: { shiftDate: string; shift: string }) => `${n.shiftDate} ${n.shift}`)).toEqual(['2026-10-02 DAY', '2026-10-01 NIGHT']);
    const p2 = await hub.gql(Q, { f, first: 2, after: p1.data.checkpointTallies.pageInfo.endCursor }, command);
    expect(p2.data.checkpointTallies.nodes.map((n: { shiftDate: string; shift: string }) => `${n.shiftDate} ${n.shift}`)).toEqual(['2026-10-01 DAY']);
    expect(p2.data.checkpointTallies.pageInfo.hasNextPage).toBe(false);
  });

  it('a checkpoint lists its tallies through the Site interface without a statement per checkpoint', async () => {
    const cps = await Promise.all([checkpoint(), checkpoint(), checkpoint()]);
    for (const cp of cps) await hub.gql(FILE, { i: tally(cp.id, { shiftDate: '2026-09-01' }) }, inspector);
    const one = await hub.gql(`query($id: ID!) { site(id: $id) { __typename ... on Checkpoint { roadType tallies(from: "2026-09-01", to: "2026-09-01") { vehiclesChecked } } } }`, { id: cps[0].id }, command);
    expect(one.data.site).toEqual({ __typename: 'Checkpoint', roadType: 'HIGHWAY_EXIT', tallies: [{ vehiclesChecked: 412 }] });
    const Q = `query($f: CheckpointTallyFilter) { checkpointTallies(filter: $f) { nodes { checkpoint { name managers { id } tallies(from: "2026-09-01") { id filedBy { id } } } filedBy { id } } } }`;
    const r1 = await hub.gql(Q, { f: { checkpointIds: [cps[0].id] } }, command);
    const r3 = await hub.gql(Q, { f: { checkpointIds: cps.map((c) => c.id) } }, command);
    expect(r3.data.checkpointTallies.nodes).toHaveLength(3);
    expect(r3.sql).toBe(r1.sql);
  });
});

describe('scope', () => {
  it('a facility manager cannot file tallies and sees only its own checkpoints', async () => {
    const own = await checkpoint();
    const other = await checkpoint();
    await hub.gql(FILE, { i: tally(own.id) }, inspector);
    await hub.gql(FILE, { i: tally(other.id) }, inspector);
    const fm = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    await bindManager(hub.ds, own.id, fm.id);
    const token = await hub.login(fm.username);
    expectError(await hub.gql(FILE, { i: tally(own.id, { shift: 'NIGHT' }) }, token), 'FORBIDDEN');
    const mine = await hub.gql(`{ checkpointTallies { nodes { checkpoint { id } } totals { tallies } } }`, {}, token);
    expect(mine.data.checkpointTallies.nodes).toEqual([{ checkpoint: { id: own.id } }]);
    expect(mine.data.checkpointTallies.totals.tallies).toBe(1);
    expectError(await hub.gql(`query($f: CheckpointTallyFilter) { checkpointTallies(filter: $f) { totalCount } }`, { f: { checkpointIds: [other.id] } }, token), 'NOT_FOUND');
  });

  it('a reviewer may read but not file', async () => {
    const cp = await checkpoint();
    const reviewer = await hub.login((await makeAccount(hub.ds, 'REVIEWER')).username);
    expectError(await hub.gql(FILE, { i: tally(cp.id) }, reviewer), 'FORBIDDEN');
    expect((await hub.gql(`{ checkpointTallies(first: 1) { totalCount } }`, {}, reviewer)).errors).toBeUndefined();
  });
});
