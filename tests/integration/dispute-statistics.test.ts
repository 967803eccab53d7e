import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { ASSIGN, LODGE, RESOLVE, days, disputeWorld, inspect, plus, type DisputeWorld } from '../fixtures/disputes';

let hub: TestHub;
let w: DisputeWorld;
const NOW = new Date('2026-10-01T08:00:00.000Z');

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = NOW;
  w = await disputeWorld(hub);
});
afterAll(() => hub.stop());

/** Lodges at the clock's time, assigns, and resolves `after` days later with `outcome`. */
async function decide(findingId: string, reviewer: { id: string }, token: string, outcome: string, after: number) {
  const start = hub.clock.now;
  const l = await hub.gql(LODGE, { i: { idempotencyKey: randomUUID(), findingId, reason: '不认可' } }, w.tokens.hotelManager);
  const a = await hub.gql(ASSIGN, { i: { id: l.data.lodgeDispute.id, version: l.data.lodgeDispute.version, reviewerId: reviewer.id } }, w.tokens.command);
  hub.clock.now = plus(start, days(after));
  const extra = outcome === 'AMENDED' ? { newSeverity: 'MINOR' } : {};
  const r = await hub.gql(RESOLVE, { i: { id: a.data.assignDispute.id, version: a.data.assignDispute.version, outcome, rationale: '复核结论', ...extra } }, token);
  expect(r.errors).toBeUndefined();
  hub.clock.now = start;
}

const STATS = `query($f: DisputeStatisticsFilter) { disputeStatistics(filter: $f) {
  resolved overturned overturnRate medianHoursToResolve
  byOutcome { outcome count }
  byTeam { team { id } resolved overturned overturnRate medianHoursToResolve }
  byReviewer { reviewer { id } resolved overturned overturnRate medianHoursToResolve }
  siteConflictsResolved siteConflictsByCategory { category count } } }`;

describe('dispute statistics', () => {
  it('overturn rate per team and per reviewer, median time to resolve, counts by outcome', async () => {
    const a = await inspect(hub, w, ['M1', 'M2', 'N1'], plus(NOW, -3_600_000));
    const b = await inspect(hub, w, ['M1'], plus(NOW, -3_600_000), { teamId: w.otherTeam.id, token: w.tokens.outsider });
    await decide(a.findings.M1.id, w.reviewer, w.tokens.reviewer, 'OVERTURNED', 1);
    await decide(a.findings.M2.id, w.reviewer, w.tokens.reviewer, 'UPHELD', 2);
    await decide(a.findings.N1.id, w.reviewer, w.tokens.reviewer, 'OVERTURNED', 3);
    await decide(b.findings.M1.id, w.reviewer2, w.tokens.reviewer2, 'AMENDED', 4);
    // Still open: not counted.
    const c = await inspect(hub, w, ['C1'], plus(NOW, -3_600_000));
    expect((await hub.gql(LODGE, { i: { idempotencyKey: randomUUID(), findingId: c.findings.C1.id, reason: '不认可' } }, w.tokens.hotelManager)).errors).toBeUndefined();
    const rec = (category: string) =>
      hub.gql(`mutation($i: RecordSiteConflictInput!) { recordSiteConflict(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), siteId: w.hotel.id, category, description: '纠纷', parties: ['甲', '乙'], mediatedBy: '调解员', outcome: '和解' } }, w.tokens.command);
    await rec('GUEST_REFUSED_REGISTRATION');
    await rec('GUEST_REFUSED_REGISTRATION');
    await rec('CHECKPOINT_QUARREL');

    const r = await hub.gql(STATS, { f: { from: plus(NOW, -days(1)).toISOString(), to: plus(NOW, days(30)).toISOString() } }, w.tokens.reviewer);
    expect(r.errors).toBeUndefined();
    const s = r.data.disputeStatistics;
    expect(s).toMatchObject({ resolved: 4, overturned: 2, overturnRate: 0.5, medianHoursToResolve: 60, siteConflictsResolved: 3 });
    expect(s.byOutcome).toEqual([
      { outcome: 'AMENDED', count: 1 },
      { outcome: 'OVERTURNED', count: 2 },
      { outcome: 'UPHELD', count: 1 },
    ]);
    expect(s.byTeam).toEqual(
      expect.arrayContaining([
        { team: { id: w.team.id }, resolved: 3, overturned: 2, overturnRate: 2 / 3, medianHoursToResolve: 48 },
        { team: { id: w.otherTeam.id }, resolved: 1, overturned: 0, overturnRate: 0, medianHoursToResolve: 96 },
      ]),
    );
    expect(s.byTeam).toHaveLength(2);
    expect(s.byReviewer).toEqual(
      expect.arrayContaining([
        { reviewer: { id: w.reviewer.id }, resolved: 3, overturned: 2, overturnRate: 2 / 3, medianHoursToResolve: 48 },
        { reviewer: { id: w.reviewer2.id }, resolved: 1, overturned: 0, overturnRate: 0, medianHoursToResolve: 96 },
      ]),
    );
    expect(s.siteConflictsByCategory).toEqual([
      { category: 'CHECKPOINT_QUARREL', count: 1 },
      { category: 'GUEST_REFUSED_REGISTRATION', count: 2 },
    ]);

    // Resolution times outside the range are left out: the first two were resolved on days 1 and 2.
    const narrow = await hub.gql(STATS, { f: { from: plus(NOW, days(2.5)).toISOString(), to: plus(NOW, days(30)).toISOString() } }, w.tokens.command);
    expect(narrow.data.disputeStatistics).toMatchObject({ resolved: 2, overturned: 1, overturnRate: 0.5, medianHoursToResolve: 84, siteConflictsResolved: 0 });
    const empty = await hub.gql(STATS, { f: { from: plus(NOW, days(100)).toISOString() } }, w.tokens.command);
    expect(empty.data.disputeStatistics).toMatchObject({ resolved: 0, overturned: 0, overturnRate: 0, medianHoursToResolve: null, byOutcome: [], byTeam: [], byReviewer: [] });

    expectError(await hub.gql(STATS, {}, w.tokens.hotelManager), 'FORBIDDEN');
    expect(expectError(await hub.gql(STATS, { f: { from: NOW.toISOString(), to: NOW.toISOString() } }, w.tokens.command), 'BAD_USER_INPUT').extensions.field).toBe('filter.to');
  });
});
