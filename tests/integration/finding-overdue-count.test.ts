import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from '../helpers/harness';
import { ASSIGN, LODGE, RESOLVE, WITHDRAW, days, disputeWorld, inspect, instant, plus, type DisputeWorld } from '../fixtures/disputes';

/**
 * The command centre's finding figures come from the findings' day tallies (migration
 * FindingDeadlineTally): `findings(filter: {overdue: true})` totalCount for an actor who sees
 * every finding, and the whole-area report's overdue, findings and rectification figures. Each must equal what counting the
 * findings one by one gives, after every kind of change a finding goes through: filing (with
 * deadlines before today, earlier today and later), verification, a dispute that pauses the
 * deadline, an amended severity and deadline, a withdrawn dispute, and folding the tally.
 * The one-by-one answers come from the same API: a filter the tally does not serve (the sites
 * listed explicitly, so the same findings) for the list, a district's report for the report
 * (every site here is in one district).
 */
let hub: TestHub;
let w: DisputeWorld;
let sites: string[];
let district: string;
beforeAll(async () => {
  hub = await startTestHub();
  w = await disputeWorld(hub);
  sites = [w.hotel.id, w.otherHotel.id, w.detention.id];
  const rows: { district: string }[] = await hub.ds.query(`SELECT DISTINCT district FROM site WHERE id = ANY($1)`, [sites]);
  expect(rows).toHaveLength(1);
  district = rows[0].district;
});
afterAll(() => hub.stop());

const LIST = `query($f: FindingFilter) { findings(filter: $f, first: 500) { totalCount nodes { id severity deadline status } } }`;
const REPORT = `query($period: ReportPeriodInput!, $asOf: DateTime, $district: String) { report(period: $period, asOf: $asOf, district: $district) {
  cutoff overdue { count escalated } findings { total bySeverityStatus { severity status count } } rectification { due withdrawn rectified rectifiedOnTime rate } lateArrivals { findings } } }`;

const list = async (filter: Record<string, unknown>) => {
  const r = await hub.gql(LIST, { f: filter }, w.tokens.command);
  expect(r.errors).toBeUndefined();
  return r.data.findings as { totalCount: number; nodes: { id: string; severity: string; deadline: string; status: string }[] };
};
/** The report's finding figures; the whole area's come from the tallies, a district's finding by finding. */
const figures = async (asOf: Date | null, byDistrict: boolean, period = { from: plus(hub.clock.now, -days(30)), to: plus(hub.clock.now, days(1)) }) => {
  const r = await hub.gql(REPORT, { period: { from: period.from.toISOString(), to: period.to.toISOString() }, asOf: asOf?.toISOString() ?? null, district: byDistrict ? district : null }, w.tokens.command);
  expect(r.errors).toBeUndefined();
  const { cutoff: _c, ...rest } = r.data.report;
  return rest;
};
const report = async (asOf: Date | null, byDistrict: boolean) => (await figures(asOf, byDistrict)).overdue as { count: number; escalated: number };

const FILTERS: Record<string, unknown>[] = [{ overdue: true }, { overdue: true, severity: ['MAJOR'] }, { overdue: true, severity: ['CRITICAL', 'MINOR'] }, { escalated: true }, { overdue: true, escalated: true }];
const instants: Date[] = [];

/** Every tallied count equals the one-by-one count and the rows listed; returns the overdue total. */
async function expectCountsAgree(): Promise<number> {
  let total = -1;
  for (const f of FILTERS) {
    const tallied = await list(f);
    const exact = await list({ ...f, siteIds: sites });
    expect({ filter: f, count: tallied.totalCount }).toEqual({ filter: f, count: exact.totalCount });
    expect(tallied.nodes.map((n) => n.id)).toEqual(exact.nodes.map((n) => n.id));
    expect(tallied.totalCount).toBe(tallied.nodes.length);
    if (f.overdue && Object.keys(f).length === 1) total = tallied.totalCount;
  }
  // The finding's deadline_paused (kept by the trigger on dispute) is the dispute module's rule.
  const [{ astray }] = await hub.ds.query(
    `SELECT count(*)::int AS astray FROM finding f
      WHERE f.deadline_paused <> EXISTS (SELECT 1 FROM dispute d WHERE d.finding_id = f.id AND d.status IN ('LODGED','UNDER_REVIEW') AND d.deadline_paused)`,
  );
  expect(astray).toBe(0);
  const now = await figures(null, false);
  expect(now).toEqual(await figures(null, true));
  expect(now.overdue.count).toBe(total);
  instants.push(await instant(hub));
  return total;
}

it('counts from the tally equal counting finding by finding, through filing, verification, disputes, amendments and folding', async () => {
  // The hub's clock stays unpinned (following the machine clock, as the database's stamps do: the
  // as-of reports below compare them); this is the test's "now".
  const now = hub.clock.now;
  // A CRITICAL finding falls due 24 h after it was raised: this one earlier today (the tally's
  // partial day, read from the index), whatever the time of day the test runs at.
  const sinceMidnight = now.getTime() - Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const earlierToday = await inspect(hub, w, ['C1'], plus(now, -days(1) - Math.max(Math.floor(sinceMidnight / 2), 1000)));
  expect(new Date(earlierToday.findings.C1.deadline).toISOString().slice(0, 10)).toBe(now.toISOString().slice(0, 10));
  const old = await inspect(hub, w, ['C1', 'M1', 'M2', 'N1'], plus(now, -days(10)));
  const recent = await inspect(hub, w, ['C1', 'M1', 'N1'], plus(now, -days(4)));
  const fresh = await inspect(hub, w, ['C1', 'M2'], plus(now, -3_600_000)); // due tomorrow and later: not overdue
  const first = await expectCountsAgree();
  expect(first).toBe(1 + 4 + 2); // earlier today, all four of ten days ago, the CRITICAL and MAJOR of four days ago (MINOR: 7 days)
  expect(fresh.findings.C1.status).toBe('OPEN');

  // Verified: no longer open.
  const rect = await hub.gql(`mutation($i: SubmitRectificationInput!) { submitRectification(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), findingId: old.findings.M1.id, description: '已整改' } }, w.tokens.hotelManager);
  expect(rect.errors).toBeUndefined();
  const v = await hub.gql(`mutation($id: ID!) { verifyRectification(input: { findingId: $id }) { status } }`, { id: old.findings.M1.id }, w.tokens.lead);
  expect(v.data.verifyRectification.status).toBe('VERIFIED');
  expect(await expectCountsAgree()).toBe(first - 1);

  // A dispute that pauses a MAJOR finding's deadline: not overdue while it is open.
  const lodge = async (findingId: string) => {
    const r = await hub.gql(LODGE, { i: { idempotencyKey: randomUUID(), findingId, reason: '异议' } }, w.tokens.hotelManager);
    expect(r.errors).toBeUndefined();
    return r.data.lodgeDispute;
  };
  const paused = await lodge(recent.findings.M1.id);
  expect(paused.deadlinePaused).toBe(true);
  expect(await expectCountsAgree()).toBe(first - 2);
  // A dispute against the CRITICAL finding of four days ago never pauses: still overdue.
  const critical = await lodge(recent.findings.C1.id);
  expect(critical.deadlinePaused).toBe(false);
  expect(await expectCountsAgree()).toBe(first - 2);

  // Amended: MINOR, due in a week; the finding leaves the overdue figures and its old day.
  const assigned = (await hub.gql(ASSIGN, { i: { id: paused.id, version: paused.version, reviewerId: w.reviewer.id } }, w.tokens.command)).data.assignDispute;
  const amended = await hub.gql(RESOLVE, { i: { id: assigned.id, version: assigned.version, outcome: 'AMENDED', rationale: '降级', newSeverity: 'MINOR', newDeadline: plus(hub.clock.now, days(7)).toISOString() } }, w.tokens.reviewer);
  expect(amended.errors).toBeUndefined();
  expect(amended.data.resolveDispute.finding.severity).toBe('MINOR');
  expect(await expectCountsAgree()).toBe(first - 2);

  // Another pause, withdrawn: overdue again.
  const second = await lodge(old.findings.M2.id);
  expect(await expectCountsAgree()).toBe(first - 3);
  const wd = await hub.gql(WITHDRAW, { i: { id: second.id, version: second.version } }, w.tokens.hotelManager);
  expect(wd.data.withdrawDispute.status).toBe('WITHDRAWN');
  expect(await expectCountsAgree()).toBe(first - 2);

  // The tally holds one appended row per change; folding leaves one per (day, severity) and the same answers.
  const rows = async () => (await hub.ds.query(`SELECT count(*)::int AS n, count(DISTINCT (day, severity, status, verified_on_time, deadline_paused))::int AS keys FROM finding_deadline_tally`))[0];
  const before = await rows();
  expect(before.n).toBeGreaterThan(before.keys);
  await hub.server.services.feedWatcher.scanNow();
  const after = await rows();
  expect(after.n).toBeLessThanOrEqual(after.keys);
  expect(await expectCountsAgree()).toBe(first - 2);
  const [{ open, tallied }] = await hub.ds.query(
    `SELECT (SELECT count(*)::int FROM finding WHERE status NOT IN ('VERIFIED','WITHDRAWN')) AS open, (SELECT sum(findings)::int FROM finding_deadline_tally WHERE status NOT IN ('VERIFIED','WITHDRAWN')) AS tallied`,
  );
  expect(tallied).toBe(open);
  // Both tallies, folded or not, hold every finding under its current key.
  for (const [table, day, keys, cols] of [
    ['finding_deadline_tally', 'deadline', `severity, status, coalesce(verified_at <= deadline, false), deadline_paused`, 4],
    ['finding_raised_tally', 'raised_at', `severity, status`, 2],
  ] as const) {
    const tallyKeys = table === 'finding_deadline_tally' ? 'severity, status, verified_on_time, deadline_paused' : 'severity, status';
    const diff = await hub.ds.query(
      `(SELECT day, ${tallyKeys}, sum(findings)::int AS n FROM ${table} GROUP BY day, ${tallyKeys} HAVING sum(findings) <> 0
        EXCEPT SELECT (${day} AT TIME ZONE 'UTC')::date, ${keys}, count(*)::int FROM finding GROUP BY 1, ${[...Array(cols)].map((_, i) => i + 2).join(', ')})
       UNION ALL
       (SELECT (${day} AT TIME ZONE 'UTC')::date, ${keys}, count(*)::int FROM finding GROUP BY 1, ${[...Array(cols)].map((_, i) => i + 2).join(', ')}
        EXCEPT SELECT day, ${tallyKeys}, sum(findings)::int FROM ${table} GROUP BY day, ${tallyKeys} HAVING sum(findings) <> 0)`,
    );
    expect({ table, diff }).toEqual({ table, diff: [] });
  }

  // As-of reports: at every moment between the steps, the whole-area figure (tally, minus what
  // changed since) equals the district's (finding by finding, reconstructed at the cutoff).
  const asOf = await Promise.all(instants.map(async (t) => [await figures(t, false), await figures(t, true)]));
  for (const [whole, byDistrict] of asOf) expect(whole).toEqual(byDistrict);
  expect(asOf.map(([whole]) => whole.overdue.count)).toEqual([first, first - 1, first - 2, first - 2, first - 2, first - 3, first - 2, first - 2]);
  // Periods cut anywhere in a day (the tallies hold whole UTC days; the ends are read finding by
  // finding), within one day, ending exactly at midnight, as of every step and of now.
  const midnight = Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate());
  const periods = [
    { from: new Date(midnight - days(12)), to: new Date(midnight + days(2)) },
    { from: plus(now, -days(10) - 3_600_000), to: plus(now, -days(4) + 60_000) },
    { from: plus(now, -days(11)), to: plus(now, -days(9)) },
    { from: plus(now, -days(4) - 600_000), to: plus(now, -days(4) + 600_000) },
    { from: plus(now, days(1)), to: plus(now, days(9)) }, // by deadline: the fresh findings and the amended one
  ];
  for (const period of periods) {
    for (const t of [null, ...instants]) {
      if (t && t < period.from) continue;
      const whole = await figures(t, false, period);
      expect({ period, t, whole }).toEqual({ period, t, whole: await figures(t, true, period) });
    }
  }
  const busy = await figures(null, false, periods[0]);
  expect(busy.findings.total).toBe(10);
  expect(busy.rectification.rectified).toBe(1);
});
