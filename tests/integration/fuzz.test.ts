import {
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLObjectType,
} from 'graphql';
import { buildSchema } from '../../src/schema';
import { ERROR_CODES } from '../../src/common/errors';
import { startTestHub, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite, makeTeam } from '../fixtures/factory';

/**
 * Schema-driven fuzz: every query and mutation field of the schema, every argument leaf, hostile
 * values (NUL, lone surrogates, 100k strings, wrong types, huge and negative numbers, floats for
 * ints, unknown enum values, malformed ids, deep nesting, empty strings), as every role and
 * signed out, through the real server. Each answer must be data or errors coded from the closed
 * list, never INTERNAL_SERVER_ERROR, never a 5xx; the hub must still answer /healthz at the end.
 * Seeded: the same cases every run.
 */

const SEED = 0x5eed13;
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const random = rng(SEED);
const seededUuid = () => {
  const h = () => Math.floor(random() * 0x10000).toString(16).padStart(4, '0');
  return `${h()}${h()}-${h()}-4${h().slice(1)}-a${h().slice(1)}-${h()}${h()}${h()}`;
};

const ROLES = ['ADMIN', 'COMMAND', 'INSPECTOR', 'REVIEWER', 'FACILITY_MANAGER', 'FACILITY_STAFF', 'ANONYMOUS'] as const;
type FuzzRole = (typeof ROLES)[number];
const ALLOWED_CODES = ERROR_CODES.filter((c) => c !== 'INTERNAL_SERVER_ERROR') as readonly string[];

/** Hostile values per argument leaf besides the text ones (chosen by the seeded generator). */
const OTHERS_PER_LEAF = 2;
const NUL = 'fuzz\u0000name';
const SURROGATE = 'fuzz\ud800name';
const LONG = 'x'.repeat(100_000);
const deep = (n: number): unknown => (n === 0 ? 'leaf' : { a: deep(n - 1) });

interface Hostile {
  label: string;
  value: unknown;
  /** For text the boundary must refuse: BAD_USER_INPUT naming this leaf. */
  mustRefuseAt?: true;
}

function hostileFor(t: GraphQLInputType): Hostile[] {
  const named = getNamedType(t);
  const wrongType: Hostile[] = [
    { label: 'object for a leaf', value: { x: 1 } },
    { label: 'deeply nested', value: deep(200) },
  ];
  if (isEnumType(named)) return [{ label: 'unknown enum value', value: 'NOT_A_VALUE' }, { label: 'NUL enum', value: 'A\u0000' }, { label: 'number for enum', value: 7 }, ...wrongType];
  if (isInputObjectType(named)) return [{ label: 'empty object', value: {} }, { label: 'string for object', value: NUL }, { label: 'unknown field', value: { zzz: 1 } }];
  switch (named.name) {
    case 'String':
      return [
        { label: 'NUL', value: NUL, mustRefuseAt: true },
        { label: 'lone surrogate', value: SURROGATE, mustRefuseAt: true },
        { label: 'low surrogate', value: '\udc00' },
        { label: '100k chars', value: LONG },
        { label: 'empty', value: '' },
        { label: 'number for string', value: 12 },
        ...wrongType,
      ];
    case 'ID':
      return [
        { label: 'NUL', value: `${seededUuid()}\u0000`, mustRefuseAt: true },
        { label: 'lone surrogate', value: '\ud800', mustRefuseAt: true },
        { label: 'malformed id', value: 'not-a-uuid' },
        { label: 'uuid-ish too long', value: `${seededUuid()}0` },
        { label: '100k id', value: LONG },
        { label: 'empty id', value: '' },
        { label: 'negative number id', value: -1 },
      ];
    case 'Int':
      return [
        { label: 'negative', value: -1 },
        { label: 'min int', value: -2147483648 },
        { label: 'max int', value: 2147483647 },
        { label: 'beyond int', value: 2 ** 53 },
        { label: 'float for int', value: 1.5 },
        { label: 'string for int', value: '1' },
        { label: 'zero', value: 0 },
      ];
    case 'Float':
      return [
        { label: 'huge', value: 1e308 },
        { label: 'negative huge', value: -1e308 },
        { label: 'tiny', value: 5e-324 },
        { label: 'string for float', value: 'NaN' },
      ];
    case 'Boolean':
      return [{ label: 'string for boolean', value: 'true' }, { label: 'number for boolean', value: 1 }];
    case 'DateTime':
      return [
        { label: 'NUL date', value: '2026-01-01T00:00:00Z\u0000', mustRefuseAt: true },
        { label: 'year 99999', value: '+099999-01-01T00:00:00Z' },
        { label: 'year 0', value: '0000-01-01T00:00:00Z' },
        { label: 'not a date', value: 'yesterday' },
        { label: 'number date', value: -1 },
      ];
    case 'JSON':
    case 'JSONObject':
      return [
        { label: 'NUL in JSON', value: { k: NUL }, mustRefuseAt: true },
        { label: 'surrogate key in JSON', value: { ['\ud800']: 1 }, mustRefuseAt: true },
        { label: 'deep JSON', value: deep(500) },
        { label: 'big JSON', value: { k: LONG } },
      ];
    default:
      return [{ label: 'NUL', value: NUL, mustRefuseAt: true }, ...wrongType];
  }
}

interface Fixtures {
  siteId: string;
  teamId: string;
  accountId: string;
  now: string;
}

/** A plausible value for an argument, so one hostile leaf is the only thing wrong. */
function baseline(t: GraphQLInputType, name: string, fx: Fixtures, depth = 0): unknown {
  if (isNonNullType(t)) return baseline(t.ofType, name, fx, depth);
  if (isListType(t)) return [baseline(t.ofType as GraphQLInputType, name, fx, depth)];
  if (isEnumType(t)) return t.getValues()[0].name;
  if (isInputObjectType(t)) {
    const obj: Record<string, unknown> = {};
    if (depth > 4) return obj;
    for (const f of Object.values(t.getFields())) if (isNonNullType(f.type)) obj[f.name] = baseline(f.type, f.name, fx, depth + 1);
    return obj;
  }
  switch ((t as GraphQLNamedType).name) {
    case 'ID':
      if (/site/i.test(name)) return fx.siteId;
      if (/team/i.test(name)) return fx.teamId;
      return seededUuid();
    case 'String':
      return /date|day|from|to|at$/i.test(name) ? fx.now.slice(0, 10) : 'fuzz';
    case 'Int':
      return 1;
    case 'Float':
      return 1.5;
    case 'Boolean':
      return true;
    case 'DateTime':
      return fx.now;
    case 'JSON':
    case 'JSONObject':
      return {};
    default:
      return 'fuzz';
  }
}

interface Leaf {
  /** Path from the argument: ['input', 'name'] or ['input', 'answers', 0, 'note']. */
  path: (string | number)[];
  type: GraphQLInputType;
}

/** Every leaf (and input object) under an argument, following lists one element deep. */
function leavesOf(t: GraphQLInputType, path: (string | number)[], depth = 0): Leaf[] {
  const out: Leaf[] = [{ path, type: t }];
  const inner = getNullableType(t) as GraphQLInputType;
  if (isListType(inner)) return [...out, ...leavesOf(inner.ofType as GraphQLInputType, [...path, 0], depth).slice(isInputObjectType(getNamedType(inner.ofType as GraphQLInputType)) ? 0 : 1)];
  if (isInputObjectType(inner) && depth < 4) {
    for (const f of Object.values(inner.getFields())) out.push(...leavesOf(f.type, [...path, f.name], depth + 1));
  }
  return out;
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown, types: Map<string, GraphQLInputType>, fx: Fixtures) {
  let cur: any = root;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i];
    if (cur[k] === undefined || cur[k] === null || typeof cur[k] !== 'object') {
      const key = path.slice(0, i + 1).join('.');
      const t = types.get(key);
      cur[k] = t ? baseline(t, String(k), fx) : typeof path[i + 1] === 'number' ? [] : {};
      if (Array.isArray(cur[k]) && cur[k].length === 0 && typeof path[i + 1] === 'number') cur[k].push({});
    }
    cur = cur[k];
  }
  cur[path[path.length - 1]] = value;
}

/** Selects the return type's leaf fields and one level of its object fields' leaves. */
function selection(t: GraphQLNamedType, depth = 0): string {
  if (isLeafType(t)) return '';
  if (!isObjectType(t)) return '{ __typename }';
  const parts: string[] = ['__typename'];
  for (const f of Object.values(t.getFields())) {
    if (f.args.some((a) => isNonNullType(a.type))) continue;
    const named = getNamedType(f.type);
    if (isLeafType(named)) parts.push(f.name);
    else if (depth < 1 && isObjectType(named)) parts.push(`${f.name} ${selection(named, depth + 1)}`);
  }
  return `{ ${parts.join(' ')} }`;
}

function printType(t: GraphQLInputType): string {
  return t.toString();
}

/** Prints a value as an inline GraphQL literal (strings as JSON strings, enums bare where valid). */
function literal(value: unknown, t: GraphQLInputType | undefined): string {
  const inner = t ? (getNullableType(t) as GraphQLInputType) : undefined;
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) return `[${value.map((v) => literal(v, inner && isListType(inner) ? (inner.ofType as GraphQLInputType) : undefined)).join(', ')}]`;
  if (typeof value === 'object') {
    const fields = inner && isInputObjectType(inner) ? inner.getFields() : {};
    return `{ ${Object.entries(value as Record<string, unknown>)
      .map(([k, v]) => `${/^[_A-Za-z][_0-9A-Za-z]*$/.test(k) ? k : 'bad_key'}: ${literal(v, fields[k]?.type)}`)
      .join(', ')} }`;
  }
  if (typeof value === 'string') return inner && isEnumType(inner) && /^[_A-Za-z][_0-9A-Za-z]*$/.test(value) ? value : JSON.stringify(value);
  return String(value);
}

interface Case {
  op: 'query' | 'mutation';
  field: string;
  role: FuzzRole;
  label: string;
  leaf: string;
  body: string;
  mustRefuseAt?: string;
}

function casesFor(schema: ReturnType<typeof buildSchema>, fx: Fixtures): Case[] {
  const cases: Case[] = [];
  let roleTurn = 0;
  const nextRole = () => ROLES[roleTurn++ % ROLES.length];
  const roots: ['query' | 'mutation', GraphQLObjectType][] = [
    ['query', schema.getQueryType()!],
    ['mutation', schema.getMutationType()!],
  ];
  for (const [op, root] of roots) {
    for (const field of Object.values(root.getFields()) as GraphQLField<unknown, unknown>[]) {
      const sel = selection(getNamedType(field.type));
      const types = new Map<string, GraphQLInputType>();
      const base: Record<string, unknown> = {};
      for (const a of field.args) {
        if (isNonNullType(a.type)) base[a.name] = baseline(a.type, a.name, fx);
        for (const l of leavesOf(a.type, [a.name])) types.set(l.path.join('.'), l.type);
      }
      const varDefs = field.args.map((a) => `$${a.name}: ${printType(a.type)}`).join(', ');
      const argUse = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
      const viaVariables = (vars: Record<string, unknown>) =>
        JSON.stringify({ query: `${op} Fuzz${varDefs ? `(${varDefs})` : ''} { ${field.name}${argUse ? `(${argUse})` : ''} ${sel} }`, variables: vars });
      const inline = (vars: Record<string, unknown>) => {
        const args = field.args.filter((a) => vars[a.name] !== undefined).map((a) => `${a.name}: ${literal(vars[a.name], a.type)}`);
        return JSON.stringify({ query: `${op} { ${field.name}${args.length ? `(${args.join(', ')})` : ''} ${sel} }` });
      };
      // The plausible request, as every role.
      for (const role of ROLES) cases.push({ op, field: field.name, role, label: 'baseline', leaf: '-', body: viaVariables(base) });
      for (const a of field.args) {
        for (const leaf of leavesOf(a.type, [a.name])) {
          // Every hostile text value the boundary must refuse, and a seeded pick of the others
          // (across the schema's ~500 leaves every kind is sent many times), to stay bounded.
          const all = hostileFor(leaf.type);
          const others = all.filter((h) => !h.mustRefuseAt);
          const picked = [...all.filter((h) => h.mustRefuseAt), ...others.map((h) => ({ h, k: random() })).sort((x, y) => x.k - y.k).slice(0, OTHERS_PER_LEAF).map((x) => x.h)];
          for (const h of picked) {
            const vars = structuredClone(base);
            setAt(vars, leaf.path, h.value, types, fx);
            const path = leaf.path.join('.');
            const role = nextRole();
            cases.push({ op, field: field.name, role, label: h.label, leaf: path, body: viaVariables(vars), mustRefuseAt: h.mustRefuseAt ? path : undefined });
            // Text hostile values also as inline literals: the boundary must see those too.
            if (h.mustRefuseAt && ['String', 'ID'].includes(getNamedType(leaf.type).name) && !/surrogate/.test(h.label) && random() < 0.5) {
              cases.push({ op, field: field.name, role: nextRole(), label: `${h.label} (inline)`, leaf: path, body: inline(vars), mustRefuseAt: path });
            }
          }
        }
      }
    }
  }
  return cases;
}

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
  fx = { siteId: site.id, teamId: team.id, accountId: accounts.INSPECTOR.id, now: hub.clock.now.toISOString() };
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
    expect(cases.length).toBeGreaterThan(1000);
    expect(cases.length).toBeLessThan(6000);

    const failures: Failure[] = [];
    const timing: Record<string, number> = {};
    let next = 0;
    const worker = async () => {
      while (next < cases.length) {
        const c = cases[next++];
        const t0 = Date.now();
        const f = await send(c);
        timing[c.field] = (timing[c.field] ?? 0) + Date.now() - t0;
        if (f) failures.push(f);
      }
    };
    await Promise.all(Array.from({ length: 6 }, worker));

    if (process.env.FUZZ_OUT) require('node:fs').writeFileSync(`${process.env.FUZZ_OUT}.stats`, JSON.stringify({ timing: Object.entries(timing).sort((a, b) => b[1] - a[1]).slice(0, 15), cases: cases.length, byLabel: cases.reduce((m: Record<string, number>, c) => ((m[c.label] = (m[c.label] ?? 0) + 1), m), {}), bytes: cases.reduce((n, c) => n + c.body.length, 0) }, null, 1));
    if (process.env.FUZZ_OUT) require('node:fs').writeFileSync(process.env.FUZZ_OUT, failures.map((f) => `${f.c.op} ${f.c.field} [${f.c.role}] ${f.c.leaf} <${f.c.label}>: ${f.why}`).join('\n'));
    const report = failures.slice(0, 40).map((f) => `${f.c.op} ${f.c.field} [${f.c.role}] ${f.c.leaf} <${f.c.label}>: ${f.why}`);
    expect({ failures: failures.length, first: report }).toEqual({ failures: 0, first: [] });

    const health = await fetch(`${hub.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
  });
});
