import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';
import { disinfectionWalkSql } from '../../src/modules/report/report.sql';
import { reportParams } from '../../src/modules/report/report.service';
import { prng } from '../fixtures/samples';

/**
 * Issue 18 item 6: a required area's first interval starts at its origin, the later of the
 * site's registration and the rule's start (migration DisinfectionOrigin), in the report, in
 * disinfectionCompliance, in sitesInBreach and in disinfectionAreas alike.
 *
 * A generated log (fixed seed): sites of every kind with rules, registered a month ago, in the
 * last days, or hours ago (some disinfected in every area within a second of registration, some
 * never), entries with gaps within, at and beyond the interval, some started before the site was
 * registered, and a rule added two days ago. For every period, site by site (one district each):
 * the report's requirements met and in breach at the end are what disinfectionCompliance says of
 * that site (an area failed exactly when it shows a gap; in breach exactly when a gap ends at the
 * end); the whole area's report (day sets) and the entry-by-entry statement are their sums; no
 * row has `sites: 0`.
 */
let hub: TestHub;
let command: string;
let recorder: string;
const HOUR = 3_600_000;
let now: number;

const rand = prng(20261205);

interface Site {
  id: string;
  kind: string;
  district: string;
  created: number;
}
const sites: Site[] = [];
let rules: { site_kind: string; area: string; max_interval_hours: number; starts_ms: number }[];

async function insertEntries(rows: { siteId: string; area: string; started: number }[]) {
  for (let k = 0; k < rows.length; k += 200) {
    const chunk = rows.slice(k, k + 200);
    const values = chunk.map((_, i) => `($${i * 4 + 1}::uuid, $${i * 4 + 2}, 'CHLORINE', 500, 'MG_PER_L', 'SPRAY', $${i * 4 + 3}::timestamptz, 20, '保洁员', $${i * 4 + 4}::uuid, $${i * 4 + 3}::timestamptz + interval '10 minutes')`);
    await hub.ds.query(
      `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at)
       VALUES ${values.join(', ')}`,
      chunk.flatMap((r) => [r.siteId, r.area, new Date(r.started), recorder]),
    );
  }
}

const REPORT = `query($p: ReportPeriodInput!, $d: String, $asOf: DateTime) { report(period: $p, district: $d, asOf: $asOf) {
  disinfection { siteKind sites requirements requirementsMet requirementsInBreachAtEnd sitesInBreachAtEnd } } }`;
const COMPLIANCE = `query($s: ID!, $from: DateTime!, $to: DateTime!) { disinfectionCompliance(siteId: $s, from: $from, to: $to) { area from to } }`;

/** The report as of now (disinfectionCompliance sees every entry recorded by now, so the cutoff is now, not the period end). */
async function report(from: number, to: number, district: string | null) {
  const r = await hub.gql(REPORT, { p: { from: new Date(from).toISOString(), to: new Date(to).toISOString() }, d: district, asOf: hub.clock.now.toISOString() }, command);
  expect(r.errors).toBeUndefined();
  return r.data.report.disinfection as { siteKind: string; sites: number; requirements: number; requirementsMet: number; requirementsInBreachAtEnd: number; sitesInBreachAtEnd: number }[];
}

/** What disinfectionCompliance says of one site over [from, to] (to ≤ now): its row of the report. */
async function fromCompliance(site: { id: string; kind: string; created: number }, from: number, to: number) {
  const r = await hub.gql(COMPLIANCE, { s: site.id, from: new Date(from).toISOString(), to: new Date(to).toISOString() }, command);
  expect(r.errors).toBeUndefined();
  const gaps: { area: string; from: string; to: string }[] = r.data.disinfectionCompliance;
  if (site.created > to) return null; // not judged: registered after the end
  const required = rules.filter((x) => x.site_kind === site.kind && x.starts_ms <= to).length;
  const failed = new Set(gaps.map((g) => g.area)).size;
  const breach = new Set(gaps.filter((g) => new Date(g.to).getTime() === to).map((g) => g.area)).size;
  return { siteKind: site.kind, sites: 1, requirements: required, requirementsMet: required - failed, requirementsInBreachAtEnd: breach, sitesInBreachAtEnd: breach > 0 ? 1 : 0 };
}

let justRegistered: Site; // disinfected in every area within a second of registration, through the API
let neverLogged: Site; // registered 3 h ago, nothing logged
let managerToken: string;

beforeAll(async () => {
  hub = await startTestHub();
  now = hub.clock.pin().getTime();
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
  const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
  recorder = manager.id;
  managerToken = await hub.login(manager.username);
  // A rule added two days ago: hotels' kitchens, every 24 h, from then on.
  await hub.ds.query(`INSERT INTO disinfection_rule (site_kind, area, max_interval_hours, starts_at) VALUES ('HOTEL', 'KITCHEN', 24, $1)`, [new Date(now - 48 * HOUR)]);
  rules = await hub.ds.query(`SELECT site_kind, area, max_interval_hours, (extract(epoch FROM starts_at) * 1000)::float8 AS starts_ms FROM disinfection_rule ORDER BY site_kind, area`);
  const kinds = [...new Set(rules.map((r) => r.site_kind))];
  for (let i = 0; i < 28; i++) {
    const kind = kinds[i % kinds.length];
    const age = i % 4 === 0 ? 30 * 24 * HOUR : i % 4 === 1 ? (1 + rand() * 9) * 24 * HOUR : i % 4 === 2 ? (0.2 + rand() * 20) * HOUR : rand() * 6 * 24 * HOUR;
    const created = Math.round(now - age);
    const district = `起点-${i}`;
    const s = await makeSite(hub.ds, { kind, district, createdAt: new Date(created), updatedAt: new Date(created) });
    sites.push({ id: s.id, kind, district, created });
  }
  // The log: per site and area, from up to one interval before registration (entries before the
  // origin do not count) to now; gaps mostly within the interval, some exactly it, some beyond.
  // Every fifth site logs nothing; every seventh logs every area once, within a second of its registration.
  const rows: { siteId: string; area: string; started: number }[] = [];
  for (const [i, s] of sites.entries()) {
    if (i % 5 === 4) continue;
    for (const r of rules.filter((x) => x.site_kind === s.kind)) {
      const h = r.max_interval_hours * HOUR;
      const origin = Math.max(s.created, r.starts_ms);
      if (i % 7 === 6) {
        rows.push({ siteId: s.id, area: r.area, started: origin + 800 });
        continue;
      }
      let t = origin - rand() * h + (rand() < 0.3 ? h * (0.2 + rand()) : 0);
      while (t < now - 60_000) {
        rows.push({ siteId: s.id, area: r.area, started: Math.round(t) });
        const x = rand();
        t += x < 0.1 ? h : x < 0.25 ? h * (1.05 + rand()) : h * (0.3 + 0.65 * rand());
      }
    }
  }
  await insertEntries(rows);

  // The case, through the API: registered, then every area disinfected within a second.
  hub.clock.advance(60_000);
  const created = hub.clock.now.getTime() - 2 * HOUR;
  const s = await makeSite(hub.ds, { kind: 'HOTEL', district: '起点-新', createdAt: new Date(created), updatedAt: new Date(created) });
  await bindManager(hub.ds, s.id, manager.id);
  justRegistered = { id: s.id, kind: 'HOTEL', district: '起点-新', created };
  const areas = rules.filter((r) => r.site_kind === 'HOTEL').map((r) => r.area);
  const b = await hub.gql(
    `mutation($i: RecordDisinfectionBatchInput!) { recordDisinfectionBatch(input: $i) { id } }`,
    { i: { siteId: s.id, entries: areas.map((area) => ({ idempotencyKey: randomUUID(), area, agent: 'CHLORINE', concentration: 500, concentrationUnit: 'MG_PER_L', method: 'SPRAY', startedAt: new Date(created + 900).toISOString(), durationMinutes: 20 })) } },
    managerToken,
  );
  expect(b.errors).toBeUndefined();
  const n = await makeSite(hub.ds, { kind: 'HOTEL', district: '起点-空', createdAt: new Date(created - HOUR), updatedAt: new Date(created - HOUR) });
  await bindManager(hub.ds, n.id, manager.id);
  neverLogged = { id: n.id, kind: 'HOTEL', district: '起点-空', created: created - HOUR };
  sites.push(justRegistered, neverLogged);
  hub.clock.advance(60_000);
  now = hub.clock.now.getTime();
}, 300_000);
afterAll(() => hub.stop());

it('a site registered and disinfected within a second is compliant; one never logged is in breach only once its interval has run out', async () => {
  const hotelRules = rules.filter((r) => r.site_kind === 'HOTEL');
  const all = hotelRules.length;
  const day = await report(now - 24 * HOUR, now, justRegistered.district);
  expect(day).toEqual([{ siteKind: 'HOTEL', sites: 1, requirements: all, requirementsMet: all, requirementsInBreachAtEnd: 0, sitesInBreachAtEnd: 0 }]);
  // Never logged, registered 3 h ago: every interval is 12 h or more, so nothing is due yet.
  expect(await report(now - 24 * HOUR, now, neverLogged.district)).toEqual([{ siteKind: 'HOTEL', sites: 1, requirements: all, requirementsMet: all, requirementsInBreachAtEnd: 0, sitesInBreachAtEnd: 0 }]);
  const gaps = await hub.gql(COMPLIANCE, { s: neverLogged.id, from: new Date(now - 24 * HOUR).toISOString(), to: new Date(now).toISOString() }, command);
  expect(gaps.data.disinfectionCompliance).toEqual([]);
  const breach = await hub.gql(`query($ids: [ID!]) { sitesInBreach(siteIds: $ids) { site { id } } }`, { ids: [justRegistered.id, neverLogged.id] }, command);
  expect(breach.data.sitesInBreach).toEqual([]);
  const areas = await hub.gql(`query($s: ID!) { disinfectionAreas(siteId: $s) { area overdue nextDueAt } }`, { s: neverLogged.id }, managerToken);
  expect(areas.errors).toBeUndefined();
  expect(areas.data.disinfectionAreas.map((a: any) => [a.area, a.overdue, new Date(a.nextDueAt).getTime()])).toEqual(
    hotelRules.map((r) => [r.area, false, Math.max(neverLogged.created, r.starts_ms) + r.max_interval_hours * HOUR]),
  );

  // 20 h on (the clock moved, nothing logged): the 12 h areas have run out, the 24 h ones not.
  hub.clock.advance(20 * HOUR);
  try {
    const t = hub.clock.now.getTime();
    const later = await report(t - 24 * HOUR, t, neverLogged.district);
    const twelve = hotelRules.filter((r) => r.max_interval_hours < 23).length;
    expect(twelve).toBeGreaterThan(0);
    expect(later).toEqual([{ siteKind: 'HOTEL', sites: 1, requirements: all, requirementsMet: all - twelve, requirementsInBreachAtEnd: twelve, sitesInBreachAtEnd: 1 }]);
    const inBreach = await hub.gql(`query($ids: [ID!]) { sitesInBreach(siteIds: $ids) { site { id } areas { area lastDisinfectedAt } } }`, { ids: [neverLogged.id] }, command);
    expect(inBreach.data.sitesInBreach).toEqual([{ site: { id: neverLogged.id }, areas: hotelRules.filter((r) => r.max_interval_hours < 23).map((r) => ({ area: r.area, lastDisinfectedAt: null })) }]);
  } finally {
    hub.clock.pin(new Date(now));
  }
});

it('the report and disinfectionCompliance agree on every site, for every period; the whole area is their sum', async () => {
  const periods: [number, number][] = [
    [now - 7 * 24 * HOUR, now],
    [now - 24 * HOUR, now],
    [now - HOUR, now],
    [now - 40 * 24 * HOUR, now - 20 * 24 * HOUR],
  ];
  for (let k = 0; k < 5; k++) {
    const from = Math.round(now - (0.5 + rand() * 12) * 24 * HOUR);
    periods.push([from, Math.min(now, Math.round(from + (2 + rand() * 5 * 24) * HOUR))]);
  }
  const everySite: { id: string; kind: string; created: number }[] = (
    await hub.ds.query(`SELECT id, kind, created_at FROM site WHERE status = 'ACTIVE' AND kind IN (SELECT site_kind FROM disinfection_rule)`)
  ).map((s: { id: string; kind: string; created_at: Date }) => ({ id: s.id, kind: s.kind, created: new Date(s.created_at).getTime() }));
  let newSitesJudged = 0;
  let failedSeen = 0;
  let metSeen = 0;
  for (const [from, to] of periods) {
    const sums = new Map<string, { siteKind: string; sites: number; requirements: number; requirementsMet: number; requirementsInBreachAtEnd: number; sitesInBreachAtEnd: number }>();
    for (const s of everySite) {
      const expected = await fromCompliance(s, from, to);
      const mine = sites.find((x) => x.id === s.id);
      if (!expected) {
        if (mine) expect(await report(from, to, mine.district)).toEqual([]);
        continue;
      }
      const sum = sums.get(s.kind) ?? { siteKind: s.kind, sites: 0, requirements: 0, requirementsMet: 0, requirementsInBreachAtEnd: 0, sitesInBreachAtEnd: 0 };
      for (const key of ['sites', 'requirements', 'requirementsMet', 'requirementsInBreachAtEnd', 'sitesInBreachAtEnd'] as const) sum[key] += expected[key];
      sums.set(s.kind, sum);
      if (!mine) continue;
      expect({ site: s.id, period: [new Date(from), new Date(to)], rows: await report(from, to, mine.district) }).toEqual({ site: s.id, period: [new Date(from), new Date(to)], rows: [expected] });
      if (s.created > from) newSitesJudged++;
      failedSeen += expected.requirements - expected.requirementsMet;
      metSeen += expected.requirementsMet;
    }
    const expectedWhole = [...sums.values()].sort((a, b) => a.siteKind.localeCompare(b.siteKind));
    const whole = await report(from, to, null);
    expect({ period: [new Date(from), new Date(to)], whole }).toEqual({ period: [new Date(from), new Date(to)], whole: expectedWhole });
    expect(whole.every((r) => r.sites > 0)).toBe(true);
    // The entry-by-entry statement, on the same data.
    const walked = await hub.ds.query(disinfectionWalkSql, reportParams({ period: { from: new Date(from), to: new Date(to) }, cutoff: new Date(now), district: null } as never).slice(0, 4));
    expect(walked).toEqual(expectedWhole);
  }
  // The log is varied enough to mean something.
  expect(newSitesJudged).toBeGreaterThan(20);
  expect(failedSeen).toBeGreaterThan(20);
  expect(metSeen).toBeGreaterThan(20);
}, 600_000);
