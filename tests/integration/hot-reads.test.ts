import fs from 'node:fs';
import path from 'node:path';
import { Kind, parse, print, type DefinitionNode } from 'graphql';
import { sqlStatements, startTestHub, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeAgency, makeSite, makeTeam } from '../fixtures/factory';
import { makeAttachment, seededVersion } from '../fixtures/checklists';

/**
 * The field app's hot reads (issue 20), sent exactly as the app sends them — the operations of
 * web/src/graphql/*.graphql with their variables — through the real server, as the role that
 * sends them, against a few sites with inspections, open, closed, overdue, escalated and paused
 * findings, rectifications with photos and disinfection logs with corrections.
 *
 * Each read is sent twice: as the app sends it (the read compiler answers it), and with the
 * header that forces graphql-js (the resolvers and their DataLoaders, non-production only). The
 * two bodies must be the same JSON (spaces aside), and the compiled one must run 1 statement
 * whatever the number of rows: the read, which also checks that the caller's account is still
 * what the graphql-js twin just looked up for the same token (src/server.ts, `remembered`; as
 * read-compiler.test.ts counts it too). Where the compiled statement finds the record missing or out of
 * reach (a guard), graphql-js answers with its error; those cases are compared too.
 */
let hub: TestHub;
const NOW = new Date('2026-11-25T04:00:00.000Z');
const at = (hours: number) => new Date(NOW.getTime() + hours * 3_600_000);
const iso = (hours: number) => at(hours).toISOString();
const DAY = 24;

/** The app's documents, one per operation, as graphql-codegen's client preset sends them. */
const APP: Record<string, string> = {};
for (const file of ['inspector', 'site', 'followup']) {
  const doc = parse(fs.readFileSync(path.join(__dirname, '../../web/src/graphql', `${file}.graphql`), 'utf8'));
  for (const d of doc.definitions as DefinitionNode[]) if (d.kind === Kind.OPERATION_DEFINITION && d.name) APP[d.name.value] = print(d);
}

type Who = 'inspectorA' | 'inspectorB' | 'manager1' | 'manager2' | 'command';
const tokens = {} as Record<Who, string>;
const ids = {} as Record<string, string>;
/** Statements per read through graphql-js (today's resolvers), for the README's table. */
const before: Record<string, number[]> = {};

async function send(query: string, variables: Record<string, unknown>, token: string, graphqlJs: boolean) {
  const res = await fetch(hub.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(graphqlJs ? { 'x-epi-executor': 'graphql-js' } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  return { status: res.status, text: await res.text(), sql: sqlStatements(res.headers) };
}

/**
 * A compiled read's JSON goes out as PostgreSQL wrote it (`{"id" : "…"}`, src/read-compiler/
 * raw-response.ts), graphql-js's as JSON.stringify writes it: both are compared re-serialised,
 * which keeps every key, its order and every value, and drops only spaces between tokens.
 */
const reserialised = (text: string): string => {
  try {
    return JSON.stringify(JSON.parse(text));
  } catch {
    return text;
  }
};

/** Both paths, compared (spaces aside); returns the compiled answer and both statement counts. */
async function both(name: string, query: string, variables: Record<string, unknown>, who: Who) {
  const viaJs = await send(query, variables, tokens[who], true);
  const compiled = await send(query, variables, tokens[who], false);
  expect(reserialised(compiled.text)).toBe(reserialised(viaJs.text));
  expect(compiled.status).toBe(viaJs.status);
  (before[name] ??= []).push(viaJs.sql);
  return { body: JSON.parse(compiled.text), sql: compiled.sql, jsSql: viaJs.sql };
}

const app = (name: string, variables: Record<string, unknown>, who: Who) => both(name, APP[name], variables, who);

beforeAll(async () => {
  hub = await startTestHub();
  hub.clock.now = NOW;
  const q = (sql: string, params: unknown[]) => hub.ds.query(sql, params);
  const agency = await makeAgency(hub.ds);
  const a = await makeAccount(hub.ds, 'INSPECTOR', { agencyId: agency.id });
  const b = await makeAccount(hub.ds, 'INSPECTOR', { agencyId: agency.id });
  const teamA = await makeTeam(hub.ds, a.id);
  const teamB = await makeTeam(hub.ds, b.id);
  const m1 = await makeAccount(hub.ds, 'FACILITY_MANAGER');
  const m2 = await makeAccount(hub.ds, 'FACILITY_MANAGER');
  const hotel = await seededVersion(hub.ds, 'HOTEL-EPI');
  const created = at(-60 * DAY);
  // S1: a HIGH-risk hotel whose last visit FAILed 40 days ago (interval 30 × 0.5 × 0.5 = 7.5 days).
  const s1 = await makeSite(hub.ds, { kind: 'HOTEL', name: 'HR 1 hotel', riskLevel: 'HIGH', createdAt: created });
  // S2: a venue visited 3 days ago (30 days): not due.
  const s2 = await makeSite(hub.ds, { kind: 'VENUE', name: 'HR 2 venue', riskLevel: 'MEDIUM', createdAt: created });
  // S3: a CRITICAL-risk detention facility never inspected, a visit in progress.
  const s3 = await makeSite(hub.ds, { kind: 'DETENTION_FACILITY', name: 'HR 3 detention', riskLevel: 'CRITICAL', createdAt: created });
  // S4: an isolation site visited 10 days ago (14 days): due within the app's 7 days.
  const s4 = await makeSite(hub.ds, { kind: 'ISOLATION_SITE', name: 'HR 4 isolation', riskLevel: 'LOW', createdAt: created });
  // S5: closed: never due.
  await makeSite(hub.ds, { kind: 'HOTEL', name: 'HR 5 closed', riskLevel: 'CRITICAL', status: 'CLOSED', createdAt: created });
  await bindManager(hub.ds, s1.id, m1.id);
  await bindManager(hub.ds, s2.id, m1.id);
  await bindManager(hub.ds, s3.id, m2.id);
  Object.assign(ids, { s1: s1.id, s2: s2.id, s3: s3.id, s4: s4.id, teamA: teamA.id, teamB: teamB.id, m1: m1.id });

  const inspection = async (siteId: string, teamId: string, status: string, o: { submittedAt?: Date; outcome?: string; dueAt?: Date } = {}) =>
    (
      await q(
        `INSERT INTO inspection (site_id, team_id, checklist_version_id, status, due_at, started_at, submitted_at, submitted_by_id, outcome, score, pass_mark, profile_version)
         VALUES ($1, $2, $3, $4, $5, $6, $6, CASE WHEN $6::timestamptz IS NULL THEN NULL ELSE $7::uuid END, $8::varchar, CASE WHEN $8::varchar IS NULL THEN NULL ELSE 75.5 END, 80, 1) RETURNING id`,
        [siteId, teamId, hotel, status, o.dueAt ?? null, o.submittedAt ?? null, a.id, o.outcome ?? null],
      )
    )[0].id as string;
  const i1 = await inspection(s1.id, teamA.id, 'SUBMITTED', { submittedAt: at(-40 * DAY), outcome: 'FAIL' });
  ids.plannedS1 = await inspection(s1.id, teamA.id, 'IN_PROGRESS', { dueAt: at(2 * DAY) });
  await inspection(s1.id, teamA.id, 'SCHEDULED', { dueAt: at(5 * DAY) });
  const i2 = await inspection(s2.id, teamB.id, 'SUBMITTED', { submittedAt: at(-3 * DAY), outcome: 'PASS' });
  ids.plannedS3 = await inspection(s3.id, teamB.id, 'IN_PROGRESS', { dueAt: at(-1 * DAY) });
  const i4 = await inspection(s4.id, teamA.id, 'SUBMITTED', { submittedAt: at(-10 * DAY), outcome: 'PASS_WITH_FINDINGS' });

  const finding = async (key: string, inspectionId: string, siteId: string, teamId: string, severity: string, status: string, deadlineHours: number) => {
    ids[key] = (
      await q(
        `INSERT INTO finding (inspection_id, site_id, team_id, issuing_agency_id, raised_by_id, title, description, severity, status, raised_at, deadline, profile_version)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, 1) RETURNING id`,
        [inspectionId, siteId, teamId, agency.id, a.id, `${key} 标题`, `${key}: line1\nline2 "q"`, severity, status, at(-45 * DAY), at(deadlineHours)],
      )
    )[0].id;
  };
  await finding('f1', i1, s1.id, teamA.id, 'MAJOR', 'OPEN', -2 * DAY); // overdue
  await finding('f2', i1, s1.id, teamA.id, 'CRITICAL', 'OPEN', -1 * DAY); // overdue, escalated
  await finding('f3', i1, s1.id, teamA.id, 'MINOR', 'RECTIFICATION_SUBMITTED', 3 * DAY);
  await finding('f4', i1, s1.id, teamA.id, 'MAJOR', 'VERIFIED', -5 * DAY); // settled
  await finding('f5', i1, s1.id, teamA.id, 'MAJOR', 'DISPUTED', -3 * DAY); // paused by its dispute: not overdue
  await finding('f6', i1, s1.id, teamA.id, 'MINOR', 'WITHDRAWN', -4 * DAY); // settled
  await finding('g1', i2, s2.id, teamB.id, 'CRITICAL', 'RECTIFICATION_SUBMITTED', 1 * DAY);
  await finding('g2', i2, s2.id, teamB.id, 'MINOR', 'OPEN', 6 * DAY);
  await finding('k1', i4, s4.id, teamA.id, 'MINOR', 'OPEN', -1); // overdue by an hour
  await q(
    `INSERT INTO dispute (kind, finding_id, site_id, status, reason, parties, lodged_by_id, lodged_at, deadline_paused) VALUES ('FINDING', $1, $2, 'LODGED', '理由', '[]'::jsonb, $3, $4, true)`,
    [ids.f5, s1.id, m1.id, at(-4 * DAY)],
  );
  // Rectifications: f3's with two photos (and an older rejected one), g1's without.
  const rect = async (findingId: string, status: string, submittedHours: number) =>
    (
      await q(
        `INSERT INTO rectification (finding_id, submitted_by_id, description, submitted_at, status, rejection_reason) VALUES ($1, $2, $3, $4, $5::varchar, CASE WHEN $5::varchar = 'REJECTED' THEN 'not enough' END) RETURNING id`,
        [findingId, m1.id, `fixed ${submittedHours}`, at(submittedHours), status],
      )
    )[0].id as string;
  await rect(ids.f3, 'REJECTED', -30);
  const r3 = await rect(ids.f3, 'SUBMITTED', -3);
  await rect(ids.g1, 'SUBMITTED', -1);
  for (const n of [1, 2]) {
    const photo = await makeAttachment(hub.ds, m1.id);
    await q(`INSERT INTO attachment_link (attachment_id, entity_type, entity_id, site_id) VALUES ($1, 'Rectification', $2, $3)`, [photo, r3, s1.id]);
    if (n === 1) ids.rectPhoto = photo;
  }

  // Disinfection at S1 (HOTEL: ELEVATORS 12 h, GUEST_ROOMS 24 h, LOBBY 24 h, RESTROOMS 12 h).
  const entry = async (siteId: string, area: string, startedHours: number, o: { corrects?: string; concentration?: number | null } = {}) =>
    (
      await q(
        `INSERT INTO disinfection_entry (site_id, area, agent, concentration, concentration_unit, method, started_at, duration_minutes, operator_name, recorded_by, recorded_at, corrects_id, correction_reason)
         VALUES ($1, $2, 'CHLORINE', $3::float8, CASE WHEN $3::float8 IS NULL THEN 'NONE' ELSE 'MG_PER_L' END, 'SPRAY', $4, 30, '王师傅', $5, $6, $7::uuid, CASE WHEN $7::uuid IS NULL THEN NULL ELSE 'wrong time' END) RETURNING id`,
        [siteId, area, o.concentration === undefined ? 500.5 : o.concentration, at(startedHours), m1.id, at(Math.min(startedHours, 0) + 0.5), o.corrects ?? null],
      )
    )[0].id as string;
  await entry(s1.id, 'LOBBY', -31);
  await entry(s1.id, 'GUEST_ROOMS', -30, { concentration: null });
  const wrong = await entry(s1.id, 'RESTROOMS', -2);
  ids.correction = await entry(s1.id, 'RESTROOMS', -20, { corrects: wrong });
  ids.lobby = await entry(s1.id, 'LOBBY', -5);
  await entry(s1.id, 'LOBBY', 1); // started after now: not yet the last
  await entry(s1.id, 'LOBBY', -3 * DAY); // before the log page's start
  await entry(s2.id, 'ENTRANCE', -1);
  const photo = await makeAttachment(hub.ds, m1.id);
  await q(`INSERT INTO attachment_link (attachment_id, entity_type, entity_id, site_id) VALUES ($1, 'DisinfectionEntry', $2, $3)`, [photo, ids.lobby, s1.id]);
  ids.entryPhoto = photo;

  tokens.inspectorA = await hub.login(a.username);
  tokens.inspectorB = await hub.login(b.username);
  tokens.manager1 = await hub.login(m1.username);
  tokens.manager2 = await hub.login(m2.username);
  tokens.command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
});
afterAll(async () => {
  if (process.env.HOT_READS_REPORT) process.stdout.write(`graphql-js statements per read: ${JSON.stringify(before)}\n`);
  await hub.stop();
});

describe("the inspector's due list (InspectionsDue)", () => {
  it('is one statement with each site, its open findings and its planned visit, highest risk first', async () => {
    const r = await app('InspectionsDue', {}, 'inspectorA');
    expect(r.sql).toBe(1);
    expect(r.jsSql).toBeGreaterThan(2);
    const due = r.body.data.inspectionsDue;
    // S3 (CRITICAL, never inspected), S1 (HIGH, due 32.5 days ago), S4 (LOW, due in 4 days); S2 is not due, S5 is closed.
    expect(due.map((d: any) => d.site.id)).toEqual([ids.s3, ids.s1, ids.s4]);
    expect(due[0]).toMatchObject({ lastInspectedAt: null, dueAt: null, daysOverdue: 0, openFindings: [], plannedInspection: { id: ids.plannedS3, status: 'IN_PROGRESS', team: { id: ids.teamB } } });
    expect(due[1]).toMatchObject({ lastInspectedAt: iso(-40 * DAY), dueAt: iso(-32.5 * DAY), daysOverdue: 32, site: { kind: 'HOTEL', riskLevel: 'HIGH', name: 'HR 1 hotel' } });
    // Open findings: not VERIFIED or WITHDRAWN, earliest deadline first; a paused one is not overdue.
    expect(due[1].openFindings.map((f: any) => [f.id, f.overdue])).toEqual([
      [ids.f5, false],
      [ids.f1, true],
      [ids.f2, true],
      [ids.f3, false],
    ]);
    // The planned visit: the earliest due of SCHEDULED and IN_PROGRESS.
    expect(due[1].plannedInspection).toMatchObject({ id: ids.plannedS1, status: 'IN_PROGRESS', dueAt: iso(2 * DAY), team: { id: ids.teamA }, checklistVersion: { id: expect.any(String) } });
    expect(due[2]).toMatchObject({ dueAt: iso(4 * DAY), daysOverdue: 0, plannedInspection: null, openFindings: [{ id: ids.k1, overdue: true }] });
  });

  it('lists every active site for any inspector (access.ts: inspectors read every site), a manager only its own', async () => {
    const b = await app('InspectionsDue', {}, 'inspectorB');
    expect(b.sql).toBe(1);
    expect(b.body.data.inspectionsDue.map((d: any) => d.site.id)).toEqual([ids.s3, ids.s1, ids.s4]);
    const m1 = await app('InspectionsDue', {}, 'manager1');
    expect(m1.sql).toBe(1);
    expect(m1.body.data.inspectionsDue.map((d: any) => d.site.id)).toEqual([ids.s1]);
    const m2 = await app('InspectionsDue', {}, 'manager2');
    expect(m2.body.data.inspectionsDue.map((d: any) => d.site.id)).toEqual([ids.s3]);
  });

  it('follows the clock: a day later the overdue count and the findings move on', async () => {
    hub.clock.now = at(DAY + 1);
    try {
      const r = await app('InspectionsDue', {}, 'inspectorA');
      expect(r.sql).toBe(1);
      const s1 = r.body.data.inspectionsDue.find((d: any) => d.site.id === ids.s1);
      expect(s1.daysOverdue).toBe(33);
    } finally {
      hub.clock.now = NOW;
    }
  });
});

describe("a site's page (DisinfectionAreas, SiteFindings)", () => {
  it('gives each required area its last and next disinfection in one statement', async () => {
    const r = await app('DisinfectionAreas', { siteId: ids.s1 }, 'manager1');
    expect(r.sql).toBe(1);
    expect(r.jsSql).toBeGreaterThan(2);
    expect(r.body.data.disinfectionAreas).toEqual([
      // Never disinfected: due one interval after the site's registration.
      { area: 'ELEVATORS', maxIntervalHours: 12, lastDisinfectedAt: null, nextDueAt: iso(-60 * DAY + 12), overdue: true },
      { area: 'GUEST_ROOMS', maxIntervalHours: 24, lastDisinfectedAt: iso(-30), nextDueAt: iso(-6), overdue: true },
      // The entry started after now does not count yet.
      { area: 'LOBBY', maxIntervalHours: 24, lastDisinfectedAt: iso(-5), nextDueAt: iso(19), overdue: false },
      // The corrected entry counts as its correction (20 h ago), not as the replaced one (2 h ago).
      { area: 'RESTROOMS', maxIntervalHours: 12, lastDisinfectedAt: iso(-20), nextDueAt: iso(-8), overdue: true },
    ]);
  });

  it("lists the site's open findings, overdue first by deadline, in one statement", async () => {
    const r = await app('SiteFindings', { siteId: ids.s1 }, 'manager1');
    expect(r.sql).toBe(1);
    expect(r.jsSql).toBeGreaterThan(2);
    const f = r.body.data.findings;
    expect(f.totalCount).toBe(4);
    expect(f.nodes.map((n: any) => [n.id, n.status, n.overdue])).toEqual([
      [ids.f5, 'DISPUTED', false],
      [ids.f1, 'OPEN', true],
      [ids.f2, 'OPEN', true],
      [ids.f3, 'RECTIFICATION_SUBMITTED', false],
    ]);
    expect(f.nodes[1]).toMatchObject({ title: 'f1 标题', description: 'f1: line1\nline2 "q"', severity: 'MAJOR', raisedAt: iso(-45 * DAY), deadline: iso(-2 * DAY), version: 1 });
  });

  it('is still one statement when the page asks for both in one operation', async () => {
    const areas = APP.DisinfectionAreas.slice(APP.DisinfectionAreas.indexOf('{'));
    const findings = APP.SiteFindings.slice(APP.SiteFindings.indexOf('{'));
    const q = `query SitePage($siteId: ID!) ${areas.slice(0, -1)} ${findings.slice(1)}`;
    const r = await both('site page in one operation', q, { siteId: ids.s1 }, 'manager1');
    expect(r.sql).toBe(1);
    expect(r.body.data.disinfectionAreas).toHaveLength(4);
    expect(r.body.data.findings.totalCount).toBe(4);
  });

  it("keeps other managers out: another manager's site is NOT_FOUND (areas) or empty (findings), the same either way", async () => {
    const areas = await app('DisinfectionAreas', { siteId: ids.s1 }, 'manager2');
    expect(areas.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const findings = await app('SiteFindings', { siteId: ids.s1 }, 'manager2');
    expect(findings.sql).toBe(1);
    expect(findings.body.data.findings).toEqual({ totalCount: 0, nodes: [] });
    // A missing site, and a site no team of this inspector has inspected: the guard hands over to graphql-js.
    const missing = await app('DisinfectionAreas', { siteId: '00000000-0000-4000-8000-000000000000' }, 'command');
    expect(missing.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const notInspected = await app('DisinfectionAreas', { siteId: ids.s1 }, 'inspectorB');
    expect(notInspected.body.errors[0].extensions.code).toBe('NOT_FOUND');
    const inspected = await app('DisinfectionAreas', { siteId: ids.s1 }, 'inspectorA');
    expect(inspected.sql).toBe(1);
    expect(inspected.body.data.disinfectionAreas).toHaveLength(4);
  });
});

describe('the findings list and its filters', () => {
  it("the inspector's follow-up (RectificationsToReview) is one statement with sites, rectifications and photos", async () => {
    const r = await app('RectificationsToReview', {}, 'inspectorA');
    expect(r.sql).toBe(1);
    expect(r.jsSql).toBeGreaterThan(2);
    const nodes = r.body.data.findings.nodes;
    expect(nodes.map((n: any) => [n.id, n.site.id])).toEqual([
      [ids.g1, ids.s2],
      [ids.f3, ids.s1],
    ]);
    expect(nodes[1].rectifications.map((x: any) => [x.status, x.evidence.length])).toEqual([
      ['REJECTED', 0],
      ['SUBMITTED', 2],
    ]);
    expect(nodes[1].rectifications[1].evidence[0]).toEqual({ id: ids.rectPhoto, url: `/attachments/${ids.rectPhoto}` });
    // Managers: their own sites only.
    expect((await app('RectificationsToReview', {}, 'manager1')).body.data.findings.nodes.map((n: any) => n.id)).toEqual([ids.g1, ids.f3]);
    expect((await app('RectificationsToReview', {}, 'manager2')).body.data.findings.nodes).toEqual([]);
  });

  const LIST = `query($filter: FindingFilter, $first: Int) {
    findings(filter: $filter, first: $first) {
      totalCount
      nodes { id title severity status raisedAt deadline overdue escalated version site { id name ... on Hotel { roomCount } } inspection { id status team { name } } }
    }
  }`;
  // Filters name sites and teams by key ('s1', 'teamA'); expected findings by key, in deadline order.
  const cases: [string, Record<string, unknown>, Who, string[]][] = [
    ['overdue', { overdue: true }, 'command', ['f1', 'f2', 'k1']],
    ['overdue MAJOR', { overdue: true, severity: ['MAJOR'] }, 'command', ['f1']],
    ['escalated', { escalated: true }, 'command', ['f2']],
    ['not overdue', { overdue: false }, 'command', ['f4', 'f6', 'f5', 'g1', 'f3', 'g2']],
    ['not escalated, open', { escalated: false, status: ['OPEN', 'DISPUTED'] }, 'command', ['f5', 'f1', 'k1', 'g2']],
    ['overdue, manager', { overdue: true }, 'manager1', ['f1', 'f2']],
    ['escalated, inspector, one site', { escalated: true, siteIds: ['s1'] }, 'inspectorA', ['f2']],
    ['overdue, inspector, one team', { overdue: true, teamIds: ['teamA'] }, 'inspectorA', ['f1', 'f2', 'k1']],
  ];
  it.each(cases)('findings(%s) is one statement, with the right findings and total', async (label, filter, who, expected) => {
    const f = Object.fromEntries(Object.entries(filter).map(([k, v]) => [k, k === 'siteIds' || k === 'teamIds' ? (v as string[]).map((x) => ids[x]) : v]));
    const r = await both(`findings ${label}`, LIST, { filter: f, first: 50 }, who);
    expect(r.sql).toBe(1);
    expect(r.body.data.findings.nodes.map((n: any) => n.id)).toEqual(expected.map((k) => ids[k]));
    expect(r.body.data.findings.totalCount).toBe(expected.length);
    for (const n of r.body.data.findings.nodes) expect(n.escalated).toBe(n.overdue && n.severity === 'CRITICAL');
  });

  it('pages with first and keeps the total of every page', async () => {
    const r = await both('findings first 2', LIST, { filter: { overdue: false }, first: 2 }, 'command');
    expect(r.sql).toBe(1);
    expect(r.body.data.findings.nodes).toHaveLength(2);
    expect(r.body.data.findings.totalCount).toBe(6);
  });
});

describe("a site's disinfection log page (SiteEntriesSince)", () => {
  it('is one statement with every version, who recorded it, what it corrects and its photos', async () => {
    const r = await app('SiteEntriesSince', { siteId: ids.s1, from: iso(-2 * DAY) }, 'manager1');
    expect(r.sql).toBe(1);
    expect(r.jsSql).toBeGreaterThan(2);
    const nodes = r.body.data.disinfectionLog.nodes;
    // From the page's start, oldest first, the replaced version too (not effective).
    expect(nodes.map((n: any) => [n.area, n.startedAt, n.effective])).toEqual([
      ['LOBBY', iso(-31), true],
      ['GUEST_ROOMS', iso(-30), true],
      ['RESTROOMS', iso(-20), true],
      ['LOBBY', iso(-5), true],
      ['RESTROOMS', iso(-2), false],
      ['LOBBY', iso(1), true],
    ]);
    const correction = nodes.find((n: any) => n.id === ids.correction);
    expect(correction).toMatchObject({ correctionReason: 'wrong time', corrects: { id: expect.any(String) }, recordedBy: { displayName: expect.any(String) } });
    expect(nodes.find((n: any) => n.id === ids.lobby).evidence).toEqual([{ id: ids.entryPhoto }]);
    expect(nodes.find((n: any) => n.area === 'GUEST_ROOMS')).toMatchObject({ concentration: null, concentrationUnit: 'NONE' });
    expect(nodes.find((n: any) => n.id === ids.lobby)).toMatchObject({ concentration: 500.5, concentrationUnit: 'MG_PER_L', method: 'SPRAY', agent: 'CHLORINE', durationMinutes: 30 });
  });

  it('reads the same for an inspector whose team inspected the site; NOT_FOUND for another inspector and another manager', async () => {
    const a = await app('SiteEntriesSince', { siteId: ids.s1, from: iso(-2 * DAY) }, 'inspectorA');
    expect(a.sql).toBe(1);
    expect(a.body.data.disinfectionLog.nodes).toHaveLength(6);
    expect((await app('SiteEntriesSince', { siteId: ids.s1, from: iso(-2 * DAY) }, 'inspectorB')).body.errors[0].extensions.code).toBe('NOT_FOUND');
    expect((await app('SiteEntriesSince', { siteId: ids.s1, from: iso(-2 * DAY) }, 'manager2')).body.errors[0].extensions.code).toBe('NOT_FOUND');
    const other = await app('SiteEntriesSince', { siteId: ids.s2, from: iso(-2 * DAY) }, 'manager1');
    expect(other.sql).toBe(1);
    expect(other.body.data.disinfectionLog.nodes.map((n: any) => n.area)).toEqual(['ENTRANCE']);
  });

  it('answers the effective view and a page with its total the same way', async () => {
    const q = `query($s: ID!, $from: DateTime, $to: DateTime) { disinfectionLog(siteId: $s, from: $from, to: $to, first: 2) { totalCount nodes { id area effective } } }`;
    const r = await both('disinfectionLog effective', q, { s: ids.s1, from: iso(-2 * DAY), to: iso(0) }, 'manager1');
    expect(r.sql).toBe(1);
    expect(r.body.data.disinfectionLog.totalCount).toBe(4);
    expect(r.body.data.disinfectionLog.nodes.every((n: any) => n.effective)).toBe(true);
    // An argument the resolver refuses: graphql-js gives the error.
    const bad = await both('disinfectionLog bad', q, { s: ids.s1, from: iso(0), to: iso(-1) }, 'manager1');
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
  });
});
