import { randomUUID } from 'node:crypto';
import { GraphQLObjectType, getNamedType, isLeafType, type GraphQLSchema } from 'graphql';
import { sqlStatements, startTestHub, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeAgency, makeSite, makeTeam } from '../fixtures/factory';
import { seededVersion } from '../fixtures/checklists';
import { buildSchema } from '../../src/schema';

/**
 * The read compiler (src/read-compiler) answers some queries in ONE SQL statement. Each query
 * here is sent twice to the same hub: once as a client sends it, once with the header that
 * forces graphql-js (non-production only). The two response bodies must be the same JSON (spaces aside),
 * errors included, and the compiled one must have run 1 statement whatever the number of rows:
 * the read, which also checks that the caller's account is still what the graphql-js twin just
 * looked up for the same token (src/server.ts, `remembered`; auth-remembered.test.ts).
 */
let hub: TestHub;
let tokens: Record<'command' | 'inspector' | 'manager' | 'staff', string>;
let prefix: string;
let managedSiteId: string;
const schema: GraphQLSchema = buildSchema();

type Sent = { status: number; text: string; sql: number };

async function send(query: string, variables: Record<string, unknown>, token: string | undefined, graphqlJs: boolean): Promise<Sent> {
  const res = await fetch(hub.graphqlUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}), ...(graphqlJs ? { 'x-epi-executor': 'graphql-js' } : {}) },
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

/** Both paths, compared; returns the compiled answer. */
async function both(query: string, variables: Record<string, unknown> = {}, who: keyof typeof tokens | null = 'command') {
  const token = who ? tokens[who] : undefined;
  const viaJs = await send(query, variables, token, true);
  const compiled = await send(query, variables, token, false);
  expect(reserialised(compiled.text)).toBe(reserialised(viaJs.text));
  expect(compiled.status).toBe(viaJs.status);
  return { ...compiled, body: JSON.parse(compiled.text), jsSql: viaJs.sql };
}

/** Every field of `type` graphql-js resolves from a column (no resolver) and that is a leaf. */
function columnFields(typeName: string): string {
  const type = schema.getType(typeName) as GraphQLObjectType;
  return Object.values(type.getFields())
    .filter((f) => !f.resolve && isLeafType(getNamedType(f.type)) || (!f.resolve && f.name.endsWith('Ids')) || (!f.resolve && f.name === 'parties'))
    .map((f) => f.name)
    .join(' ');
}

beforeAll(async () => {
  hub = await startTestHub();
  prefix = `RC-${randomUUID().slice(0, 6)}`;
  const agencyId = (await makeAgency(hub.ds)).id;
  const leader = await makeAccount(hub.ds, 'INSPECTOR', { agencyId });
  const team = await makeTeam(hub.ds, leader.id);
  const version = await seededVersion(hub.ds, 'HOTEL-EPI');
  const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
  const kinds: [string, Record<string, unknown>][] = [
    ['HOTEL', { roomCount: 120, guestRegistrationSystem: '旅馆业治安管理信息系统' }],
    ['VENUE', { venueCategory: 'KTV', capacity: 80 }],
    ['DETENTION_FACILITY', { facilityType: '看守所', bedCount: 300, currentOccupancy: 211 }],
    ['ISOLATION_SITE', { bedCount: 40 }],
    ['CHECKPOINT', { roadType: 'HIGHWAY_EXIT', roadName: 'G85 双石铺出口' }],
    ['HOTEL', { latitude: 33.9512345, longitude: 106.5312, grid: 'G-07', contactName: "O'Brien \"Quote\" 王", contactPhone: '+86 917 000' }],
  ];
  for (const [n, [kind, extra]] of kinds.entries()) {
    const site = await makeSite(hub.ds, { kind, name: `${prefix} ${n} ${kind.toLowerCase()}`, ...extra });
    if (n === 0) {
      managedSiteId = site.id;
      await bindManager(hub.ds, site.id, manager.id);
    }
    if (kind === 'CHECKPOINT') continue;
    // n + 1 inspections, microsecond timestamps, a score with decimals, some outcomes null.
    const insp: { id: string }[] = await hub.ds.query(
      `INSERT INTO inspection (site_id, team_id, checklist_version_id, status, started_at, submitted_at, submitted_by_id, outcome, score, points_earned, points_possible, pass_mark, profile_version, filed_offline, created_at)
       SELECT $1, $2, $3, CASE WHEN k = 0 THEN 'IN_PROGRESS' ELSE 'SUBMITTED' END, now() - make_interval(days => k, secs => 0.123456),
              CASE WHEN k = 0 THEN NULL ELSE now() - make_interval(days => k, secs => 0.000999) END, $4,
              CASE WHEN k = 0 THEN NULL ELSE (ARRAY['PASS','PASS_WITH_FINDINGS','FAIL'])[1 + k % 3] END,
              CASE WHEN k = 0 THEN NULL ELSE 87.35 - k END, 31.5, 36, 80, 1, k % 2 = 1, now() - make_interval(days => k, secs => 0.5555555)
         FROM generate_series(0, $5::int) AS k RETURNING id`,
      [site.id, team.id, version, leader.id, n],
    );
    // Findings with equal raise times (severity then item code decide), item codes with _ . -, and none.
    const findings: { id: string; site_id: string }[] = await hub.ds.query(
      `INSERT INTO finding (inspection_id, site_id, team_id, issuing_agency_id, raised_by_id, item_code, title, description, severity, status, raised_at, deadline, profile_version, evidence_ids)
       SELECT i.id, $2, $3, $4, $5, (ARRAY['A_1', 'A.1', 'A-1', NULL, 'B10', 'B2'])[1 + k % 6], '标题 ' || k, CASE WHEN k % 2 = 0 THEN 'line1' || chr(10) || 'line2 \\ "q"' END,
              (ARRAY['MINOR','CRITICAL','MAJOR'])[1 + k % 3], (ARRAY['OPEN','RECTIFICATION_SUBMITTED','VERIFIED','DISPUTED'])[1 + k % 4],
              date_trunc('hour', now()) - make_interval(days => k / 3), now() + make_interval(days => 3, secs => 0.4567891), 1,
              CASE WHEN k % 3 = 0 THEN '["6d2b7f7e-0000-4000-8000-000000000001"]'::jsonb ELSE '[]'::jsonb END
         FROM unnest($1::uuid[]) AS i(id) CROSS JOIN generate_series(0, 5) AS k RETURNING id, site_id`,
      [insp.map((r) => r.id), site.id, team.id, agencyId, leader.id],
    );
    await hub.ds.query(
      `INSERT INTO dispute (kind, finding_id, site_id, status, reason, parties, lodged_by_id, lodged_at, deadline_paused, reviewer_id, assigned_at)
       SELECT 'FINDING', f, $2, CASE WHEN n % 2 = 0 THEN 'LODGED' ELSE 'UNDER_REVIEW' END, '理由 ' || n, '["旅客","民警"]'::jsonb, $3, now() - make_interval(hours => n::int),
              n % 2 = 0, CASE WHEN n % 2 = 1 THEN $3::uuid END, CASE WHEN n % 2 = 1 THEN now() END
         FROM unnest($1::uuid[]) WITH ORDINALITY AS x(f, n) WHERE n % 4 = 1`,
      [findings.map((f) => f.id), site.id, manager.id],
    );
  }
  tokens = {
    command: await hub.login((await makeAccount(hub.ds, 'COMMAND')).username),
    inspector: await hub.login(leader.username),
    manager: await hub.login(manager.username),
    staff: await (async () => {
      const staff = await makeAccount(hub.ds, 'FACILITY_STAFF');
      await hub.ds.query(`INSERT INTO site_staff (site_id, account_id, registered_by_id) VALUES ($1, $2, $3)`, [managedSiteId, staff.id, manager.id]);
      return hub.login(staff.username);
    })(),
  };
});
afterAll(() => hub.stop());

const NESTED = `query($s: String!) { sites(first: 50, filter: { search: $s }) { nodes { id name inspections(first: 10) { id outcome findings { id severity status } } } } }`;

describe('the read compiler answers exactly what graphql-js answers', () => {
  it('answers the benchmark read in one statement, for every role, with the same data', async () => {
    for (const who of ['command', 'inspector', 'manager'] as const) {
      const r = await both(NESTED, { s: prefix }, who);
      expect(r.sql).toBe(1);
      // PostgreSQL's text, spliced in as it came (not parsed and stringified again by Apollo).
      expect(r.text).toMatch(/^\{"data":\{"sites" : \{"nodes" : \[/);
      expect(r.jsSql).toBeGreaterThan(2);
      expect(r.body.data.sites.nodes.length).toBe(who === 'manager' ? 1 : 6);
    }
    const r = await both(NESTED, { s: prefix });
    const nodes = r.body.data.sites.nodes;
    expect(nodes.map((n: { inspections: unknown[] }) => n.inspections.length)).toEqual([1, 2, 3, 4, 0, 6]);
  });

  it('serialises every column field of sites, inspections, findings and disputes identically', async () => {
    const query = `query($s: String!) { sites(first: 50, filter: { search: $s }) { totalCount __typename nodes { __typename ${columnFields('Site')}
      ... on Hotel { roomCount guestRegistrationSystem } ... on Venue { venueCategory capacity } ... on Checkpoint { roadType roadName } ... on DetentionFacility { facilityType capacity securityLevel } ... on IsolationSite { bedCount currentOccupancy }
      inspections(first: 100) { __typename ${columnFields('Inspection')} findings { ${columnFields('Finding')} disputes { ${columnFields('Dispute')} } } } } } }`;
    const r = await both(query, { s: prefix });
    expect(r.body.errors).toBeUndefined();
    expect(r.sql).toBe(1);
    const nodes = r.body.data.sites.nodes;
    expect(r.body.data.sites.totalCount).toBe(6);
    expect(nodes.map((n: { __typename: string }) => n.__typename)).toEqual(['Hotel', 'Venue', 'DetentionFacility', 'IsolationSite', 'Checkpoint', 'Hotel']);
    const finding = nodes[5].inspections[0].findings[0];
    expect(finding.raisedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(nodes.flatMap((n: { inspections: { findings: { disputes: unknown[] }[] }[] }) => n.inspections.flatMap((i) => i.findings.flatMap((f) => f.disputes))).length).toBeGreaterThan(0);
  });

  it('follows aliases, named fragments, @include and @skip, and variables for arguments', async () => {
    const query = `query($s: String!, $n: Int!, $withFindings: Boolean!, $noName: Boolean!) {
      a: sites(first: 2, filter: { search: $s }) { nodes { ...S } }
      b: sites(first: 50, filter: { search: $s, kinds: [VENUE, HOTEL] }) { count: totalCount nodes { key: id ... on Hotel { rooms: roomCount } } }
      __typename
    }
    fragment S on Site { id name @skip(if: $noName) newest: inspections(first: $n) { id findings @include(if: $withFindings) { id itemCode severity } } older: inspections(first: 3) { id } }`;
    for (const v of [
      { n: 1, withFindings: true, noName: false },
      { n: 2, withFindings: false, noName: true },
    ]) {
      const r = await both(query, { s: prefix, ...v });
      expect(r.sql).toBe(1);
      expect(r.body.data.b.count).toBe(3);
    }
  });

  it('answers site(id): a site, a missing one, a malformed id, and another manager\'s site as null', async () => {
    const q = `query($id: ID!) { site(id: $id) { __typename id name ... on Hotel { roomCount } inspections(first: 2) { id findings { id severity } } } }`;
    const r = await both(q, { id: managedSiteId });
    expect(r.sql).toBe(1);
    expect(r.body.data.site).toMatchObject({ __typename: 'Hotel', id: managedSiteId, roomCount: 120 });
    expect((await both(q, { id: '00000000-0000-4000-8000-000000000000' })).body.data.site).toBeNull();
    expect((await both(q, { id: 'not-a-uuid' })).body.data.site).toBeNull();
    expect((await both(q, { id: managedSiteId }, 'manager')).body.data.site.id).toBe(managedSiteId);
    const someoneElses = (await both(`query($s: String!) { sites(filter: { search: $s }) { nodes { id } } }`, { s: prefix })).body.data.sites.nodes[1].id;
    expect((await both(q, { id: someoneElses }, 'manager')).body.data.site).toBeNull();
  });

  it('keeps pages and cursors: after, first: 0, and an empty result', async () => {
    const page1 = await both(`query($s: String!) { sites(first: 2, filter: { search: $s }) { pageInfo { endCursor } } }`, { s: prefix });
    const after = page1.body.data.sites.pageInfo.endCursor;
    const r = await both(`query($s: String!, $a: String) { sites(first: 2, after: $a, filter: { search: $s }) { nodes { id name } } }`, { s: prefix, a: after });
    expect(r.sql).toBe(1);
    expect(r.body.data.sites.nodes).toHaveLength(2);
    expect((await both(`{ sites(first: 0) { nodes { id } totalCount } }`)).sql).toBe(1);
    expect((await both(`{ sites(filter: { search: "no such site anywhere" }) { nodes { id inspections(first: 0) { id } } } }`)).body.data.sites.nodes).toEqual([]);
  });

  it('leaves to graphql-js what it does not compile, with the same answer', async () => {
    // A field with its own resolver the compiler does not know (raisedBy), edges and pageInfo: the statement count shows which path ran.
    const r = await both(`query($s: String!) { sites(filter: { search: $s }) { nodes { id inspections { findings { id raisedBy { id } } } } } }`, { s: prefix });
    expect(r.sql).toBeGreaterThan(2);
    expect((await both(`query($s: String!) { sites(filter: { search: $s }) { edges { cursor node { id } } } }`, { s: prefix })).sql).toBeGreaterThan(1);
    // Mixed root fields: one of them not compiled, so the whole operation goes through graphql-js.
    expect((await both(`query($s: String!) { sites(filter: { search: $s }) { nodes { id } } me { username } }`, { s: prefix })).body.data.me).toBeTruthy();
  });

  it('gives the same errors: bad arguments, no sign-in, a facility manager outside its sites', async () => {
    const bad = await both(`query($s: String!) { sites(filter: { search: $s }) { nodes { inspections(first: 500) { id } } } }`, { s: prefix });
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await both(`{ sites(first: 501) { nodes { id } } }`)).body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await both(`{ sites(after: "garbage") { nodes { id } } }`)).body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect((await both(`{ sites { nodes { id } } }`, {}, null)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const mine = await both(`query($s: String!) { sites(filter: { search: $s }) { totalCount nodes { id } } }`, { s: prefix }, 'manager');
    expect(mine.body.data.sites).toEqual({ totalCount: 1, nodes: [{ id: managedSiteId }] });
    // Staff see their site but may not read inspections: the compiler declines, graphql-js refuses.
    expect((await both(`query($s: String!) { sites(filter: { search: $s }) { nodes { id } } }`, { s: prefix }, 'staff')).body.data.sites.nodes).toEqual([{ id: managedSiteId }]);
    const staffNested = await both(NESTED, { s: prefix }, 'staff');
    expect(staffNested.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});

/**
 * The executor keeps compiled operations (src/read-compiler/executor.ts, CompileCache) keyed by
 * document, operation name, coerced variables and the whole actor; compilations that read the
 * clock or anything else of the context are not kept. A kept one must answer exactly as a fresh
 * one: per actor, per variables, in the same one statement.
 */
describe('the read compiler\'s cache of compiled operations', () => {
  const cache = () => hub.server.readCompilerCache;

  it('answers one document sent by different actors each with their own data, hit after hit', async () => {
    const firsts: Record<string, string> = {};
    for (let round = 0; round < 3; round++) {
      for (const who of ['command', 'manager', 'inspector'] as const) {
        const hits = cache().hits;
        const r = await both(NESTED, { s: prefix }, who); // compared with graphql-js's answer
        expect(r.sql).toBe(1);
        const ids = r.body.data.sites.nodes.map((n: { id: string }) => n.id);
        if (who === 'manager') expect(ids).toEqual([managedSiteId]);
        else expect(ids.length).toBe(6);
        if (round === 0) firsts[who] = r.text;
        else {
          expect(r.text).toBe(firsts[who]);
          expect(cache().hits).toBe(hits + 1); // the graphql-js twin does not touch the cache
        }
      }
    }
    expect(firsts.manager).not.toBe(firsts.command);
  });

  it('answers different variables of one document each correctly', async () => {
    for (let round = 0; round < 2; round++) {
      const all = await both(NESTED, { s: prefix });
      const one = await both(NESTED, { s: `${prefix} 1 ` });
      const none = await both(NESTED, { s: `${prefix}-nothing` });
      expect(all.body.data.sites.nodes.length).toBe(6);
      expect(one.body.data.sites.nodes.map((n: { name: string }) => n.name)).toEqual([`${prefix} 1 venue`]);
      expect(none.body.data.sites.nodes).toEqual([]);
      for (const r of [all, one, none]) expect(r.sql).toBe(1);
    }
    // A variable that changes the statement's shape (first: 0 vs 2), then its parameter only.
    const q = `query($s: String!, $n: Int!) { sites(filter: { search: $s }, first: $n) { nodes { id inspections(first: $n) { id } } } }`;
    for (let round = 0; round < 2; round++) {
      expect((await both(q, { s: prefix, n: 2 })).body.data.sites.nodes.length).toBe(2);
      expect((await both(q, { s: prefix, n: 0 })).body.data.sites.nodes).toEqual([]);
      expect((await both(q, { s: prefix, n: 6 })).body.data.sites.nodes.map((n: { inspections: unknown[] }) => n.inspections.length)).toEqual([1, 2, 3, 4, 0, 6]);
    }
  });

  it('runs the same statements on a hit as on a miss', async () => {
    const q = `query($s: String!) { hit: sites(filter: { search: $s }) { totalCount nodes { name inspections { outcome findings { severity } } } } }`;
    const misses = cache().misses;
    const first = await both(q, { s: prefix });
    expect(cache().misses).toBe(misses + 1);
    const hits = cache().hits;
    const second = await both(q, { s: prefix });
    expect(cache().hits).toBe(hits + 1);
    expect(second.sql).toBe(first.sql);
    expect(second.sql).toBe(1);
    expect(second.text).toBe(first.text);
  });

  it('keeps no compilation that reads the clock, and still answers as graphql-js does', async () => {
    const q = `query($s: String!) { sites(filter: { search: $s }) { nodes { id } } findings(filter: { overdue: false }, first: 5) { nodes { id overdue } } }`;
    const uncacheable = cache().uncacheable;
    const a = await both(q, { s: prefix });
    const b = await both(q, { s: prefix });
    expect(a.sql).toBe(1);
    expect(b.sql).toBe(1);
    expect(cache().uncacheable).toBe(uncacheable + 2);
  });

  it('is bounded: many distinct documents do not grow it past its bound', async () => {
    const max = cache().max;
    for (let n = 0; n < max + 40; n++) {
      const res = await hub.gql(`{ sites(first: 1) { nodes { id } } d${n}: __typename }`, {}, tokens.command);
      expect(res.errors).toBeUndefined();
      expect(cache().size()).toBeLessThanOrEqual(max);
    }
    expect(cache().size()).toBe(max);
    // The most recent ones are still answered, and correctly.
    expect((await both(NESTED, { s: prefix }, 'manager')).body.data.sites.nodes.map((n: { id: string }) => n.id)).toEqual([managedSiteId]);
  });
});
