import { randomUUID } from 'node:crypto';
import { startTestHub, expectError, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeAgency, makeSite, makeTeam } from '../fixtures/factory';
import { seededVersion } from '../fixtures/checklists';
import { COLUMNS_FOR_FIELD } from '../../src/modules/site-inspections/inspection-columns';

let hub: TestHub;
let command: string;
let team: { id: string };
let leader: { id: string };
let agencyId: string;
let hotelVersion: string;

beforeAll(async () => {
  hub = await startTestHub();
  agencyId = (await makeAgency(hub.ds)).id;
  leader = await makeAccount(hub.ds, 'INSPECTOR', { agencyId });
  team = await makeTeam(hub.ds, leader.id);
  hotelVersion = await seededVersion(hub.ds, 'HOTEL-EPI');
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
});
afterAll(() => hub.stop());

/** The read the benchmark measures (issue 6), limited to sites whose name contains `search`. */
const NESTED = `query($search: String!, $n: Int) {
  sites(first: 50, filter: { search: $search }) { nodes { id name inspections(first: $n) { id outcome findings { id severity status } } } }
}`;

/**
 * `perSite` submitted inspections a day apart (the i-th is i days old, so index 0 is the newest),
 * each with `findings` findings, written straight to the database.
 */
async function addInspections(siteId: string, perSite: number, findings: number): Promise<string[]> {
  const rows: { id: string }[] = await hub.ds.query(
    `INSERT INTO inspection (site_id, team_id, checklist_version_id, status, started_at, submitted_at, submitted_by_id, outcome, score, pass_mark, profile_version, created_at)
     SELECT $1, $2, $3, 'SUBMITTED', now() - make_interval(days => n), now() - make_interval(days => n), $4, 'PASS_WITH_FINDINGS', 90, 80, 1, now() - make_interval(days => n)
       FROM generate_series(0, $5::int - 1) AS n ORDER BY n RETURNING id`,
    [siteId, team.id, hotelVersion, leader.id, perSite],
  );
  if (findings > 0) {
    await hub.ds.query(
      `INSERT INTO finding (inspection_id, site_id, team_id, issuing_agency_id, raised_by_id, title, severity, status, raised_at, deadline, profile_version)
       SELECT i.id, i.site_id, i.team_id, $2, $3, 'Finding ' || k, (ARRAY['CRITICAL','MAJOR','MINOR'])[1 + k % 3], 'OPEN', i.submitted_at + make_interval(secs => k), i.submitted_at + interval '3 days', 1
         FROM inspection i CROSS JOIN generate_series(1, $4::int) AS k WHERE i.id = ANY($1::uuid[])`,
      [rows.map((r) => r.id), agencyId, leader.id, findings],
    );
  }
  return rows.map((r) => r.id);
}

async function makeSites(prefix: string, n: number, perSite: number, findings: number) {
  const sites = [];
  for (let i = 0; i < n; i++) {
    const s = await makeSite(hub.ds, { name: `${prefix} ${String(i).padStart(3, '0')}` });
    await addInspections(s.id, perSite, findings);
    sites.push(s);
  }
  return sites;
}

describe('Site.inspections: the nested read sites → inspections → findings', () => {
  it('runs the same number of SQL statements for 5 × 2 × 1 rows as for 30 × 10 × 3', async () => {
    const small = `NR-small-${randomUUID().slice(0, 6)}`;
    const large = `NR-large-${randomUUID().slice(0, 6)}`;
    await makeSites(small, 5, 2, 1);
    await makeSites(large, 30, 10, 3);

    // The token's first request looks its account up; later ones check it inside the read (src/server.ts).
    await hub.gql(`{ me { id } }`, {}, command);
    const a = await hub.gql(NESTED, { search: small }, command);
    expect(a.errors).toBeUndefined();
    expect(a.data.sites.nodes).toHaveLength(5);
    for (const s of a.data.sites.nodes) {
      expect(s.inspections).toHaveLength(2);
      for (const i of s.inspections) expect(i.findings).toHaveLength(1);
    }

    const b = await hub.gql(NESTED, { search: large }, command);
    expect(b.errors).toBeUndefined();
    expect(b.data.sites.nodes).toHaveLength(30);
    for (const s of b.data.sites.nodes) {
      expect(s.inspections).toHaveLength(10);
      for (const i of s.inspections) expect(i.findings.map((f: { severity: string }) => f.severity).sort()).toEqual(['CRITICAL', 'MAJOR', 'MINOR']);
    }

    expect(Number.isFinite(a.sql)).toBe(true);
    expect(b.sql).toBe(a.sql);
    // sites, their inspections, the inspections' findings, and signing in: nothing per row.
    expect(a.sql).toBeLessThanOrEqual(6);
  });

  it('keeps sending cache-control: no-store on GraphQL responses (Apollo\'s per-field cache-control plugin is replaced)', async () => {
    const r = await hub.gql(`{ version }`);
    expect(r.headers.get('cache-control')).toBe('no-store');
    const failed = await hub.gql(`{ sites { totalCount } }`);
    expectError(failed, 'UNAUTHENTICATED');
    expect(failed.headers.get('cache-control')).toBe('no-store');
  });

  it('gives the newest inspections first, at most `first` (10 by default), and first: 0 gives none', async () => {
    const prefix = `NR-order-${randomUUID().slice(0, 6)}`;
    const [site] = await makeSites(prefix, 1, 12, 0);
    const ids: string[] = (await hub.ds.query(`SELECT id FROM inspection WHERE site_id = $1 ORDER BY created_at DESC, id DESC`, [site.id])).map((r: { id: string }) => r.id);
    const byDefault = await hub.gql(NESTED, { search: prefix }, command);
    expect(byDefault.data.sites.nodes[0].inspections.map((i: { id: string }) => i.id)).toEqual(ids.slice(0, 10));
    const three = await hub.gql(NESTED, { search: prefix, n: 3 }, command);
    expect(three.data.sites.nodes[0].inspections.map((i: { id: string }) => i.id)).toEqual(ids.slice(0, 3));
    const none = await hub.gql(NESTED, { search: prefix, n: 0 }, command);
    expect(none.data.sites.nodes[0].inspections).toEqual([]);
  });

  it('refuses a first outside 0..100 with BAD_USER_INPUT naming the argument', async () => {
    const prefix = `NR-bad-${randomUUID().slice(0, 6)}`;
    await makeSites(prefix, 1, 1, 0);
    for (const n of [-1, 101]) expect(expectError(await hub.gql(NESTED, { search: prefix, n }, command), 'BAD_USER_INPUT').extensions.field).toBe('first');
  });

  it('answers on every type implementing Site', async () => {
    const prefix = `NR-kinds-${randomUUID().slice(0, 6)}`;
    const kinds = { HOTEL: 'Hotel', VENUE: 'Venue', DETENTION_FACILITY: 'DetentionFacility', ISOLATION_SITE: 'IsolationSite', CHECKPOINT: 'Checkpoint', SAMPLING_POINT: 'OtherSite' };
    for (const kind of Object.keys(kinds)) {
      const s = await makeSite(hub.ds, { kind, name: `${prefix} ${kind}` });
      await addInspections(s.id, 1, 0);
    }
    const r = await hub.gql(`query($s: String!) { sites(filter: { search: $s }) { nodes { __typename kind ... on Hotel { inspections { id } } ... on Venue { inspections { id } }
      ... on DetentionFacility { inspections { id } } ... on IsolationSite { inspections { id } } ... on Checkpoint { inspections { id } } ... on OtherSite { inspections { id } } } } }`, { s: prefix }, command);
    expect(r.errors).toBeUndefined();
    const got = Object.fromEntries(r.data.sites.nodes.map((n: { kind: string; __typename: string; inspections: unknown[] }) => [n.kind, [n.__typename, n.inspections.length]]));
    expect(got).toEqual(Object.fromEntries(Object.entries(kinds).map(([k, t]) => [k, [t, 1]])));
  });

  it('gives, for every field it fetches narrowly, exactly what inspection(id) gives', async () => {
    const prefix = `NR-fields-${randomUUID().slice(0, 6)}`;
    const [site] = await makeSites(prefix, 1, 2, 2);
    const [older] = (await hub.ds.query(`SELECT id FROM inspection WHERE site_id = $1 ORDER BY created_at LIMIT 1`, [site.id])) as { id: string }[];
    // A cancelled correction of the older one, so the link fields have values too.
    await hub.ds.query(
      `INSERT INTO inspection (site_id, team_id, checklist_version_id, status, cancelled_at, cancel_reason, previous_inspection_id, corrects_inspection_id, correction_reason, scheduled_by_id, due_at)
       SELECT site_id, team_id, checklist_version_id, 'CANCELLED', now(), 'rain', id, id, 'typo', $2, now() FROM inspection WHERE id = $1`,
      [older.id, leader.id],
    );
    const sub: Record<string, string> = { site: '{ id }', team: '{ id }', checklistVersion: '{ id }', scheduledBy: '{ id }', submittedBy: '{ id }', members: '{ isLeader }', answers: '{ itemCode }', findings: '{ id status }', previousInspection: '{ id }', previousOpenFindings: '{ id }', correctsInspection: '{ id }', correctedBy: '{ id }' };
    const selection = Object.keys(COLUMNS_FOR_FIELD).map((f) => `${f} ${sub[f] ?? ''}`).join(' ');
    const nested = await hub.gql(`query($s: String!) { sites(filter: { search: $s }) { nodes { inspections(first: 5) { ${selection} } } } }`, { s: prefix }, command);
    expect(nested.errors).toBeUndefined();
    const list = nested.data.sites.nodes[0].inspections;
    expect(list).toHaveLength(3);
    for (const i of list) {
      const one = await hub.gql(`query($id: ID!) { inspection(id: $id) { ${selection} } }`, { id: i.id }, command);
      expect(one.errors).toBeUndefined();
      expect(i).toEqual(one.data.inspection);
    }
    expect(list.some((i: { correctsInspection: unknown }) => i.correctsInspection)).toBe(true);
  });

  it('shows a facility manager the inspections of its own site only', async () => {
    const prefix = `NR-fm-${randomUUID().slice(0, 6)}`;
    const [mine, other] = await makeSites(prefix, 2, 2, 1);
    const fm = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    await bindManager(hub.ds, mine.id, fm.id);
    const token = await hub.login(fm.username);
    const r = await hub.gql(NESTED, { search: prefix }, token);
    expect(r.errors).toBeUndefined();
    expect(r.data.sites.nodes.map((s: { id: string }) => s.id)).toEqual([mine.id]);
    expect(r.data.sites.nodes[0].inspections).toHaveLength(2);
    // The other site is invisible, and so are its inspections through any route.
    const viaSite = await hub.gql(`query($id: ID!) { site(id: $id) { inspections { id } } }`, { id: other.id }, token);
    expect(viaSite.data.site).toBeNull();
  });
});
