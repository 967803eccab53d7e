import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from '../helpers/harness';
import { ASSIGN, LODGE, RESOLVE, days, disputeWorld, inspect, instant, plus, type DisputeWorld } from '../fixtures/disputes';
import { parseCsv } from '../helpers/csv';

/**
 * The report's overdue figure and the findings CSV follow the dispute module's pause rule, the
 * one `findings(filter: {overdue: true})` uses: a MAJOR finding whose open dispute pauses its
 * deadline is not overdue; a CRITICAL one's never pauses. As-of reports evaluate the pause at
 * their cutoff. Everything goes through the real mutations with the hub's clock left unpinned, so
 * it follows the machine clock as the database's does (the as-of rule compares recording times,
 * which the database stamps); the moments between steps come from the database clock.
 */
let hub: TestHub;
let w: DisputeWorld;
beforeAll(async () => {
  hub = await startTestHub();
  w = await disputeWorld(hub);
});
afterAll(() => hub.stop());

const REPORT = `query($period: ReportPeriodInput!, $asOf: DateTime) { report(period: $period, asOf: $asOf) { cutoff overdue { count escalated } summaryZh } }`;
const period = () => ({ from: plus(hub.clock.now, -days(10)).toISOString(), to: plus(hub.clock.now, days(1)).toISOString() });
const overdueAt = async (asOf?: Date) => {
  const r = await hub.gql(REPORT, { period: period(), asOf: asOf?.toISOString() ?? null }, w.tokens.command);
  expect(r.errors).toBeUndefined();
  return r.data.report.overdue as { count: number; escalated: number };
};

const csv = async (query = '') => {
  const res = await fetch(`${hub.url}/reports/findings.csv${query}`, { headers: { authorization: `Bearer ${w.tokens.command}` } });
  expect(res.status).toBe(200);
  const [header, ...rows] = parseCsv((await res.text()).replace(/^\uFEFF/, ''));
  const col = (name: string) => header.indexOf(name);
  return new Map(rows.map((r) => [r[col('id')], { overdue: r[col('overdue')], escalated: r[col('escalated')] }]));
};
const reportCsvOverdue = async () => {
  const p = period();
  const res = await fetch(`${hub.url}/reports/report.csv?from=${encodeURIComponent(p.from)}&to=${encodeURIComponent(p.to)}`, { headers: { authorization: `Bearer ${w.tokens.command}` } });
  const lines = (await res.text()).split('\r\n');
  return lines[lines.indexOf('overdue') + 2];
};

it('a MAJOR finding under an open dispute is not overdue (report, report CSV, findings CSV), a CRITICAL one is; resolved UPHELD, it is overdue again; as-of reports see the pause as it stood', async () => {
  // Raised five days ago: CRITICAL due after 24 h, MAJOR after 72 h; both past their deadlines now.
  const insp = await inspect(hub, w, ['C1', 'M1'], plus(hub.clock.now, -days(5)));
  const crit = insp.findings.C1;
  const major = insp.findings.M1;
  expect(overdueIds(await csv())).toEqual([crit.id, major.id].sort());
  expect(await overdueAt()).toEqual({ count: 2, escalated: 1 });

  const beforeLodging = await instant(hub);
  const lodge = async (findingId: string) => {
    const r = await hub.gql(LODGE, { i: { idempotencyKey: randomUUID(), findingId, reason: '已整改，有照片为证' } }, w.tokens.hotelManager);
    expect(r.errors).toBeUndefined();
    return r.data.lodgeDispute;
  };
  const dMajor = await lodge(major.id);
  const dCrit = await lodge(crit.id);
  expect([dMajor.deadlinePaused, dCrit.deadlinePaused]).toEqual([true, false]);
  const whileOpen = await instant(hub);

  // The report: only the CRITICAL finding is overdue (and escalated); the MAJOR one's deadline stands still.
  expect(await overdueAt()).toEqual({ count: 1, escalated: 1 });
  expect((await hub.gql(REPORT, { period: period() }, w.tokens.command)).data.report.summaryZh).toContain('逾期未整改1处，其中重大隐患升级督办1处');
  expect(await reportCsvOverdue()).toBe('1,1');
  // The findings CSV marks them the same way, and its overdue filter agrees with the findings query.
  const rows = await csv();
  expect(rows.get(major.id)).toEqual({ overdue: 'false', escalated: 'false' });
  expect(rows.get(crit.id)).toEqual({ overdue: 'true', escalated: 'true' });
  expect([...(await csv('?overdue=true')).keys()]).toEqual([crit.id]);
  expect([...(await csv('?overdue=false')).keys()]).toEqual([major.id]);
  const q = await hub.gql(`query($i: ID!) { findings(filter: { inspectionIds: [$i], overdue: true }) { nodes { id } } }`, { i: insp.id }, w.tokens.command);
  expect(q.data.findings.nodes).toEqual([{ id: crit.id }]);
  // As of a moment before the disputes were lodged, nothing was paused.
  expect(await overdueAt(beforeLodging)).toEqual({ count: 2, escalated: 1 });

  // Resolved UPHELD: the paused deadline moves on by the time the dispute was open (seconds here),
  // still long past, so the MAJOR finding is overdue again.
  const assigned = (await hub.gql(ASSIGN, { i: { id: dMajor.id, version: dMajor.version, reviewerId: w.reviewer.id } }, w.tokens.command)).data.assignDispute;
  const resolved = await hub.gql(RESOLVE, { i: { id: assigned.id, version: assigned.version, outcome: 'UPHELD', rationale: '维持原检查结论' } }, w.tokens.reviewer);
  expect(resolved.errors).toBeUndefined();
  const r = resolved.data.resolveDispute;
  expect(r.status).toBe('RESOLVED');
  expect(r.deadlineExtensionSeconds).toBeGreaterThanOrEqual(0);
  expect(new Date(r.finding.deadline).getTime()).toBe(new Date(major.deadline).getTime() + r.deadlineExtensionSeconds * 1000);
  expect(new Date(r.finding.deadline).getTime()).toBeLessThan(hub.clock.now.getTime());
  const afterResolution = await instant(hub);

  expect(await overdueAt()).toEqual({ count: 2, escalated: 1 });
  expect(await reportCsvOverdue()).toBe('2,1');
  expect((await csv()).get(major.id)).toEqual({ overdue: 'true', escalated: 'false' });
  // As-of reports keep their answer: while the dispute was open the MAJOR finding was paused
  // (its deadline then was the original one); before lodging and after resolution it was not.
  expect(await overdueAt(whileOpen)).toEqual({ count: 1, escalated: 1 });
  expect(await overdueAt(beforeLodging)).toEqual({ count: 2, escalated: 1 });
  expect(await overdueAt(afterResolution)).toEqual({ count: 2, escalated: 1 });
});

it('a dispute withdrawn stops pausing from the moment it was withdrawn', async () => {
  const insp = await inspect(hub, w, ['M2'], plus(hub.clock.now, -days(5)));
  const f = insp.findings.M2;
  const base = await overdueAt();
  const l = (await hub.gql(LODGE, { i: { idempotencyKey: randomUUID(), findingId: f.id, reason: '异议' } }, w.tokens.hotelManager)).data.lodgeDispute;
  const whileOpen = await instant(hub);
  expect(await overdueAt()).toEqual({ count: base.count - 1, escalated: base.escalated });
  const wd = await hub.gql(`mutation($i: WithdrawDisputeInput!) { withdrawDispute(input: $i) { status } }`, { i: { id: l.id, version: l.version } }, w.tokens.hotelManager);
  expect(wd.data.withdrawDispute.status).toBe('WITHDRAWN');
  expect(await overdueAt()).toEqual(base);
  expect((await csv()).get(f.id)?.overdue).toBe('true');
  expect(await overdueAt(whileOpen)).toEqual({ count: base.count - 1, escalated: base.escalated });
});

it('as of a moment its dispute was open, a finding changed twice since (amended to a later deadline, then disputed again) is still not overdue', async () => {
  // The as-of figure takes the finding as it stood at the cutoff, before the first of its changes
  // after it, not as any later change found it (here the second: open with a deadline to come).
  const insp = await inspect(hub, w, ['M1'], plus(hub.clock.now, -days(5)));
  const f = insp.findings.M1;
  const beforeLodging = await instant(hub);
  const base = await overdueAt(beforeLodging);
  const l = (await hub.gql(LODGE, { i: { idempotencyKey: randomUUID(), findingId: f.id, reason: '异议' } }, w.tokens.hotelManager)).data.lodgeDispute;
  expect(l.deadlinePaused).toBe(true);
  const whileOpen = await instant(hub);
  const assigned = (await hub.gql(ASSIGN, { i: { id: l.id, version: l.version, reviewerId: w.reviewer.id } }, w.tokens.command)).data.assignDispute;
  const amended = await hub.gql(RESOLVE, { i: { id: assigned.id, version: assigned.version, outcome: 'AMENDED', rationale: '延长整改期限', newDeadline: plus(hub.clock.now, days(2)).toISOString() } }, w.tokens.reviewer);
  expect(amended.errors).toBeUndefined();
  const again = await hub.gql(LODGE, { i: { idempotencyKey: randomUUID(), findingId: f.id, reason: '再次异议' } }, w.tokens.hotelManager);
  expect(again.errors).toBeUndefined();
  expect(await overdueAt(whileOpen)).toEqual({ count: base.count - 1, escalated: base.escalated });
  expect(await overdueAt(beforeLodging)).toEqual(base);
  // Now: due in two days, so not overdue either.
  expect(await overdueAt()).toEqual({ count: base.count - 1, escalated: base.escalated });
});

function overdueIds(rows: Map<string, { overdue: string }>) {
  return [...rows].filter(([, v]) => v.overdue === 'true').map(([id]) => id).sort();
}

