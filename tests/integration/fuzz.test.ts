import fs from 'node:fs';
import { buildSchema } from '../../src/schema';
import { startTestHub, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite, makeTeam } from '../fixtures/factory';
import { ALLOWED_CODES, casesFor, ROLES, type Case, type Fixtures, type FuzzRole } from '../fixtures/hostile-cases';

/**
 * Schema-driven fuzz (cases from tests/fixtures/hostile-cases.ts): every query and mutation
 * field, every argument leaf, hostile values, as every role and signed out, through the real
 * server. Each answer must be data or errors coded from the closed list, never
 * INTERNAL_SERVER_ERROR, never a 5xx; a NUL or lone surrogate is BAD_USER_INPUT naming the leaf;
 * the hub must still answer /healthz at the end. Seeded: the same cases every run.
 */

let hub: TestHub;
const tokens = new Map<FuzzRole, string | undefined>();
let fx: Fixtures;

beforeAll(async () => {
  hub = await startTestHub();
  const site = await makeSite(hub.ds);
  const accounts: Record<string, { id: string; username: string }> = {};
  for (const role of ROLES) if (role !== 'ANONYMOUS') accounts[role] = await makeAccount(hub.ds, role);
  await bindManager(hub.ds, site.id, accounts.FACILITY_MANAGER.id);
  await hub.ds.query(`INSERT INTO site_staff (site_id, account_id, registered_by_id) VALUES ($1, $2, $3)`, [site.id, accounts.FACILITY_STAFF.id, accounts.FACILITY_MANAGER.id]);
  const team = await makeTeam(hub.ds, accounts.INSPECTOR.id);
  for (const role of ROLES) tokens.set(role, role === 'ANONYMOUS' ? undefined : await hub.login(accounts[role].username));
  hub.clock.now = new Date('2026-11-20T10:00:00Z');
  fx = { siteId: site.id, teamId: team.id, now: hub.clock.now.toISOString() };
});
afterAll(() => hub?.stop());

interface Failure {
  c: Case;
  why: string;
}

async function send(c: Case): Promise<Failure | null> {
  const token = tokens.get(c.role);
  let res: Response;
  try {
    res = await fetch(hub.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: c.body });
  } catch (err) {
    return { c, why: `no answer: ${(err as Error).message}` };
  }
  const text = await res.text();
  if (res.status >= 500) return { c, why: `HTTP ${res.status}: ${text.slice(0, 200)}` };
  let body: { data?: unknown; errors?: { message: string; extensions?: { code?: string; field?: string } }[] };
  try {
    body = JSON.parse(text);
  } catch {
    return { c, why: `not JSON (HTTP ${res.status}): ${text.slice(0, 200)}` };
  }
  for (const e of body.errors ?? []) {
    const code = e.extensions?.code ?? '(none)';
    if (!ALLOWED_CODES.includes(code)) return { c, why: `${code}: ${e.message.slice(0, 160)}` };
  }
  if (c.mustRefuseAt) {
    const e = body.errors?.[0];
    // A NUL or lone surrogate is refused at the boundary, naming the leaf, whoever asks.
    if (!e || e.extensions?.code !== 'BAD_USER_INPUT' || e.extensions.field !== c.mustRefuseAt) {
      return { c, why: `hostile text not refused at ${c.mustRefuseAt}: ${e ? `${e.extensions?.code} field=${e.extensions?.field} ${e.message.slice(0, 120)}` : 'answered with data'}` };
    }
  }
  return null;
}

describe('schema-driven fuzz through the real server', () => {
  it('answers every hostile argument of every query and mutation with data or a coded error, and stays up', async () => {
    const schema = buildSchema();
    const cases = casesFor(schema, fx);
    const fields = new Set(cases.map((c) => `${c.op}.${c.field}`));
    // Every query and mutation of the schema is covered, with every role.
    expect(fields.size).toBe(Object.keys(schema.getQueryType()!.getFields()).length + Object.keys(schema.getMutationType()!.getFields()).length);
    expect(new Set(cases.map((c) => c.role)).size).toBe(ROLES.length);
    expect(cases.length).toBeGreaterThan(900);
    expect(cases.length).toBeLessThan(2000);
    // Each kind of hostile value is sent (the seeded pick spreads them over the leaves).
    const labels = new Set(cases.map((c) => c.label));
    for (const kind of ['NUL', 'NUL (inline)', 'lone surrogate', '100k chars', 'empty', 'number for string', 'deeply nested', 'malformed id', 'negative', 'beyond int', 'float for int', 'huge', 'unknown enum value', 'unknown field', 'year 99999']) {
      expect([kind, labels.has(kind)]).toEqual([kind, true]);
    }

    const failures: Failure[] = [];
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const f = await send(cases[next++]);
        if (f) failures.push(f);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));

    // FUZZ_OUT=file writes every failure there (the assertion below shows the first 40).
    if (process.env.FUZZ_OUT) fs.writeFileSync(process.env.FUZZ_OUT, failures.map((f) => `${f.c.op} ${f.c.field} [${f.c.role}] ${f.c.leaf} <${f.c.label}>: ${f.why}`).join('\n'));
    const report = failures.slice(0, 40).map((f) => `${f.c.op} ${f.c.field} [${f.c.role}] ${f.c.leaf} <${f.c.label}>: ${f.why}`);
    expect({ failures: failures.length, first: report }).toEqual({ failures: 0, first: [] });

    const health = await fetch(`${hub.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  }, 150_000); // about 1,600 requests: the margin is for a machine shared by several test runs
});
