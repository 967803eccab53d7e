import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { makeSite, bindManager } from '../fixtures/factory';
import { FILE_INSPECTION, hotelAllPass, makeAttachment, makeField, seededVersion, withAnswers } from '../fixtures/checklists';

let hub: TestHub;
let w: Awaited<ReturnType<typeof makeField>>;
let hotelVersion: string;
let photo: string;
const NOW = new Date('2026-11-22T06:00:00.000Z');
const at = (h: number) => new Date(NOW.getTime() + h * 3_600_000).toISOString();

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = NOW;
  w = await makeField(hub);
  hotelVersion = await seededVersion(hub.ds, 'HOTEL-EPI');
  photo = await makeAttachment(hub.ds, w.lead.id);
});
afterAll(() => hub.stop());

/** Files a hotel inspection with REG.GUEST (CRITICAL) and VENT.ROOMS (MINOR) failed. */
async function fileWithFindings(siteId = w.hotel.id, submittedAt = at(-1)) {
  const answers = withAnswers(hotelAllPass(photo), [{ itemCode: 'REG.GUEST', yes: false }, { itemCode: 'VENT.ROOMS', yes: false }]);
  const r = await hub.gql(FILE_INSPECTION, { i: { idempotencyKey: randomUUID(), siteId, teamId: w.team.id, checklistVersionId: hotelVersion, startedAt: new Date(new Date(submittedAt).getTime() - 3_600_000).toISOString(), submittedAt, answers } }, w.tokens.lead);
  expect(r.errors).toBeUndefined();
  const f = r.data.fileInspection;
  return { id: f.id as string, critical: f.findings.find((x: any) => x.severity === 'CRITICAL').id as string, minor: f.findings.find((x: any) => x.severity === 'MINOR').id as string };
}
const rectify = (findingId: string, token = w.tokens.hotelManager, key = randomUUID()) =>
  hub.gql(`mutation($i: SubmitRectificationInput!) { submitRectification(input: $i) { id finding { status } } }`, { i: { idempotencyKey: key, findingId, description: '已整改' } }, token);
const verify = (findingId: string, token = w.tokens.lead, version?: number) => hub.gql(`mutation($id: ID!, $v: Int) { verifyRectification(input: { findingId: $id, version: $v }) { status } }`, { id: findingId, v: version }, token);
const reject = (findingId: string, token = w.tokens.member, version?: number) => hub.gql(`mutation($id: ID!, $v: Int) { rejectRectification(input: { findingId: $id, reason: "证据不足", version: $v }) { status } }`, { id: findingId, v: version }, token);
const versionOf = async (id: string) => (await hub.ds.query(`SELECT version FROM finding WHERE id = $1`, [id]))[0].version as number;
const status = async (id: string) => (await hub.ds.query(`SELECT status FROM finding WHERE id = $1`, [id]))[0].status;

describe('concurrency on one finding', () => {
  it('a concurrent verify and reject of the version both saw: exactly one wins, the other is CONFLICT', async () => {
    for (let round = 0; round < 3; round++) {
      const { critical } = await fileWithFindings();
      await rectify(critical);
      const seen = await versionOf(critical);
      const [v, r] = await Promise.all([verify(critical, w.tokens.lead, seen), reject(critical, w.tokens.member, seen)]);
      const outcomes = [v, r].map((x) => (x.errors ? x.errors[0].extensions.code : 'OK')).sort();
      expect(outcomes).toEqual(['CONFLICT', 'OK']);
      expect(await status(critical)).toBe(v.errors ? 'OPEN' : 'VERIFIED');
      const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM rectification WHERE finding_id = $1 AND status <> 'SUBMITTED'`, [critical]);
      expect(n).toBe(1);
    }
  });

  it('without a version, a decision on an already-decided finding is INVALID_TRANSITION', async () => {
    const { critical } = await fileWithFindings();
    await rectify(critical);
    expect((await verify(critical)).data.verifyRectification.status).toBe('VERIFIED');
    expectError(await reject(critical), 'INVALID_TRANSITION');
  });

  it('concurrent rectifications of one finding: exactly one is recorded; a duplicate of the winner replays it', async () => {
    const { minor } = await fileWithFindings();
    const key = randomUUID();
    const rs = await Promise.all([rectify(minor, w.tokens.hotelManager, key), rectify(minor), rectify(minor, w.tokens.hotelManager, key)]);
    const ok = rs.filter((x) => !x.errors);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    expect(new Set(ok.map((x) => x.data.submitRectification.id)).size).toBe(1);
    for (const x of rs.filter((y) => y.errors)) expect(['CONFLICT', 'INVALID_TRANSITION']).toContain(x.errors![0].extensions.code);
    const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM rectification WHERE finding_id = $1`, [minor]);
    expect(n).toBe(1);
    expect(await status(minor)).toBe('RECTIFICATION_SUBMITTED');
  });
});

describe('findings query', () => {
  it('derives overdue from the clock; overdue CRITICAL findings are escalated', async () => {
    const site = await makeSite(hub.ds, { kind: 'HOTEL' });
    await bindManager(hub.ds, site.id, w.hotelManager.id);
    const { critical, minor } = await fileWithFindings(site.id, at(-1));
    const q = `query($f: FindingFilter) { findings(filter: $f) { totalCount nodes { id overdue escalated deadline } } }`;
    const only = { siteIds: [site.id] };
    expect((await hub.gql(q, { f: { ...only, overdue: true } }, w.tokens.command)).data.findings.totalCount).toBe(0);
    hub.clock.now = new Date(at(24)); // HOTEL: CRITICAL 24 h, MINOR 168 h after at(-1)
    const esc = await hub.gql(q, { f: { ...only, escalated: true } }, w.tokens.command);
    expect(esc.data.findings.nodes).toEqual([{ id: critical, overdue: true, escalated: true, deadline: at(23) }]);
    const notOverdue = await hub.gql(q, { f: { ...only, overdue: false } }, w.tokens.command);
    expect(notOverdue.data.findings.nodes.map((n: any) => n.id)).toEqual([minor]);
    // Verified: no longer overdue, whatever the clock says.
    await rectify(critical);
    await verify(critical);
    expect((await hub.gql(q, { f: { ...only, overdue: true } }, w.tokens.command)).data.findings.totalCount).toBe(0);
    hub.clock.now = NOW;
  });

  it('filters by status, severity, site, team and raise time, and pages with cursors', async () => {
    const site = await makeSite(hub.ds, { kind: 'HOTEL' });
    for (let i = 0; i < 3; i++) await fileWithFindings(site.id, at(-1 - i));
    const q = `query($f: FindingFilter, $after: String) { findings(filter: $f, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id severity status raisedAt } } }`;
    const all = await hub.gql(q, { f: { siteIds: [site.id] } }, w.tokens.lead);
    expect(all.data.findings.totalCount).toBe(6);
    expect(all.data.findings.pageInfo.hasNextPage).toBe(true);
    const seen = new Set(all.data.findings.nodes.map((n: any) => n.id));
    let after = all.data.findings.pageInfo.endCursor;
    while (after) {
      const page = await hub.gql(q, { f: { siteIds: [site.id] }, after }, w.tokens.lead);
      page.data.findings.nodes.forEach((n: any) => seen.add(n.id));
      after = page.data.findings.pageInfo.hasNextPage ? page.data.findings.pageInfo.endCursor : null;
    }
    expect(seen.size).toBe(6);
    expect((await hub.gql(q, { f: { siteIds: [site.id], severity: ['CRITICAL'] } }, w.tokens.lead)).data.findings.totalCount).toBe(3);
    expect((await hub.gql(q, { f: { siteIds: [site.id], status: ['VERIFIED'] } }, w.tokens.lead)).data.findings.totalCount).toBe(0);
    expect((await hub.gql(q, { f: { siteIds: [site.id], teamIds: [w.otherTeam.id] } }, w.tokens.lead)).data.findings.totalCount).toBe(0);
    expect((await hub.gql(q, { f: { siteIds: [site.id], raisedBetween: { from: at(-2.5), to: at(0) } } }, w.tokens.lead)).data.findings.totalCount).toBe(4);
    expect(expectError(await hub.gql(q, { f: {}, after: 'garbage' }, w.tokens.lead), 'BAD_USER_INPUT').extensions.field).toBe('after');
  });
});

describe('ad-hoc findings', () => {
  it('an inspector of the team raises one while in progress (idempotently); it counts against PASS', async () => {
    const s = await hub.gql(`mutation($i: ScheduleInspectionInput!) { scheduleInspection(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), siteId: w.hotel.id, teamId: w.team.id, checklistVersionId: hotelVersion, dueAt: at(5) } }, w.tokens.command);
    const id = s.data.scheduleInspection.id;
    const RAISE = `mutation($i: RaiseFindingInput!) { raiseFinding(input: $i) { id itemCode severity deadline legalBasis raisedAt } }`;
    const input = { idempotencyKey: randomUUID(), inspectionId: id, title: '安全出口上锁', severity: 'MAJOR', legalBasis: '《消防法》' };
    expectError(await hub.gql(RAISE, { i: input }, w.tokens.lead), 'INVALID_TRANSITION'); // not started
    await hub.gql(`mutation($id: ID!) { startInspection(input: { inspectionId: $id }) { id } }`, { id }, w.tokens.lead);
    expectError(await hub.gql(RAISE, { i: { ...input, idempotencyKey: randomUUID() } }, w.tokens.outsider), 'FORBIDDEN');
    const [a, b] = await Promise.all([hub.gql(RAISE, { i: input }, w.tokens.lead), hub.gql(RAISE, { i: input }, w.tokens.lead)]);
    expect(a.data.raiseFinding.id).toBe(b.data.raiseFinding.id);
    expect(a.data.raiseFinding).toMatchObject({ itemCode: null, severity: 'MAJOR', deadline: at(72), legalBasis: '《消防法》' });
    await hub.gql(`mutation($i: SaveInspectionAnswersInput!) { saveInspectionAnswers(input: $i) { id } }`, { i: { inspectionId: id, answers: hotelAllPass(photo) } }, w.tokens.lead);
    const sub = await hub.gql(`mutation($id: ID!) { submitInspection(input: { inspectionId: $id }) { status score outcome findings { id } } }`, { id }, w.tokens.lead);
    expect(sub.data.submitInspection).toEqual({ status: 'SUBMITTED', score: 100, outcome: 'PASS_WITH_FINDINGS', findings: [{ id: a.data.raiseFinding.id }] });
  });
});

describe('nested reads', () => {
  it('inspections { findings { rectifications } } runs the same number of statements for 2 and 10 inspections', async () => {
    const counts: number[] = [];
    for (const n of [2, 10]) {
      const site = await makeSite(hub.ds, { kind: 'HOTEL' });
      await bindManager(hub.ds, site.id, w.hotelManager.id);
      for (let i = 0; i < n; i++) {
        const { critical } = await fileWithFindings(site.id);
        await rectify(critical);
      }
      const q = `query($s: [ID!]) { inspections(filter: { siteIds: $s }, first: 50) { totalCount nodes { id score site { id name } team { name } checklistVersion { number template { code } } members { account { username } agency { name } }
        answers { itemCode passed item { code severity } } findings { id overdue inspection { id } rectifications { status submittedBy { username } finding { id } } } } } }`;
      const r = await hub.gql(q, { s: [site.id] }, w.tokens.command);
      expect(r.errors).toBeUndefined();
      expect(r.data.inspections.nodes).toHaveLength(n);
      expect(r.data.inspections.nodes.every((i: any) => i.findings.length === 2 && i.findings.some((f: any) => f.rectifications.length === 1))).toBe(true);
      counts.push(r.sql);
      // The shape other systems read: the actor, inspections, findings, rectifications, whatever the number of rows.
      const plain = await hub.gql(`query($s: [ID!]) { inspections(filter: { siteIds: $s }) { nodes { findings { rectifications { id status } } } } }`, { s: [site.id] }, w.tokens.command);
      expect(plain.sql).toBe(4);
      const one = await hub.gql(`query($id: ID!) { inspection(id: $id) { findings { rectifications { id } } } }`, { id: r.data.inspections.nodes[0].id }, w.tokens.hotelManager);
      expect(one.data.inspection.findings).toHaveLength(2);
    }
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBe(counts[0]);
  });

  it('inspections pages newest first with cursors and filters by status', async () => {
    const site = await makeSite(hub.ds, { kind: 'HOTEL' });
    for (let i = 0; i < 5; i++) await fileWithFindings(site.id);
    const q = `query($s: [ID!], $after: String) { inspections(filter: { siteIds: $s, status: [SUBMITTED] }, first: 2, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { id createdAt } } }`;
    const ids: string[] = [];
    let after: string | null = null;
    do {
      const page: any = await hub.gql(q, { s: [site.id], after }, w.tokens.command);
      expect(page.data.inspections.totalCount).toBe(5);
      ids.push(...page.data.inspections.nodes.map((n: any) => n.id));
      after = page.data.inspections.pageInfo.hasNextPage ? page.data.inspections.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(ids).size).toBe(5);
    const closed = await hub.gql(`query($s: [ID!]) { inspections(filter: { siteIds: $s, status: [CLOSED] }) { totalCount } }`, { s: [site.id] }, w.tokens.command);
    expect(closed.data.inspections.totalCount).toBe(0);
  });
});
