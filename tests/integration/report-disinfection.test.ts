import { startTestHub, type TestHub } from '../helpers/harness';
import { makeAccount, makeSite } from '../fixtures/factory';

/**
 * Disinfection compliance in the report, one hotel per district so each case is its own report.
 * A hotel has four required areas (lobby and guest rooms every 24 h, elevators and restrooms every
 * 12 h); only the lobby is logged, so each report has 4 requirements, the three others unmet and
 * in breach at the end. The period is the 48 h [F, T), the cutoff T unless asOf says otherwise.
 * Cases at the edges the statement reads by index: the last entry before the start (within one
 * interval, or just not), gaps of exactly the interval, corrections recorded before or after the
 * cutoff (of the entry before the start, and of one inside the period), entries recorded late,
 * a site created during the period.
 */
let hub: TestHub;
let command: string;
let recorder: string;
const F = new Date('2025-03-01T00:00:00Z');
const T = new Date(F.getTime() + 48 * 3_600_000);
const at = (hours: number) => new Date(F.getTime() + hours * 3_600_000);
const afterCutoff = (hours: number) => new Date(T.getTime() + hours * 3_600_000);

beforeAll(async () => {
  hub = await startTestHub();
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
  recorder = (await makeAccount(hub.ds, 'INSPECTOR')).id;
});
afterAll(() => hub.stop());

async function hotel(district: string, createdAt = new Date('2025-01-01T00:00:00Z')) {
  return (await makeSite(hub.ds, { kind: 'HOTEL', district, createdAt, updatedAt: createdAt })).id;
}

/** A lobby entry started at `started`, recorded at `recorded` (default: when it started), optionally correcting another. */
async function lobby(siteId: string, started: Date, recorded: Date = started, correctsId: string | null = null): Promise<string> {
  const [row] = await hub.ds.query(
    `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at, corrects_id, correction_reason)
     VALUES ($1, 'LOBBY', 'CHLORINE', 500, 'MG_PER_L', 'SPRAY', $2, 20, '保洁员', $3, $4, $5::uuid, CASE WHEN $5::uuid IS NULL THEN NULL ELSE '时间录错' END) RETURNING id`,
    [siteId, started, recorder, recorded, correctsId],
  );
  return row.id;
}

async function report(district: string, asOf?: Date) {
  const r = await hub.gql(
    `query($p: ReportPeriodInput!, $d: String, $asOf: DateTime) { report(period: $p, district: $d, asOf: $asOf) {
       disinfection { siteKind sites requirements requirementsMet requirementsInBreachAtEnd sitesInBreachAtEnd } lateArrivals { disinfectionEntries } } }`,
    { p: { from: F.toISOString(), to: T.toISOString() }, d: district, asOf: asOf?.toISOString() ?? null },
    command,
  );
  expect(r.errors).toBeUndefined();
  const rows = r.data.report.disinfection;
  expect(rows).toHaveLength(1);
  expect(rows[0]).toMatchObject({ siteKind: 'HOTEL', sites: 1, requirements: 4 });
  // The three unlogged areas: never met, always in breach.
  return { lobbyMet: rows[0].requirementsMet, lobbyBreach: rows[0].requirementsInBreachAtEnd - 3, late: r.data.report.lateArrivals.disinfectionEntries };
}

describe('report: disinfection compliance', () => {
  it('counts gaps of exactly the interval as kept, up to an entry at the very end', async () => {
    const s = await hotel('消毒-整点');
    for (const h of [-23, 1, 25, 48]) await lobby(s, at(h));
    // 24 h, 24 h, 23 h between entries; the last at T itself is after the period ([F, T)) but at E = T.
    expect(await report('消毒-整点')).toEqual({ lobbyMet: 1, lobbyBreach: 0, late: 0 });
  });

  it('needs an entry within one interval before the start: exactly one interval earlier is too old', async () => {
    const s = await hotel('消毒-过早');
    for (const h of [-24, 10, 30, 38]) await lobby(s, at(h));
    expect(await report('消毒-过早')).toEqual({ lobbyMet: 0, lobbyBreach: 0, late: 0 });
  });

  it('drops the entry before the start that a correction recorded by the cutoff replaced, and keeps it when the correction came later', async () => {
    const early = await hotel('消毒-更正前');
    await lobby(early, at(-30));
    const replaced = await lobby(early, at(-2));
    await lobby(early, at(1), at(2), replaced);
    for (const h of [20, 40]) await lobby(early, at(h));
    expect(await report('消毒-更正前')).toEqual({ lobbyMet: 0, lobbyBreach: 0, late: 0 });

    const later = await hotel('消毒-更正后');
    const kept = await lobby(later, at(-2));
    await lobby(later, at(1), afterCutoff(1), kept);
    for (const h of [20, 40]) await lobby(later, at(h));
    await lobby(later, at(30), afterCutoff(2));
    // At T the correction was not recorded: the entry at F-2h stands (22 h, 20 h, 8 h to the end).
    // The correction and the entry recorded at T+2h started in the period: late arrivals.
    expect(await report('消毒-更正后')).toEqual({ lobbyMet: 1, lobbyBreach: 0, late: 2 });
    // As of T+90 min the correction counts (the entry at T+2h does not yet): nothing left before the start.
    expect(await report('消毒-更正后', afterCutoff(1.5))).toEqual({ lobbyMet: 0, lobbyBreach: 0, late: 1 });
  });

  it('opens a gap where a correction recorded by the cutoff moved an entry inside the period', async () => {
    const s = await hotel('消毒-期内更正');
    await lobby(s, at(-1));
    const moved = await lobby(s, at(20));
    await lobby(s, at(40));
    await lobby(s, at(45), at(46), moved);
    // Effective: F-1h, F+40h, F+45h: a 41-hour gap.
    expect(await report('消毒-期内更正')).toEqual({ lobbyMet: 0, lobbyBreach: 0, late: 0 });
  });

  it('ignores an entry recorded after the cutoff until the cutoff reaches it', async () => {
    const s = await hotel('消毒-补录');
    for (const h of [-1, 10, 47]) await lobby(s, at(h));
    await lobby(s, at(30), afterCutoff(2));
    expect(await report('消毒-补录')).toEqual({ lobbyMet: 0, lobbyBreach: 0, late: 1 });
    expect(await report('消毒-补录', afterCutoff(3))).toEqual({ lobbyMet: 1, lobbyBreach: 0, late: 0 });
  });

  it('is in breach at the end when the last entry is older than the interval, or there is only one before the start', async () => {
    const a = await hotel('消毒-末尾超时');
    for (const h of [-1, 20]) await lobby(a, at(h));
    expect(await report('消毒-末尾超时')).toEqual({ lobbyMet: 0, lobbyBreach: 1, late: 0 });
    const b = await hotel('消毒-仅期前');
    await lobby(b, at(-1));
    expect(await report('消毒-仅期前')).toEqual({ lobbyMet: 0, lobbyBreach: 1, late: 0 });
  });

  it('judges a site created during the period from its creation, an entry at that instant included', async () => {
    const s = await hotel('消毒-期中新建', at(10));
    for (const h of [10, 30, 43]) await lobby(s, at(h));
    expect(await report('消毒-期中新建')).toEqual({ lobbyMet: 1, lobbyBreach: 0, late: 0 });
  });
});
