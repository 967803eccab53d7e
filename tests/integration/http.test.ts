import { randomUUID } from 'node:crypto';
import { startTestHub, type TestHub } from '../helpers/harness';
import { makeAccount } from '../fixtures/factory';

let hub: TestHub;
let token: string;
beforeAll(async () => {
  hub = await startTestHub();
  token = await hub.login((await makeAccount(hub.ds, 'ADMIN')).username);
});
afterAll(() => hub.stop());

const agencyExists = async (h: TestHub, code: string) => (await h.ds.query(`SELECT 1 FROM agency WHERE code = $1`, [code])).length > 0;

describe('the GraphiQL IDE, served without internet access', () => {
  it('serves the page at GET /graphiql to a browser, with its scripts and styles from the hub itself', async () => {
    const page = await fetch(`${hub.url}/graphiql`, { headers: { accept: 'text/html,application/xhtml+xml,*/*;q=0.8' } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/text\/html/);
    const html = await page.text();
    expect(html).toMatch(/GraphiQL/);
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(assets).toEqual(expect.arrayContaining(['/ide/graphiql/graphiql.min.js', '/ide/graphiql/graphiql.min.css', '/ide/react/react.production.min.js', '/ide/react-dom/react-dom.production.min.js']));
    // Nothing from the internet: every asset is a path on the hub, and each one is there.
    expect(assets.filter((a) => /^(https?:)?\/\//.test(a))).toEqual([]);
    for (const a of assets) {
      const r = await fetch(`${hub.url}${a}`);
      expect([a, r.status]).toEqual([a, 200]);
      expect((await r.arrayBuffer()).byteLength).toBeGreaterThan(1000);
    }
    expect((await fetch(`${hub.url}/ide/graphiql/graphiql.min.js`)).headers.get('content-type')).toMatch(/javascript/);
  });

  it('leaves GET /graphql to the API (the field app is at /, the IDE at /graphiql)', async () => {
    const r = await hub.gql(`{ version }`);
    expect(typeof r.data.version).toBe('string');
    const page = await fetch(hub.graphqlUrl, { headers: { accept: 'text/html' } });
    expect(await page.text()).not.toMatch(/GraphiQL/);
    const get = await fetch(`${hub.graphqlUrl}?query=${encodeURIComponent('{ version }')}`, { headers: { accept: 'application/json', 'apollo-require-preflight': 'true' } });
    expect(((await get.json()) as { data: { version: string } }).data.version).toEqual(r.data.version);
  });

  it('is not served when NODE_ENV=production', async () => {
    const prod = await startTestHub({ env: { NODE_ENV: 'production' } });
    try {
      const page = await fetch(`${prod.url}/graphiql`, { headers: { accept: 'text/html' } });
      expect(page.status).toBe(404);
      expect(await page.text()).not.toMatch(/createFetcher|graphiql\.min/);
      expect((await fetch(`${prod.url}/ide/graphiql/graphiql.min.js`)).status).toBe(404);
      expect((await fetch(`${prod.url}/ide/react/react.production.min.js`)).status).toBe(404);
      // The API itself works, and the statement counter header is not exposed in production.
      const r = await prod.gql(`{ version }`);
      expect(typeof r.data.version).toBe('string');
      expect(r.headers.get('x-sql-statements')).toBeNull();
      // So a statement-count guard run against such a server fails instead of comparing NaN with NaN.
      expect(() => r.sql).toThrow(/no x-sql-statements header/);
    } finally {
      await prod.stop();
    }
  });
});

describe('requests the hub refuses, with a clear error and no crash', () => {
  it('a body over BODY_LIMIT is BAD_USER_INPUT (413), and the hub keeps serving', async () => {
    const big = JSON.stringify({ query: `{ version }`, variables: { pad: 'x'.repeat(3 * 1024 * 1024) } });
    const r = await fetch(hub.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    expect(r.status).toBe(413);
    const body = (await r.json()) as any;
    expect(body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(body.errors[0].message).toMatch(new RegExp(`larger than ${hub.config.bodyLimit}`));
    expect((await hub.gql(`{ version }`)).status).toBe(200);
  });

  it('malformed JSON is BAD_USER_INPUT (400)', async () => {
    const r = await fetch(hub.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query": "{ version }",' });
    expect(r.status).toBe(400);
    const body = (await r.json()) as any;
    expect(body.errors).toEqual([{ message: 'request body is not valid JSON', extensions: { code: 'BAD_USER_INPUT' } }]);
  });

  it('CSRF prevention: a mutation by GET is refused and changes nothing', async () => {
    const code = `G-${randomUUID().slice(0, 6).toUpperCase()}`;
    const q = encodeURIComponent(`mutation { createAgency(input: { code: "${code}", name: "by GET", kind: OTHER }) { id } }`);
    const plain = await fetch(`${hub.graphqlUrl}?query=${q}`, { headers: { authorization: `Bearer ${token}` } });
    expect(plain.status).toBe(400);
    const refused = (await plain.json()) as any;
    expect(refused.errors[0].message).toMatch(/Cross-Site Request Forgery/);
    expect(refused.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    // Even with the preflight header a GET may not mutate.
    const preflighted = await fetch(`${hub.graphqlUrl}?query=${q}`, { headers: { authorization: `Bearer ${token}`, 'apollo-require-preflight': 'true' } });
    expect(preflighted.status).toBe(405);
    expect(((await preflighted.json()) as any).errors[0]).toMatchObject({ message: expect.stringMatching(/only support query/), extensions: { code: 'BAD_USER_INPUT' } });
    expect(await agencyExists(hub, code)).toBe(false);
  });

  it('CSRF prevention: a text/plain POST (a form a foreign page could send) is refused and changes nothing', async () => {
    const code = `P-${randomUUID().slice(0, 6).toUpperCase()}`;
    const r = await fetch(hub.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: `mutation { createAgency(input: { code: "${code}", name: "by form", kind: OTHER }) { id } }` }),
    });
    expect(r.status).toBe(400);
    const refused = (await r.json()) as any;
    expect(refused.errors[0].message).toMatch(/Cross-Site Request Forgery/);
    expect(refused.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await agencyExists(hub, code)).toBe(false);
  });

  it('an internal error says only "Internal server error": no SQL, no table, no stack', async () => {
    // A database of its own, broken on purpose: the agency table is gone.
    const broken = await startTestHub();
    try {
      const t = await broken.login((await makeAccount(broken.ds, 'ADMIN')).username);
      await broken.ds.query('DROP TABLE agency CASCADE');
      const res = await fetch(broken.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${t}`, 'x-request-id': 'broken-1' },
        body: JSON.stringify({ query: `{ agencies { id code } }` }),
      });
      const text = await res.text();
      const body = JSON.parse(text);
      expect(body.errors).toEqual([{ message: 'Internal server error', path: ['agencies'], extensions: { code: 'INTERNAL_SERVER_ERROR' } }]);
      expect(text).not.toMatch(/agency|relation|SELECT|QueryFailed|stack|\.ts:|at /i);
      expect(res.headers.get('x-request-id')).toBe('broken-1'); // what to look for in the logs
    } finally {
      await broken.stop();
    }
  });

  it('CORS: no origin is allowed unless configured', async () => {
    const r = await fetch(hub.graphqlUrl, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' } });
    expect(r.headers.get('access-control-allow-origin')).toBeNull();
  });
});
