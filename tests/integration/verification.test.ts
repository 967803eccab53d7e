import { randomUUID } from 'node:crypto';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { makeAccount, makeAgency } from '../fixtures/factory';

let hub: TestHub;
let command: string;
let inspector: string;
let unit: { id: string; code: string };
beforeAll(async () => {
  hub = await startTestHub();
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
  unit = await makeAgency(hub.ds, 'TOWNSHIP', '凤州镇派出所');
  inspector = await hub.login((await makeAccount(hub.ds, 'INSPECTOR', { agencyId: unit.id })).username);
});
afterAll(() => hub.stop());

const IMPORT = `mutation($i: ImportVerificationRecordsInput!) { importVerificationRecords(input: $i) { id batchRef source received needingVerification duplicates { row externalRef } importedBy { id } } }`;
const TASKS = `query($f: VerificationTaskFilter, $first: Int, $after: String) { verificationTasks(filter: $f, first: $first, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } nodes { id externalRef status overdue version deadline routedUnit { code } result resultNotes answeredBy { id } batch { batchRef } }
  totals { received needingVerification answered overdue } } }`;

let seq = 0;
function record(over: Record<string, unknown> = {}): Record<string, unknown> & { externalRef: string } {
  seq += 1;
  return {
    externalRef: `XC-${randomUUID().slice(0, 8)}-${seq}`,
    personName: `人员${seq}`,
    idNumberMasked: '610330********1234',
    reason: '途经中风险地区',
    needsVerification: false,
    ...over,
  };
}
const imp = (records: unknown[], batchRef = `B-${randomUUID().slice(0, 6)}`) => ({ idempotencyKey: randomUUID(), batchRef, records });

describe('bulk import', () => {
  it('rejects a batch of 200 with 3 bad rows by row number, and writes nothing', async () => {
    const records = Array.from({ length: 200 }, () => record());
    records[17] = { ...records[17], externalRef: '' };
    records[42] = { ...records[42], idNumberMasked: '610330199001011234' }; // a full id number is refused
    records[150] = { ...records[150], idNumberMasked: null as unknown as string };
    const before = await hub.ds.query(`SELECT (SELECT count(*) FROM verification_record)::int AS r, (SELECT count(*) FROM verification_batch)::int AS b`);
    const e = expectError(await hub.gql(IMPORT, { i: imp(records) }, command), 'BAD_USER_INPUT');
    expect(e.extensions.field).toBe('input.records.17.externalRef');
    const bad = e.extensions.badRows as { row: number; field: string }[];
    expect(bad.map((b) => b.row)).toEqual([17, 42, 150]);
    expect(bad.map((b) => b.field)).toEqual(['input.records.17.externalRef', 'input.records.42.idNumberMasked', 'input.records.150.idNumberMasked']);
    const after = await hub.ds.query(`SELECT (SELECT count(*) FROM verification_record)::int AS r, (SELECT count(*) FROM verification_batch)::int AS b`);
    expect(after).toEqual(before);
  });

  it('a good import of 1,000 records runs a handful of statements, and only flagged records become tasks', async () => {
    const records = Array.from({ length: 1000 }, (_, i) => record(i % 10 === 0 ? { needsVerification: true, routedUnit: unit.code, deadline: '2026-12-01T10:00:00+08:00' } : {}));
    const r = await hub.gql(IMPORT, { i: imp(records, 'PUSH-1000') }, command);
    expect(r.errors).toBeUndefined();
    expect(r.data.importVerificationRecords).toMatchObject({ batchRef: 'PUSH-1000', source: 'GRAPHQL', received: 1000, needingVerification: 100, duplicates: [] });
    expect(r.sql).toBeLessThan(25); // far below one per record
    const t = await hub.gql(TASKS, { f: { batchId: r.data.importVerificationRecords.id }, first: 5 }, command);
    expect(t.data.verificationTasks.totalCount).toBe(100);
    expect(t.data.verificationTasks.totals).toMatchObject({ received: 1000, needingVerification: 100, answered: 0 });
    expect(t.data.verificationTasks.nodes[0]).toMatchObject({ status: 'ROUTED', routedUnit: { code: unit.code }, deadline: '2026-12-01T02:00:00.000Z' });
  });

  it('takes 5,000 records (the limit) in one mutation', async () => {
    const records = Array.from({ length: 5000 }, (_, i) => record(i < 107 ? { needsVerification: true } : { idNumberMasked: null, phoneMasked: '138****0000' }));
    const r = await hub.gql(IMPORT, { i: imp(records) }, command);
    expect(r.errors).toBeUndefined();
    expect(r.data.importVerificationRecords).toMatchObject({ received: 5000, needingVerification: 107 });
    expect(r.sql).toBeLessThan(25);
  });

  it('a retry with the same key returns the same import; records already imported are skipped and reported', async () => {
    const first = [record(), record()];
    const input = imp(first);
    const a = await hub.gql(IMPORT, { i: input }, command);
    const again = await hub.gql(IMPORT, { i: input }, command);
    expect(again.data.importVerificationRecords.id).toBe(a.data.importVerificationRecords.id);
    const b = await hub.gql(IMPORT, { i: imp([record(), first[1], record()]) }, command);
    expect(b.data.importVerificationRecords).toMatchObject({ received: 2, duplicates: [{ row: 1, externalRef: first[1].externalRef }] });
  });

  it('a repeated externalRef within one batch and an unknown unit are bad rows', async () => {
    const r = record();
    const e = expectError(await hub.gql(IMPORT, { i: imp([r, record(), { ...r }, record({ needsVerification: true, routedUnit: 'NO-SUCH' })]) }, command), 'BAD_USER_INPUT');
    expect((e.extensions.badRows as { field: string }[]).map((b) => b.field)).toEqual(['input.records.2.externalRef', 'input.records.3.routedUnit']);
  });

  it('more than 5,000 records is refused; an inspector may not import', async () => {
    const e = expectError(await hub.gql(IMPORT, { i: imp(Array.from({ length: 5001 }, () => ({ externalRef: 'x', personName: 'x', reason: 'x', needsVerification: false, phoneMasked: '138****0000' }))) }, command), 'BAD_USER_INPUT');
    expect(e.extensions.field).toBe('input.records');
    expectError(await hub.gql(IMPORT, { i: imp([record()]) }, inspector), 'FORBIDDEN');
  });
});

describe('CSV import', () => {
  const post = (body: string, token?: string, batchRef = 'CSV-1', key: string = randomUUID()) =>
    fetch(`${hub.url}/verification-records.csv?batchRef=${encodeURIComponent(batchRef)}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv; charset=utf-8', 'idempotency-key': key, ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body,
    });

  it('imports rows after the header, quoted fields included', async () => {
    const ref = randomUUID().slice(0, 8);
    const csv = [
      'externalRef,personName,idNumberMasked,phoneMasked,reason,needsVerification,routedUnit,deadline',
      `C-${ref}-1,张三,610330********1234,,"途经西安, 需核查",是,${unit.code},2026-12-02T12:00:00Z`,
      `C-${ref}-2,李四,,138****5678,"说明含""引号""",false,,`,
    ].join('\r\n');
    const res = await post(csv, command);
    const body = (await res.json()) as any;
    expect(res.status).toBe(200);
    expect(body.data).toMatchObject({ batchRef: 'CSV-1', received: 2, needingVerification: 1, duplicates: [] });
    const [row] = await hub.ds.query(`SELECT reason, status FROM verification_record WHERE external_ref = $1`, [`C-${ref}-1`]);
    expect(row).toEqual({ reason: '途经西安, 需核查', status: 'ROUTED' });
    const [row2] = await hub.ds.query(`SELECT reason FROM verification_record WHERE external_ref = $1`, [`C-${ref}-2`]);
    expect(row2.reason).toBe('说明含"引号"');
  });

  it('rejects bad rows numbered from 1 after the header, and checks the token like GraphQL', async () => {
    const csv = ['externalRef,personName,idNumberMasked,reason,needsVerification', 'C-x1,王五,610330********1234,r,true', 'C-x2,,610330********1234,r,maybe'].join('\n');
    const res = await post(csv, command);
    expect(res.status).toBe(400);
    const body = (await res.json()) as any;
    expect(body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rows.2.personName' });
    expect(body.errors[0].extensions.badRows.map((b: { field: string }) => b.field)).toEqual(['rows.2.personName', 'rows.2.needsVerification']);
    const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM verification_record WHERE external_ref = 'C-x1'`);
    expect(n).toBe(0);
    expect((await post(csv)).status).toBe(401);
    expect((await post(csv, inspector)).status).toBe(403);
  });
});

describe('imports from the offices: XLSX, GB18030 CSV, UTF-8 with a BOM (issue 18 item 11)', () => {
  const HEADER = ['externalRef', 'personName', 'idNumberMasked', 'phoneMasked', 'reason', 'needsVerification', 'routedUnit', 'deadline', 'receivedAt'];
  const send = (path: string, body: Buffer, type: string, key: string = randomUUID()) =>
    fetch(`${hub.url}${path}?batchRef=${encodeURIComponent(`B-${key.slice(0, 8)}`)}`, { method: 'POST', headers: { 'content-type': type, 'idempotency-key': key, authorization: `Bearer ${command}` }, body });
  const stored = (ref: string) => hub.ds.query(`SELECT person_name, reason, needs_verification, status, received_at, deadline FROM verification_record WHERE external_ref = $1`, [ref]);
  async function xlsx(rows: unknown[][]): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('协查数据');
    for (const r of rows) ws.addRow(r);
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('takes an XLSX: text, boolean and date cells (dates as Beijing wall-clock times), and the receipt time', async () => {
    const ref = randomUUID().slice(0, 8);
    const body = await xlsx([
      HEADER,
      // A date cell holds the wall-clock time without a zone: 2026-12-01 09:30 in Beijing is 01:30 UTC.
      [`X-${ref}-1`, '张三', '610330********1234', null, '途经西安, 需核查', true, unit.code, new Date(Date.UTC(2026, 11, 3, 20, 0)), new Date(Date.UTC(2026, 11, 1, 9, 30))],
      [`X-${ref}-2`, '李四', null, '138****5678', '密接', '否', null, null, '2026-11-30T08:00:00+08:00'],
    ]);
    const res = await send('/verification-records.xlsx', body, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.status).toBe(200);
    expect(((await res.json()) as any).data).toMatchObject({ received: 2, needingVerification: 1, duplicates: [] });
    expect(await stored(`X-${ref}-1`)).toEqual([
      { person_name: '张三', reason: '途经西安, 需核查', needs_verification: true, status: 'ROUTED', received_at: new Date('2026-12-01T01:30:00Z'), deadline: new Date('2026-12-03T12:00:00Z') },
    ]);
    expect((await stored(`X-${ref}-2`))[0]).toMatchObject({ needs_verification: false, status: 'RECEIVED', received_at: new Date('2026-11-30T00:00:00Z') });
  });

  it('refuses an XLSX’s bad rows by row number, and imports none of it', async () => {
    const ref = randomUUID().slice(0, 8);
    const body = await xlsx([HEADER, [`X-${ref}-1`, '王五', '610330********1234', null, 'r', true], [`X-${ref}-2`, '', '610330********1234', null, 'r', 'maybe', null, null, 'yesterday']]);
    const res = await send('/verification-records.csv', body, 'application/octet-stream');
    expect(res.status).toBe(400);
    const e = ((await res.json()) as any).errors[0].extensions;
    expect(e.badRows.map((b: { field: string }) => b.field)).toEqual(['rows.2.personName', 'rows.2.needsVerification', 'rows.2.receivedAt']);
    expect(await stored(`X-${ref}-1`)).toEqual([]);
  });

  it('takes CSV saved in GB18030 (declared or detected) and UTF-8 with a BOM', async () => {
    const ref = randomUUID().slice(0, 8);
    const csv = (n: number) => [HEADER.join(','), `G-${ref}-${n},欧阳娜娜,,138****0000,"途经 西安，需核查",是,,,2026-11-29T10:00:00+08:00`].join('\r\n');
    for (const [n, body, type] of [
      [1, iconv.encode(csv(1), 'gb18030'), 'text/csv; charset=GB18030'],
      [2, iconv.encode(csv(2), 'gbk'), 'text/csv'], // no charset: not UTF-8, so GB18030
      [3, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(csv(3))]), 'text/csv'],
      [4, Buffer.from(csv(4)), 'text/csv; charset=utf-8'],
    ] as [number, Buffer, string][]) {
      const res = await send('/verification-records.csv', body, type);
      expect([n, res.status]).toEqual([n, 200]);
      expect([n, (await stored(`G-${ref}-${n}`))[0]]).toEqual([n, expect.objectContaining({ person_name: '欧阳娜娜', reason: '途经 西安，需核查', received_at: new Date('2026-11-29T02:00:00Z') })]);
    }
  });

  it('refuses a receipt time in the future or not a date-time, by row; a charset it does not take; bytes in no encoding it takes', async () => {
    const ref = randomUUID().slice(0, 8);
    const future = new Date(hub.clock.now.getTime() + 3_600_000).toISOString();
    const csv = ['externalRef,personName,phoneMasked,reason,needsVerification,receivedAt', `R-${ref}-1,甲,138****0001,r,no,${future}`, `R-${ref}-2,乙,138****0002,r,no,2026-11-29 10:00`].join('\n');
    const res = await send('/verification-records.csv', Buffer.from(csv), 'text/csv');
    expect(res.status).toBe(400);
    expect(((await res.json()) as any).errors[0].extensions.badRows.map((b: { field: string }) => b.field)).toEqual(['rows.1.receivedAt', 'rows.2.receivedAt']);
    const latin = await send('/verification-records.csv', Buffer.from(csv), 'text/csv; charset=latin1');
    expect([latin.status, ((await latin.json()) as any).errors[0].extensions]).toEqual([400, expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'content-type' })]);
    // 0xFF is neither UTF-8 nor GB18030.
    const junk = await send('/verification-records.csv', Buffer.concat([Buffer.from('externalRef,personName\n'), Buffer.from([0xff, 0x0a])]), 'text/csv');
    expect([junk.status, ((await junk.json()) as any).errors[0].extensions]).toEqual([400, expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'body' })]);
    const notXlsx = await send('/verification-records.xlsx', Buffer.from('PK\x03\x04 not really'), 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect([notXlsx.status, ((await notXlsx.json()) as any).errors[0].extensions]).toEqual([400, expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'body' })]);
  });
});

describe('tasks', () => {
  async function oneTask(over: Record<string, unknown> = {}) {
    const rec = record({ needsVerification: true, ...over });
    const r = await hub.gql(IMPORT, { i: imp([rec]) }, command);
    const t = await hub.gql(TASKS, { f: { batchId: r.data.importVerificationRecords.id } }, command);
    return t.data.verificationTasks.nodes[0] as { id: string; version: number; status: string };
  }
  const ROUTE = `mutation($i: RouteVerificationTaskInput!) { routeVerificationTask(input: $i) { id status version routedUnit { code } } }`;
  const START = `mutation($i: StartVerificationTaskInput!) { startVerificationTask(input: $i) { id status version } }`;
  const ANSWER = `mutation($i: AnswerVerificationTaskInput!) { answerVerificationTask(input: $i) { id status version result resultNotes answeredBy { id } } }`;

  it('moves RECEIVED → ROUTED → VERIFYING → ANSWERED; answering with a stale version is CONFLICT', async () => {
    const t = await oneTask();
    expect(t.status).toBe('RECEIVED');
    expectError(await hub.gql(ANSWER, { i: { id: t.id, version: t.version, result: 'CLEARED' } }, command), 'INVALID_TRANSITION');
    const routed = (await hub.gql(ROUTE, { i: { id: t.id, version: t.version, unitId: unit.id } }, command)).data.routeVerificationTask;
    expect(routed).toMatchObject({ status: 'ROUTED', routedUnit: { code: unit.code } });
    const started = (await hub.gql(START, { i: { id: t.id, version: routed.version } }, inspector)).data.startVerificationTask;
    expect(started.status).toBe('VERIFYING');
    const stale = expectError(await hub.gql(ANSWER, { i: { id: t.id, version: routed.version, result: 'CLEARED' } }, inspector), 'CONFLICT');
    expect(stale.extensions.field).toBe('input.version');
    const answered = await hub.gql(ANSWER, { i: { id: t.id, version: started.version, result: 'CONFIRMED_ISOLATED', notes: '已落实居家隔离' } }, inspector);
    expect(answered.data.answerVerificationTask).toMatchObject({ status: 'ANSWERED', result: 'CONFIRMED_ISOLATED', resultNotes: '已落实居家隔离' });
    // A second answer from the same version (a double submit) is CONFLICT, not a second result.
    expectError(await hub.gql(ANSWER, { i: { id: t.id, version: started.version, result: 'NOT_FOUND' } }, command), 'CONFLICT');
    const audits = await hub.ds.query(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY id`, [t.id]);
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['verification.route', 'verification.start', 'verification.answer']);
  });

  it('overdue follows the deadline and the clock; answered tasks are never overdue', async () => {
    const batchRef = `OD-${randomUUID().slice(0, 6)}`;
    const r = await hub.gql(IMPORT, { i: imp([record({ needsVerification: true, deadline: '2026-06-01T00:00:00Z' }), record({ needsVerification: true, deadline: '2026-06-03T00:00:00Z' }), record()], batchRef) }, command);
    const batchId = r.data.importVerificationRecords.id;
    hub.clock.now = new Date('2026-06-02T00:00:00Z');
    const od = await hub.gql(TASKS, { f: { batchId, overdue: true } }, command);
    expect(od.data.verificationTasks.nodes).toHaveLength(1);
    expect(od.data.verificationTasks.nodes[0]).toMatchObject({ overdue: true, deadline: '2026-06-01T00:00:00.000Z' });
    expect(od.data.verificationTasks.totals).toEqual({ received: 3, needingVerification: 2, answered: 0, overdue: 1 });
    const notOd = await hub.gql(TASKS, { f: { batchId, overdue: false } }, command);
    expect(notOd.data.verificationTasks.nodes.map((n: { overdue: boolean }) => n.overdue)).toEqual([false]);
    hub.clock.now = new Date('2026-06-04T00:00:00Z');
    const later = await hub.gql(TASKS, { f: { batchId } }, command);
    expect(later.data.verificationTasks.totals.overdue).toBe(2);
    // Answer one (late): it stops being overdue.
    const t = later.data.verificationTasks.nodes[0];
    const routed = (await hub.gql(ROUTE, { i: { id: t.id, version: t.version, unitId: unit.id } }, command)).data.routeVerificationTask;
    const started = (await hub.gql(START, { i: { id: t.id, version: routed.version } }, command)).data.startVerificationTask;
    await hub.gql(ANSWER, { i: { id: t.id, version: started.version, result: 'NOT_FOUND' } }, command);
    const done = await hub.gql(TASKS, { f: { batchId } }, command);
    expect(done.data.verificationTasks.totals).toEqual({ received: 3, needingVerification: 2, answered: 1, overdue: 1 });
    expect(done.data.verificationTasks.nodes.find((n: { id: string }) => n.id === t.id)).toMatchObject({ status: 'ANSWERED', overdue: false });
    hub.clock.unpin();
  });

  it('pages through tasks with a cursor, and a facility manager sees none', async () => {
    const batchRef = `PG-${randomUUID().slice(0, 6)}`;
    const r = await hub.gql(IMPORT, { i: imp(Array.from({ length: 5 }, () => record({ needsVerification: true })), batchRef) }, command);
    const batchId = r.data.importVerificationRecords.id;
    const p1 = await hub.gql(TASKS, { f: { batchId }, first: 3 }, command);
    const p2 = await hub.gql(TASKS, { f: { batchId }, first: 3, after: p1.data.verificationTasks.pageInfo.endCursor }, command);
    const ids = [...p1.data.verificationTasks.nodes, ...p2.data.verificationTasks.nodes].map((n: { id: string }) => n.id);
    expect(new Set(ids).size).toBe(5);
    expect(p2.data.verificationTasks.pageInfo.hasNextPage).toBe(false);
    const fm = await hub.login((await makeAccount(hub.ds, 'FACILITY_MANAGER')).username);
    expectError(await hub.gql(TASKS, {}, fm), 'FORBIDDEN');
  });
});

describe('unit scope: an inspector works only on tasks routed to its own unit', () => {
  const ROUTE = `mutation($i: RouteVerificationTaskInput!) { routeVerificationTask(input: $i) { id status version routedUnit { code } } }`;
  const START = `mutation($i: StartVerificationTaskInput!) { startVerificationTask(input: $i) { id status version } }`;
  const ANSWER = `mutation($i: AnswerVerificationTaskInput!) { answerVerificationTask(input: $i) { id status version result answeredBy { id } } }`;
  const ONE = `query($id: ID!) { verificationTask(id: $id) { id externalRef status version routedUnit { code } } }`;

  let unitB: { id: string; code: string };
  let inspectorB: string;
  let reviewer: string;
  let batchId: string;
  /** Tasks by name: routed to A (the suite's unit), routed to B, not routed. */
  const t: Record<'a' | 'b' | 'none', { id: string; externalRef: string; version: number }> = {} as never;

  beforeAll(async () => {
    unitB = await makeAgency(hub.ds, 'TOWNSHIP', '双石铺镇派出所');
    inspectorB = await hub.login((await makeAccount(hub.ds, 'INSPECTOR', { agencyId: unitB.id })).username);
    reviewer = await hub.login((await makeAccount(hub.ds, 'REVIEWER')).username);
    const recs = { a: record({ needsVerification: true, routedUnit: unit.code }), b: record({ needsVerification: true, routedUnit: unitB.code }), none: record({ needsVerification: true }) };
    const r = await hub.gql(IMPORT, { i: imp([recs.a, recs.b, recs.none, record()]) }, command);
    expect(r.errors).toBeUndefined();
    batchId = r.data.importVerificationRecords.id;
    const all = (await hub.gql(TASKS, { f: { batchId } }, command)).data.verificationTasks.nodes;
    for (const k of ['a', 'b', 'none'] as const) t[k] = all.find((n: { externalRef: string }) => n.externalRef === recs[k].externalRef);
  });

  const refsSeenBy = async (token: string, f: Record<string, unknown> = { batchId }) => {
    const r = await hub.gql(TASKS, { f }, token);
    expect(r.errors).toBeUndefined();
    return { refs: r.data.verificationTasks.nodes.map((n: { externalRef: string }) => n.externalRef).sort(), totalCount: r.data.verificationTasks.totalCount, totals: r.data.verificationTasks.totals };
  };

  it('lists and reads only its own unit’s tasks; COMMAND and REVIEWER see them all', async () => {
    const a = await refsSeenBy(inspector);
    expect(a).toEqual({ refs: [t.a.externalRef], totalCount: 1, totals: { received: 1, needingVerification: 1, answered: 0, overdue: 0 } });
    expect((await refsSeenBy(inspectorB)).refs).toEqual([t.b.externalRef]);
    // Asking for the other unit by filter gives nothing, not the other unit's tasks.
    expect((await refsSeenBy(inspectorB, { batchId, unitId: unit.id })).refs).toEqual([]);
    const all = [t.a.externalRef, t.b.externalRef, t.none.externalRef].sort();
    expect(await refsSeenBy(command)).toEqual({ refs: all, totalCount: 3, totals: { received: 4, needingVerification: 3, answered: 0, overdue: 0 } });
    expect((await refsSeenBy(reviewer)).refs).toEqual(all);

    expect((await hub.gql(ONE, { id: t.a.id }, inspector)).data.verificationTask).toMatchObject({ id: t.a.id, routedUnit: { code: unit.code } });
    const hidden = await hub.gql(ONE, { id: t.a.id }, inspectorB);
    expect(hidden.errors).toBeUndefined();
    expect(hidden.data.verificationTask).toBeNull();
    expect((await hub.gql(ONE, { id: t.none.id }, inspector)).data.verificationTask).toBeNull();
    expect((await hub.gql(ONE, { id: t.none.id }, command)).data.verificationTask).toMatchObject({ id: t.none.id, status: 'RECEIVED', routedUnit: null });
    expect((await hub.gql(ONE, { id: 'not-an-id' }, command)).data.verificationTask).toBeNull();
    expectError(await hub.gql(ONE, { id: t.a.id }, await hub.login((await makeAccount(hub.ds, 'FACILITY_MANAGER')).username)), 'FORBIDDEN');
  });

  it('another unit’s inspector gets NOT_FOUND on start and answer, whatever version it sends; its own inspector answers', async () => {
    expectError(await hub.gql(START, { i: { id: t.a.id, version: t.a.version } }, inspectorB), 'NOT_FOUND');
    expectError(await hub.gql(START, { i: { id: t.a.id, version: t.a.version + 7 } }, inspectorB), 'NOT_FOUND'); // not CONFLICT: that would tell it exists
    const started = await hub.gql(START, { i: { id: t.a.id, version: t.a.version } }, inspector);
    expect(started.errors).toBeUndefined();
    expect(started.data.startVerificationTask.status).toBe('VERIFYING');
    const v = started.data.startVerificationTask.version;
    expectError(await hub.gql(ANSWER, { i: { id: t.a.id, version: v, result: 'CLEARED' } }, inspectorB), 'NOT_FOUND');
    const answered = await hub.gql(ANSWER, { i: { id: t.a.id, version: v, result: 'CLEARED' } }, inspector);
    expect(answered.errors).toBeUndefined();
    expect(answered.data.answerVerificationTask).toMatchObject({ status: 'ANSWERED', result: 'CLEARED' });
    // Nothing was written by the refused attempts.
    const audits = await hub.ds.query(`SELECT action FROM audit_event WHERE entity_id = $1 ORDER BY id`, [t.a.id]);
    expect(audits.map((x: { action: string }) => x.action)).toEqual(['verification.start', 'verification.answer']);
  });

  it('an unrouted task is refused to an inspector until the command centre routes it; COMMAND works on any unit’s task', async () => {
    const s = expectError(await hub.gql(START, { i: { id: t.none.id, version: t.none.version } }, inspector), 'INVALID_TRANSITION');
    expect(s.message).toMatch(/not routed/);
    expectError(await hub.gql(ANSWER, { i: { id: t.none.id, version: t.none.version, result: 'CLEARED' } }, inspector), 'INVALID_TRANSITION');
    const routed = (await hub.gql(ROUTE, { i: { id: t.none.id, version: t.none.version, unitId: unit.id } }, command)).data.routeVerificationTask;
    expect(routed).toMatchObject({ status: 'ROUTED', routedUnit: { code: unit.code } });
    expectError(await hub.gql(START, { i: { id: t.none.id, version: routed.version } }, inspectorB), 'NOT_FOUND');
    expect((await hub.gql(START, { i: { id: t.none.id, version: routed.version } }, inspector)).data.startVerificationTask.status).toBe('VERIFYING');
    expect((await refsSeenBy(inspector)).refs).toEqual([t.a.externalRef, t.none.externalRef].sort());

    // COMMAND keeps full access: it starts and answers unit B's task.
    const b = (await hub.gql(START, { i: { id: t.b.id, version: t.b.version } }, command)).data.startVerificationTask;
    const done = await hub.gql(ANSWER, { i: { id: t.b.id, version: b.version, result: 'REFERRED' } }, command);
    expect(done.data.answerVerificationTask).toMatchObject({ status: 'ANSWERED', result: 'REFERRED' });
    expect((await refsSeenBy(inspectorB)).totals).toMatchObject({ needingVerification: 1, answered: 1 });
  });

  it('an inspector of no unit sees no task and may work on none', async () => {
    const loose = await hub.login((await makeAccount(hub.ds, 'INSPECTOR')).username);
    expect(await refsSeenBy(loose)).toEqual({ refs: [], totalCount: 0, totals: { received: 0, needingVerification: 0, answered: 0, overdue: 0 } });
    const [row] = await hub.ds.query(`SELECT version FROM verification_record WHERE id = $1`, [t.b.id]);
    expectError(await hub.gql(ANSWER, { i: { id: t.b.id, version: row.version, result: 'CLEARED' } }, loose), 'NOT_FOUND');
  });
});
