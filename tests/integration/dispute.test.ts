import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { makeAttachment } from '../fixtures/checklists';
import { ASSIGN, COMMENT, DISPUTE, LODGE, RESOLVE, WITHDRAW, days, disputeWorld, inspect, plus, type DisputeWorld } from '../fixtures/disputes';

let hub: TestHub;
let w: DisputeWorld;
const NOW = new Date('2026-11-21T12:00:00.000Z');
const HOUR = 3_600_000;

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = NOW;
  w = await disputeWorld(hub);
});
afterAll(() => hub.stop());
beforeEach(() => {
  hub.clock.now = NOW;
});

const lodge = (findingId: string, token = w.tokens.hotelManager, extra: Record<string, unknown> = {}) =>
  hub.gql(LODGE, { i: { idempotencyKey: randomUUID(), findingId, reason: '该项当时已整改到位，有照片为证', ...extra } }, token);
const assign = (d: { id: string; version: number }, reviewerId: string, token = w.tokens.command) => hub.gql(ASSIGN, { i: { id: d.id, version: d.version, reviewerId } }, token);
const resolve = (d: { id: string; version: number }, outcome: string, extra: Record<string, unknown> = {}, token = w.tokens.reviewer) =>
  hub.gql(RESOLVE, { i: { id: d.id, version: d.version, outcome, rationale: '经复核现场照片与检查记录', ...extra } }, token);
const finding = async (inspectionId: string, id: string) =>
  (await hub.gql(`query($i: ID!) { findings(filter: { inspectionIds: [$i] }) { nodes { id status severity deadline disputes { id status } } } }`, { i: inspectionId }, w.tokens.command)).data.findings.nodes.find((f: { id: string }) => f.id === id);
const inspection = async (id: string, token = w.tokens.command) =>
  (await hub.gql(`query($id: ID!) { inspection(id: $id) { id status outcome score adjustedOutcome adjustedScore adjustments { outcome rationale dispute { id } finding { id status } } } }`, { id }, token)).data.inspection;

/** Lodges on a finding and assigns the independent reviewer; returns the dispute under review. */
async function underReview(findingId: string) {
  const l = await lodge(findingId);
  expect(l.errors).toBeUndefined();
  const a = await assign(l.data.lodgeDispute, w.reviewer.id);
  expect(a.errors).toBeUndefined();
  return a.data.assignDispute;
}

describe('the dispute story', () => {
  it('lodged by the site, refused to a conflicted reviewer, assigned to an independent one, UPHELD: the finding goes on where it was, its paused deadline extended', async () => {
    const insp = await inspect(hub, w, ['M1'], plus(NOW, -2 * HOUR));
    const f = insp.findings.M1;
    expect(f).toMatchObject({ severity: 'MAJOR', status: 'OPEN' });
    const photo = await makeAttachment(hub.ds, w.hotelManager.id);

    // Only the site's own manager may lodge; another site's manager does not even learn it exists.
    expectError(await lodge(f.id, w.tokens.otherManager), 'NOT_FOUND');
    expectError(await lodge(f.id, w.tokens.lead), 'FORBIDDEN');
    expect(expectError(await lodge(f.id, w.tokens.hotelManager, { reason: '  ' }), 'BAD_USER_INPUT').extensions.field).toBe('input.reason');

    const key = randomUUID();
    const input = { idempotencyKey: key, findingId: f.id, reason: '检查时消毒记录在另一本台账上', evidenceIds: [photo] };
    const l = await hub.gql(LODGE, { i: input }, w.tokens.hotelManager);
    expect(l.errors).toBeUndefined();
    const d = l.data.lodgeDispute;
    expect(d).toMatchObject({
      kind: 'FINDING',
      status: 'LODGED',
      findingStatusBefore: 'OPEN',
      deadlinePaused: true,
      overdue: false,
      evidenceIds: [photo],
      lodgedAt: NOW.toISOString(),
      resolutionDueAt: plus(NOW, days(10)).toISOString(),
      finding: { id: f.id, status: 'DISPUTED' },
      site: { id: w.hotel.id },
    });
    // A retry returns the same dispute; a second dispute while one is open is CONFLICT.
    expect((await hub.gql(LODGE, { i: input }, w.tokens.hotelManager)).data.lodgeDispute.id).toBe(d.id);
    expectError(await lodge(f.id), 'CONFLICT');

    // A reviewer who is a member of the raising team, or took part in the inspection, is refused.
    const conflicted = expectError(await assign(d, w.teamReviewer.id), 'BAD_USER_INPUT');
    expect(conflicted.extensions.field).toBe('input.reviewerId');
    expect(conflicted.message).toBe(`${w.teamReviewer.username} is a member of the team that raised this finding; assign an independent reviewer`);
    expect(expectError(await assign(d, w.teamReviewer.id, w.tokens.teamReviewer), 'BAD_USER_INPUT').message).toMatch(/member of the team that raised this finding/);
    await hub.ds.query(`INSERT INTO inspection_member (inspection_id, account_id) VALUES ($1, $2)`, [insp.id, w.participant.id]);
    expect(expectError(await assign(d, w.participant.id), 'BAD_USER_INPUT').message).toMatch(/took part in the inspection that raised this finding/);
    expect(expectError(await assign(d, w.lead.id), 'BAD_USER_INPUT').message).toMatch(/is not an active reviewer/);
    expectError(await assign(d, w.reviewer.id, w.tokens.hotelManager), 'FORBIDDEN');

    const a = await assign(d, w.reviewer.id);
    expect(a.errors).toBeUndefined();
    expect(a.data.assignDispute).toMatchObject({ status: 'UNDER_REVIEW', reviewer: { id: w.reviewer.id } });
    expectError(await assign(d, w.reviewer2.id), 'CONFLICT'); // stale version
    expectError(await assign(a.data.assignDispute, w.reviewer2.id, w.tokens.reviewer2), 'FORBIDDEN'); // no snatching

    expect((await hub.gql(COMMENT, { i: { id: d.id, text: '请补充当日台账原件' } }, w.tokens.reviewer)).errors).toBeUndefined();
    expect((await hub.gql(COMMENT, { i: { id: d.id, text: '原件已上传' } }, w.tokens.hotelManager)).errors).toBeUndefined();
    expectError(await hub.gql(COMMENT, { i: { id: d.id, text: '我也说两句' } }, w.tokens.reviewer2), 'FORBIDDEN');
    expectError(await hub.gql(COMMENT, { i: { id: d.id, text: '看不到' } }, w.tokens.otherManager), 'NOT_FOUND');

    // Two days later the assigned reviewer (and only they) decides, in writing.
    hub.clock.now = plus(NOW, days(2));
    const current = a.data.assignDispute;
    expectError(await resolve(current, 'UPHELD', {}, w.tokens.reviewer2), 'FORBIDDEN');
    expect(expectError(await resolve(current, 'UPHELD', { rationale: '' }), 'BAD_USER_INPUT').extensions.field).toBe('input.rationale');
    const r = await resolve(current, 'UPHELD');
    expect(r.errors).toBeUndefined();
    expect(r.data.resolveDispute).toMatchObject({
      status: 'RESOLVED',
      outcome: 'UPHELD',
      resolvedAt: plus(NOW, days(2)).toISOString(),
      deadlineExtensionSeconds: 2 * 86_400,
      finding: { status: 'OPEN', severity: 'MAJOR', deadline: plus(new Date(f.deadline), days(2)).toISOString() },
    });
    expectError(await resolve(r.data.resolveDispute, 'OVERTURNED'), 'INVALID_TRANSITION');

    // The timeline, from the audit trail, in order.
    const t = await hub.gql(`query($id: ID!) { dispute(id: $id) { timeline { kind text actor { id } actorRole } } }`, { id: d.id }, w.tokens.hotelManager);
    expect(t.data.dispute.timeline.map((e: { kind: string }) => e.kind)).toEqual(['LODGED', 'EVIDENCE_ATTACHED', 'ASSIGNED', 'COMMENTED', 'COMMENTED', 'RESOLVED']);
    expect(t.data.dispute.timeline.map((e: { text: string | null }) => e.text)).toEqual(['检查时消毒记录在另一本台账上', null, null, '请补充当日台账原件', '原件已上传', '经复核现场照片与检查记录']);
    expect(t.data.dispute.timeline[2]).toMatchObject({ actor: { id: w.command.id }, actorRole: 'COMMAND' });

    expect((await finding(insp.id, f.id)).disputes).toEqual([{ id: d.id, status: 'RESOLVED' }]);
    // The inspection is unchanged: nothing was withdrawn.
    expect(await inspection(insp.id)).toMatchObject({ outcome: insp.outcome, score: insp.score, adjustedOutcome: null, adjustedScore: null, adjustments: [] });
  });

  it('OVERTURNED: the finding is WITHDRAWN and the inspection shows an adjusted outcome beside the unchanged original', async () => {
    const insp = await inspect(hub, w, ['C1'], plus(NOW, -HOUR));
    expect(insp).toMatchObject({ outcome: 'FAIL', score: 50 });
    const d = await underReview(insp.findings.C1.id);
    expect(d.deadlinePaused).toBe(false);
    const r = await resolve(d, 'OVERTURNED', { rationale: '该项不适用于本宾馆' });
    expect(r.errors).toBeUndefined();
    expect(r.data.resolveDispute).toMatchObject({ status: 'RESOLVED', outcome: 'OVERTURNED', finding: { status: 'WITHDRAWN' } });
    expect(await inspection(insp.id)).toEqual({
      id: insp.id,
      status: 'CLOSED', // its only finding is settled
      outcome: 'FAIL',
      score: 50,
      adjustedOutcome: 'PASS',
      adjustedScore: 100,
      adjustments: [{ outcome: 'OVERTURNED', rationale: '该项不适用于本宾馆', dispute: { id: d.id }, finding: { id: insp.findings.C1.id, status: 'WITHDRAWN' } }],
    });
    const [row] = await hub.ds.query(`SELECT outcome, score FROM inspection WHERE id = $1`, [insp.id]);
    expect(row).toEqual({ outcome: 'FAIL', score: 50 });
    // The site's manager sees the same.
    expect((await inspection(insp.id, w.tokens.hotelManager)).adjustedOutcome).toBe('PASS');
  });

  it('AMENDED: a new severity and deadline, the finding back where it was (rectification submitted), before/after in the audit', async () => {
    const insp = await inspect(hub, w, ['M2', 'N1'], plus(NOW, -HOUR));
    const f = insp.findings.M2;
    const rect = await hub.gql(`mutation($i: SubmitRectificationInput!) { submitRectification(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), findingId: f.id, description: '已整改' } }, w.tokens.hotelManager);
    expect(rect.errors).toBeUndefined();
    const d = await underReview(f.id);
    expect(d).toMatchObject({ findingStatusBefore: 'RECTIFICATION_SUBMITTED', finding: { status: 'DISPUTED' } });
    expect(expectError(await resolve(d, 'AMENDED'), 'BAD_USER_INPUT').extensions.field).toBe('input.newSeverity');
    expect(expectError(await resolve(d, 'UPHELD', { newSeverity: 'MINOR' }), 'BAD_USER_INPUT').extensions.field).toBe('input.newSeverity');
    expect(expectError(await resolve(d, 'AMENDED', { newDeadline: plus(NOW, -HOUR).toISOString() }), 'BAD_USER_INPUT').extensions.field).toBe('input.newDeadline');
    const newDeadline = plus(NOW, days(20)).toISOString();
    const r = await resolve(d, 'AMENDED', { newSeverity: 'MINOR', newDeadline });
    expect(r.errors).toBeUndefined();
    expect(r.data.resolveDispute).toMatchObject({ outcome: 'AMENDED', newSeverity: 'MINOR', newDeadline, deadlineExtensionSeconds: null, finding: { status: 'RECTIFICATION_SUBMITTED', severity: 'MINOR', deadline: newDeadline } });
    const t = await hub.gql(`query($id: ID!) { dispute(id: $id) { timeline { kind changes { field before after } } } }`, { id: d.id }, w.tokens.command);
    const resolved = t.data.dispute.timeline.find((e: { kind: string }) => e.kind === 'RESOLVED');
    expect(resolved.changes).toEqual(
      expect.arrayContaining([
        { field: 'severity', before: 'MAJOR', after: 'MINOR' },
        { field: 'deadline', before: f.deadline, after: newDeadline },
        { field: 'findingStatus', before: 'DISPUTED', after: 'RECTIFICATION_SUBMITTED' },
      ]),
    );
    const [ev] = await hub.ds.query(`SELECT changes FROM audit_event WHERE entity_type = 'Finding' AND entity_id = $1 AND action = 'finding.rectification-submitted' ORDER BY id DESC LIMIT 1`, [f.id]);
    expect(ev.changes.severity).toEqual({ before: 'MAJOR', after: 'MINOR' });
    // Severity changed but no finding was withdrawn: the inspection's outcome is not adjusted.
    expect(await inspection(insp.id)).toMatchObject({ adjustedOutcome: null, adjustments: [{ outcome: 'AMENDED' }] });
  });

  it('AMENDED with a new severity only: a paused deadline still moves on by the time the dispute was open', async () => {
    const insp = await inspect(hub, w, ['M1'], plus(NOW, -HOUR));
    const f = insp.findings.M1;
    const d = await underReview(f.id);
    hub.clock.now = plus(NOW, days(3));
    const r = await resolve(d, 'AMENDED', { newSeverity: 'CRITICAL' });
    expect(r.errors).toBeUndefined();
    expect(r.data.resolveDispute).toMatchObject({ deadlineExtensionSeconds: 3 * 86_400, finding: { status: 'OPEN', severity: 'CRITICAL', deadline: plus(new Date(f.deadline), days(3)).toISOString() } });
  });

  it('of two concurrent lodgings of one finding, one wins and the other is CONFLICT', async () => {
    const insp = await inspect(hub, w, ['M2'], plus(NOW, -HOUR));
    const rs = await Promise.all([lodge(insp.findings.M2.id), lodge(insp.findings.M2.id), lodge(insp.findings.M2.id)]);
    expect(rs.filter((r) => !r.errors)).toHaveLength(1);
    for (const r of rs.filter((x) => x.errors)) expectError(r, 'CONFLICT');
    const [{ n }] = await hub.ds.query(`SELECT count(*)::int AS n FROM dispute WHERE finding_id = $1`, [insp.findings.M2.id]);
    expect(n).toBe(1);
  });

  it('a CRITICAL finding’s deadline never pauses: UPHELD leaves it where it was', async () => {
    const insp = await inspect(hub, w, ['C1', 'N1'], plus(NOW, -HOUR));
    const f = insp.findings.C1;
    const l = (await lodge(f.id)).data.lodgeDispute;
    expect(l.deadlinePaused).toBe(false);
    // An independent reviewer may take a dispute itself.
    const d = (await assign(l, w.reviewer.id, w.tokens.reviewer)).data.assignDispute;
    expect(d).toMatchObject({ status: 'UNDER_REVIEW', reviewer: { id: w.reviewer.id } });
    hub.clock.now = plus(NOW, days(3));
    const r = await resolve(d, 'UPHELD');
    expect(r.data.resolveDispute).toMatchObject({ deadlineExtensionSeconds: null, finding: { status: 'OPEN', deadline: f.deadline } });
  });

  it('while its deadline is paused a disputed finding is not overdue; a disputed CRITICAL one is, and escalates', async () => {
    const insp = await inspect(hub, w, ['C1', 'M1'], plus(NOW, -HOUR));
    await lodge(insp.findings.C1.id);
    await lodge(insp.findings.M1.id);
    hub.clock.now = plus(NOW, days(4)); // past both deadlines (24 h and 72 h)
    const r = await hub.gql(`query($i: ID!) { findings(filter: { inspectionIds: [$i] }) { nodes { itemCode status overdue escalated } } }`, { i: insp.id }, w.tokens.command);
    expect(r.data.findings.nodes.map((n: any) => [n.itemCode, n.status, n.overdue, n.escalated]).sort()).toEqual([
      ['C1', 'DISPUTED', true, true],
      ['M1', 'DISPUTED', false, false],
    ]);
    const overdue = await hub.gql(`query($i: ID!) { findings(filter: { inspectionIds: [$i], overdue: true }) { nodes { itemCode } } }`, { i: insp.id }, w.tokens.command);
    expect(overdue.data.findings.nodes).toEqual([{ itemCode: 'C1' }]);
  });

  it('a MINOR finding’s deadline pauses unless the profile says otherwise', async () => {
    await hub.ds.query(`UPDATE standard_profile SET pause_deadline_during_dispute_minor = false WHERE site_kind = 'HOTEL'`);
    try {
      const insp = await inspect(hub, w, ['N1'], plus(NOW, -HOUR));
      const l = await lodge(insp.findings.N1.id);
      expect(l.data.lodgeDispute.deadlinePaused).toBe(false);
    } finally {
      await hub.ds.query(`UPDATE standard_profile SET pause_deadline_during_dispute_minor = true WHERE site_kind = 'HOTEL'`);
    }
    const insp = await inspect(hub, w, ['N1'], plus(NOW, -HOUR));
    expect((await lodge(insp.findings.N1.id)).data.lodgeDispute.deadlinePaused).toBe(true);
  });

  it('late lodging is refused with DEADLINE_PASSED (14 days from the finding for hotels)', async () => {
    const insp = await inspect(hub, w, ['M1'], plus(NOW, -HOUR));
    hub.clock.now = plus(NOW, days(14) + HOUR);
    const e = expectError(await lodge(insp.findings.M1.id), 'DEADLINE_PASSED');
    expect(e.message).toMatch(/within 14 days/);
    hub.clock.now = plus(NOW, days(14) - 2 * HOUR);
    expect((await lodge(insp.findings.M1.id)).errors).toBeUndefined();
  });

  it('the site withdraws its dispute: the finding goes on, its paused deadline moved by the time it was open', async () => {
    const insp = await inspect(hub, w, ['M1'], plus(NOW, -HOUR));
    const f = insp.findings.M1;
    const d = (await lodge(f.id)).data.lodgeDispute;
    hub.clock.now = plus(NOW, days(1));
    expectError(await hub.gql(WITHDRAW, { i: { id: d.id, version: d.version } }, w.tokens.otherManager), 'NOT_FOUND');
    expectError(await hub.gql(WITHDRAW, { i: { id: d.id, version: d.version } }, w.tokens.reviewer), 'FORBIDDEN');
    const r = await hub.gql(WITHDRAW, { i: { id: d.id, version: d.version } }, w.tokens.hotelManager);
    expect(r.errors).toBeUndefined();
    expect(r.data.withdrawDispute).toMatchObject({ status: 'WITHDRAWN', withdrawnAt: plus(NOW, days(1)).toISOString(), deadlineExtensionSeconds: 86_400, finding: { status: 'OPEN', deadline: plus(new Date(f.deadline), days(1)).toISOString() } });
    expectError(await hub.gql(WITHDRAW, { i: { id: d.id, version: r.data.withdrawDispute.version } }, w.tokens.hotelManager), 'INVALID_TRANSITION');
    expectError(await assign(r.data.withdrawDispute, w.reviewer.id), 'INVALID_TRANSITION');
    // With the dispute closed, a new one may be lodged.
    expect((await lodge(f.id)).data.lodgeDispute.status).toBe('LODGED');
  });
});

describe('reading disputes', () => {
  const LIST = `query($f: DisputeFilter, $first: Int) { disputes(filter: $f, first: $first) { totalCount nodes { id status overdue site { id } finding { id } reviewer { id } timeline { kind } } } }`;

  it('open disputes past their resolution deadline are listed for the command centre', async () => {
    hub.clock.now = plus(NOW, days(-30));
    const insp = await inspect(hub, w, ['M1', 'M2'], plus(NOW, days(-30) - HOUR));
    const late = (await lodge(insp.findings.M1.id)).data.lodgeDispute;
    const lateReviewed = await assign((await lodge(insp.findings.M2.id)).data.lodgeDispute, w.reviewer2.id);
    hub.clock.now = plus(NOW, days(-19)); // 11 days later: both past the 10-day limit
    const r = await hub.gql(LIST, { f: { overdue: true } }, w.tokens.command);
    expect(r.errors).toBeUndefined();
    const ids = r.data.disputes.nodes.map((n: { id: string }) => n.id);
    expect(ids).toEqual(expect.arrayContaining([late.id, lateReviewed.data.assignDispute.id]));
    expect(r.data.disputes.nodes.every((n: { overdue: boolean }) => n.overdue)).toBe(true);
    const mine = await hub.gql(LIST, { f: { overdue: true, reviewerId: w.reviewer2.id } }, w.tokens.command);
    expect(mine.data.disputes.nodes.map((n: { id: string }) => n.id)).toEqual([lateReviewed.data.assignDispute.id]);
    hub.clock.now = plus(NOW, days(-29));
    expect((await hub.gql(LIST, { f: { overdue: true } }, w.tokens.command)).data.disputes.totalCount).toBe(0);
  });

  it('a facility manager sees only its own sites’ disputes, filtered in SQL; another site’s dispute is null', async () => {
    const all = await hub.gql(LIST, { f: {} }, w.tokens.command);
    expect(all.data.disputes.totalCount).toBeGreaterThan(0);
    const own = await hub.gql(LIST, { f: {} }, w.tokens.hotelManager);
    expect(own.data.disputes.totalCount).toBe(all.data.disputes.nodes.filter((n: { site: { id: string } }) => n.site.id === w.hotel.id).length);
    const other = await hub.gql(LIST, { f: { siteIds: [w.hotel.id] } }, w.tokens.otherManager);
    expect(other.data.disputes.totalCount).toBe(0);
    const one = all.data.disputes.nodes[0];
    expect((await hub.gql(`query($id: ID!) { dispute(id: $id) { id } }`, { id: one.id }, w.tokens.otherManager)).data.dispute).toBeNull();
    expect((await hub.gql(`query($id: ID!) { dispute(id: $id) { id } }`, { id: one.id }, w.tokens.hotelManager)).data.dispute).toEqual({ id: one.id });
  });

  it('filters by status and outcome, pages with cursors, and its statement count does not grow with rows', async () => {
    const resolved = await hub.gql(LIST, { f: { status: ['RESOLVED'], outcome: ['OVERTURNED'] } }, w.tokens.command);
    expect(resolved.data.disputes.nodes.length).toBeGreaterThan(0);
    expect(resolved.data.disputes.nodes.every((n: { status: string }) => n.status === 'RESOLVED')).toBe(true);
    const one = await hub.gql(LIST, { first: 3 }, w.tokens.command);
    const many = await hub.gql(LIST, { first: 50 }, w.tokens.command);
    expect(many.data.disputes.nodes.length).toBeGreaterThan(4);
    expect(many.sql).toBe(one.sql);
    const p1 = await hub.gql(`{ disputes(first: 2) { pageInfo { endCursor hasNextPage } nodes { id } } }`, {}, w.tokens.command);
    const p2 = await hub.gql(`query($a: String) { disputes(first: 2, after: $a) { nodes { id } } }`, { a: p1.data.disputes.pageInfo.endCursor }, w.tokens.command);
    expect(p1.data.disputes.pageInfo.hasNextPage).toBe(true);
    expect(p2.data.disputes.nodes[0].id).toBe(many.data.disputes.nodes[2].id);
  });
});

describe('inspections after disputes', () => {
  it('the adjusted outcome of a list of inspections costs the same statements for one or many', async () => {
    const Q = `query($status: [InspectionStatus!]) { inspections(filter: { siteIds: ["${w.hotel.id}"], status: $status }, first: 100) { nodes { id outcome adjustedOutcome adjustedScore adjustments { outcome finding { id } } findings { id disputes { id status } } } } }`;
    // CLOSED: only the inspection whose one finding was overturned; every loader runs for it too.
    const one = await hub.gql(Q, { status: ['CLOSED'] }, w.tokens.command);
    expect(one.data.inspections.nodes).toHaveLength(1);
    const many = await hub.gql(Q, {}, w.tokens.command);
    expect(many.errors).toBeUndefined();
    expect(many.data.inspections.nodes.length).toBeGreaterThan(5);
    expect(many.data.inspections.nodes.some((n: { adjustedOutcome: string | null }) => n.adjustedOutcome === 'PASS')).toBe(true);
    expect(many.sql).toBe(one.sql);
  });
});

describe('conflicts recorded at a site', () => {
  const RECORD = `mutation($i: RecordSiteConflictInput!) { recordSiteConflict(input: $i) { id kind status category reason parties rationale resolvedAt finding { id } mediatedBy { id } mediatedByName site { id } } }`;

  it('records a mediated conflict as a resolved dispute of kind SITE_CONFLICT', async () => {
    const input = { idempotencyKey: randomUUID(), siteId: w.hotel.id, category: 'GUEST_REFUSED_REGISTRATION', description: '旅客拒绝出示健康码登记', parties: ['旅客张某', '前台李某'], mediatedBy: w.lead.id, outcome: '经劝导后配合登记', resolvedAt: plus(NOW, -HOUR).toISOString() };
    const r = await hub.gql(RECORD, { i: input }, w.tokens.lead);
    expect(r.errors).toBeUndefined();
    expect(r.data.recordSiteConflict).toMatchObject({ kind: 'SITE_CONFLICT', status: 'RESOLVED', category: 'GUEST_REFUSED_REGISTRATION', reason: '旅客拒绝出示健康码登记', parties: ['旅客张某', '前台李某'], rationale: '经劝导后配合登记', resolvedAt: input.resolvedAt, finding: null, mediatedBy: { id: w.lead.id }, mediatedByName: null, site: { id: w.hotel.id } });
    expect((await hub.gql(RECORD, { i: input }, w.tokens.lead)).data.recordSiteConflict.id).toBe(r.data.recordSiteConflict.id);
    const named = await hub.gql(RECORD, { i: { ...input, idempotencyKey: randomUUID(), category: 'CHECKPOINT_QUARREL', mediatedBy: '镇综治办王主任', resolvedAt: null } }, w.tokens.command);
    expect(named.data.recordSiteConflict).toMatchObject({ mediatedBy: null, mediatedByName: '镇综治办王主任', resolvedAt: NOW.toISOString() });
    expect(expectError(await hub.gql(RECORD, { i: { ...input, idempotencyKey: randomUUID(), parties: [] } }, w.tokens.command), 'BAD_USER_INPUT').extensions.field).toBe('input.parties');
    expectError(await hub.gql(RECORD, { i: { ...input, idempotencyKey: randomUUID() } }, w.tokens.hotelManager), 'FORBIDDEN');
    const listed = await hub.gql(`{ disputes(filter: { kind: SITE_CONFLICT }) { totalCount nodes { id timeline { kind } } } }`, {}, w.tokens.hotelManager);
    expect(listed.data.disputes.totalCount).toBe(2);
    expect(listed.data.disputes.nodes[0].timeline.map((e: { kind: string }) => e.kind)).toEqual(['RECORDED']);
    expectError(await assign({ id: r.data.recordSiteConflict.id, version: 1 }, w.reviewer.id), 'INVALID_TRANSITION');
  });
});

describe('DISPUTE fields', () => {
  it('are all readable for a single dispute', async () => {
    const r = await hub.gql(`{ disputes(first: 1) { nodes { ${DISPUTE} evidence { id } lodgedBy { id } resolvedBy { id } } } }`, {}, w.tokens.reviewer);
    expect(r.errors).toBeUndefined();
  });
});
