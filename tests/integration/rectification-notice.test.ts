import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { makeAccount } from '../fixtures/factory';
import { FILE_INSPECTION, hotelAllPass, makeAttachment, makeField, seededVersion, withAnswers } from '../fixtures/checklists';

/**
 * Issue 18 item 10: after an inspection with findings the site receives a rectification notice
 * (整改通知书): produced from stored data as a printable page, opened by the site's manager, the
 * inspection's team and the command centre; the manager acknowledges it (who, when, audited).
 */
let hub: TestHub;
let w: Awaited<ReturnType<typeof makeField>>;
let hotelVersion: string;
let photo: string;
const NOW = new Date('2026-11-22T06:00:00.000Z');

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = NOW;
  w = await makeField(hub);
  hotelVersion = await seededVersion(hub.ds, 'HOTEL-EPI');
  photo = await makeAttachment(hub.ds, w.lead.id);
});
afterAll(() => hub.stop());

async function file(answers: unknown[]) {
  const r = await hub.gql(
    FILE_INSPECTION,
    { i: { idempotencyKey: randomUUID(), siteId: w.hotel.id, teamId: w.team.id, checklistVersionId: hotelVersion, startedAt: new Date(NOW.getTime() - 2 * 3_600_000).toISOString(), submittedAt: new Date(NOW.getTime() - 3_600_000).toISOString(), answers } },
    w.tokens.lead,
  );
  expect(r.errors).toBeUndefined();
  return r.data.fileInspection as { id: string; findings: { id: string; title: string; severity: string; deadline: string }[] };
}

const NOTICE = `query($id: ID!) { inspection(id: $id) { id rectificationNotice { url issuedAt findings firstDeadline acknowledgedAt acknowledgedBy { id username } } } }`;
const ACK = `mutation($id: ID!) { acknowledgeRectificationNotice(inspectionId: $id) { id rectificationNotice { acknowledgedAt acknowledgedBy { id } } } }`;
const open = (path: string, token?: string) => fetch(`${hub.url}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

describe('rectification notice', () => {
  it('is produced from the stored findings as a printable page, for the site’s manager, the team and command only', async () => {
    const insp = await file(withAnswers(hotelAllPass(photo), [{ itemCode: 'REG.GUEST', yes: false }, { itemCode: 'VENT.ROOMS', yes: false }]));
    expect(insp.findings).toHaveLength(2);
    const n = (await hub.gql(NOTICE, { id: insp.id }, w.tokens.hotelManager)).data.inspection.rectificationNotice;
    const first = insp.findings.map((f) => f.deadline).sort()[0];
    expect(n).toEqual({ url: `/inspections/${insp.id}/rectification-notice`, issuedAt: new Date(NOW.getTime() - 3_600_000).toISOString(), findings: 2, firstDeadline: first, acknowledgedAt: null, acknowledgedBy: null });

    const page = await open(n.url, w.tokens.hotelManager);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await page.text();
    expect(html).toContain('整改通知书');
    expect(html).toContain('Rectification notice');
    expect(html).toContain(`整改〔20261122〕${insp.id.slice(0, 8)}号`);
    const esc = (t: string) => t.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
    for (const f of insp.findings) expect(html).toContain(esc(f.title));
    expect(html).toContain('重大 <span class="en">critical</span>');
    expect(html).toContain('一般 <span class="en">minor</span>');
    // Deadlines in Beijing time (UTC+8), the earliest first.
    const bj = (iso: string) => new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 16).replace('T', ' ');
    expect(html.indexOf(bj(first))).toBeGreaterThan(0);
    expect(html).toContain('Findings → Rectify');
    expect(html).toContain('尚未签收');

    for (const token of [w.tokens.lead, w.tokens.member, w.tokens.command, w.tokens.admin]) expect((await open(n.url, token)).status).toBe(200);
    const staff = await makeAccount(hub.ds, 'FACILITY_STAFF');
    await hub.ds.query(`INSERT INTO site_staff (site_id, account_id, registered_by_id) VALUES ($1, $2, $3)`, [w.hotel.id, staff.id, w.hotelManager.id]);
    for (const token of [w.tokens.otherManager, w.tokens.outsider, await hub.login(staff.username)]) {
      const r = await open(n.url, token);
      expect(r.status).toBe(404);
      expect(((await r.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
    }
    expect((await open(n.url)).status).toBe(401);
    expect((await open(`/inspections/not-a-uuid/rectification-notice`, w.tokens.command)).status).toBe(404);
  });

  it('escapes stored text in the page', async () => {
    const insp = await file(withAnswers(hotelAllPass(photo), [{ itemCode: 'VENT.ROOMS', yes: false }]));
    await hub.ds.query(`UPDATE finding SET description = $2 WHERE id = $1`, [insp.findings[0].id, '<script>alert(1)</script> & "x"']);
    const html = await (await open(`/inspections/${insp.id}/rectification-notice`, w.tokens.command)).text();
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;x&quot;');
  });

  it('has none for an inspection without findings', async () => {
    const insp = await file(hotelAllPass(photo));
    expect((await hub.gql(NOTICE, { id: insp.id }, w.tokens.command)).data.inspection.rectificationNotice).toBeNull();
    expect((await open(`/inspections/${insp.id}/rectification-notice`, w.tokens.command)).status).toBe(404);
    expectError(await hub.gql(ACK, { id: insp.id }, w.tokens.hotelManager), 'NOT_FOUND');
  });

  it('the site’s manager acknowledges it once (who, when, audited); nobody else may', async () => {
    const insp = await file(withAnswers(hotelAllPass(photo), [{ itemCode: 'REG.GUEST', yes: false }]));
    expectError(await hub.gql(ACK, { id: insp.id }, w.tokens.otherManager), 'NOT_FOUND');
    expectError(await hub.gql(ACK, { id: insp.id }, w.tokens.lead), 'FORBIDDEN');
    expectError(await hub.gql(ACK, { id: insp.id }, w.tokens.command), 'FORBIDDEN');

    hub.clock.now = new Date(NOW.getTime() + 30 * 60_000);
    const r = await hub.gql(ACK, { id: insp.id }, w.tokens.hotelManager);
    expect(r.errors).toBeUndefined();
    expect(r.data.acknowledgeRectificationNotice.rectificationNotice).toEqual({ acknowledgedAt: hub.clock.now.toISOString(), acknowledgedBy: { id: w.hotelManager.id } });
    const first = hub.clock.now.toISOString();

    // Again later: the first acknowledgment stands, and nothing more is audited.
    hub.clock.now = new Date(NOW.getTime() + 90 * 60_000);
    const again = await hub.gql(ACK, { id: insp.id }, w.tokens.hotelManager);
    expect(again.data.acknowledgeRectificationNotice.rectificationNotice.acknowledgedAt).toBe(first);
    const audit = await hub.ds.query(`SELECT actor_id, action, changes FROM audit_event WHERE entity_type = 'Inspection' AND entity_id = $1 AND action = 'inspection.notice_acknowledged'`, [insp.id]);
    expect(audit).toEqual([{ actor_id: w.hotelManager.id, action: 'inspection.notice_acknowledged', changes: { noticeAcknowledgedAt: { before: null, after: first }, noticeAcknowledgedById: { before: null, after: w.hotelManager.id } } }]);

    const html = await (await open(`/inspections/${insp.id}/rectification-notice`, w.tokens.lead)).text();
    expect(html).toContain('已签收');
    expect(html).toContain('2026-11-22 14:30'); // 06:30 UTC in Beijing time
    hub.clock.now = NOW;
  });
  it('the field says the same as the page: null for whom the notice is not (another team’s inspector)', async () => {
    const insp = await file(withAnswers(hotelAllPass(photo), [{ itemCode: 'VENT.ROOMS', yes: false }]));
    for (const token of [w.tokens.hotelManager, w.tokens.lead, w.tokens.member, w.tokens.command, w.tokens.admin]) {
      expect((await hub.gql(NOTICE, { id: insp.id }, token)).data.inspection.rectificationNotice).toMatchObject({ findings: 1 });
    }
    // Another team's inspector may read the inspection, not its notice (the page answers 404).
    const other = await hub.gql(NOTICE, { id: insp.id }, w.tokens.outsider);
    expect(other.data.inspection).toEqual({ id: insp.id, rectificationNotice: null });
    expect((await open(`/inspections/${insp.id}/rectification-notice`, w.tokens.outsider)).status).toBe(404);
  });

  it('a list of inspections with their notices runs the same number of statements for 2 and for 8 (no N+1)', async () => {
    const filed = [];
    for (let i = 0; i < 6; i++) filed.push(await file(withAnswers(hotelAllPass(photo), [{ itemCode: 'VENT.ROOMS', yes: false }])));
    // Acknowledged ones among both pages, so each loads who acknowledged (one statement either way).
    for (const insp of [filed[5], filed[1]]) expect((await hub.gql(ACK, { id: insp.id }, w.tokens.hotelManager)).errors).toBeUndefined();
    const q = `query($n: Int) { inspections(filter: { siteIds: ["${w.hotel.id}"], status: [SUBMITTED, CLOSED] }, first: $n) { nodes { id rectificationNotice { findings firstDeadline acknowledgedAt acknowledgedBy { id displayName } } } } }`;
    const two = await hub.gql(q, { n: 2 }, w.tokens.hotelManager);
    const eight = await hub.gql(q, { n: 8 }, w.tokens.hotelManager);
    expect(two.data.inspections.nodes).toHaveLength(2);
    expect(eight.data.inspections.nodes).toHaveLength(8);
    expect(eight.data.inspections.nodes.filter((n: { rectificationNotice: unknown }) => n.rectificationNotice).length).toBeGreaterThanOrEqual(6);
    expect(eight.sql).toBe(two.sql);
  });
});
