import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { QueryFailedError } from 'typeorm';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';
import { startTestHub, type TestHub } from '../helpers/harness';
import { makeAccount, makeSite, bindManager } from '../fixtures/factory';
import { fromDatabase } from '../../src/common/errors';

const MAX = 4096;
let hub: TestHub;
let admin: string;
let command: string;
let inspector: string;
let manager: string;
let siteId: string;
beforeAll(async () => {
  hub = await startTestHub({ env: { ATTACHMENT_MAX_BYTES: String(MAX) } });
  admin = await hub.login((await makeAccount(hub.ds, 'ADMIN')).username);
  command = await hub.login((await makeAccount(hub.ds, 'COMMAND')).username);
  inspector = await hub.login((await makeAccount(hub.ds, 'INSPECTOR')).username);
  const m = await makeAccount(hub.ds, 'FACILITY_MANAGER');
  siteId = (await makeSite(hub.ds)).id;
  await bindManager(hub.ds, siteId, m.id);
  manager = await hub.login(m.username);
});
afterAll(() => hub.stop());

const tmpDir = () => path.join(hub.config.dataDir, 'attachments', '.tmp');
const tmpLeftovers = () => (fs.existsSync(tmpDir()) ? fs.readdirSync(tmpDir()) : []);
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n', 'latin1');

/** Writes raw bytes on a socket and returns everything the hub sends back before closing it. */
function rawHttp(chunks: (string | Buffer)[], opts: { endAfter?: boolean; destroyAfter?: boolean; untilClose?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(new URL(hub.url).port), '127.0.0.1');
    let out = '';
    socket.on('data', (d) => {
      out += d.toString('utf8');
      // One whole answer is enough unless the caller waits for the close.
      const head = out.indexOf('\r\n\r\n');
      const length = Number(/\r\ncontent-length: (\d+)/i.exec(out.slice(0, head))?.[1] ?? NaN);
      if (opts.untilClose !== true && head >= 0 && Buffer.byteLength(out.slice(head + 4)) >= length) {
        resolve(out);
        socket.destroy();
      }
    });
    socket.on('error', (err) => (out ? resolve(out) : reject(err)));
    socket.on('close', () => resolve(out));
    socket.on('connect', () => {
      for (const c of chunks) socket.write(c);
      if (opts.destroyAfter) setImmediate(() => socket.destroy());
      else if (opts.endAfter) socket.end();
    });
  });
}

const statusOf = (raw: string) => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1]);
const jsonOf = (raw: string) => JSON.parse(raw.slice(raw.indexOf('\r\n\r\n') + 4));

function multipart(file: Buffer, boundary = 'XyZ-boundary') {
  const head = Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="a.pdf"\r\nContent-Type: application/pdf\r\n\r\n`);
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return { body: Buffer.concat([head, file, tail]), type: `multipart/form-data; boundary=${boundary}` };
}

async function expectAlive() {
  const r = await fetch(`${hub.url}/healthz`);
  expect(r.status).toBe(200);
  const up = await fetch(`${hub.url}/attachments`, { method: 'POST', headers: { 'content-type': 'application/pdf', authorization: `Bearer ${inspector}` }, body: PDF });
  expect(up.status).toBe(201);
}

async function until(cond: () => boolean) {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 25));
}

describe('uploads that are cut off, malformed or too large', () => {
  it('a multipart form that ends early is 400 BAD_USER_INPUT, leaves no temporary file, and the hub lives on', async () => {
    const { body, type } = multipart(Buffer.concat([PDF, Buffer.alloc(1000, 0x41)]));
    const cut = body.subarray(0, body.length - 400); // inside the file part: no closing boundary
    const raw = await rawHttp([`POST /attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${inspector}\r\nContent-Type: ${type}\r\nContent-Length: ${cut.length}\r\nConnection: close\r\n\r\n`, cut]);
    expect(statusOf(raw)).toBe(400);
    expect(jsonOf(raw).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    expect(tmpLeftovers()).toEqual([]);
    await expectAlive();
  });

  it('the same, sent chunked (no Content-Length)', async () => {
    const { body, type } = multipart(PDF);
    const cut = body.subarray(0, body.length - 10);
    const raw = await rawHttp([`POST /attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${inspector}\r\nContent-Type: ${type}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`, `${cut.length.toString(16)}\r\n`, cut, '\r\n0\r\n\r\n']);
    expect(statusOf(raw)).toBe(400);
    expect(jsonOf(raw).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(tmpLeftovers()).toEqual([]);
  });

  it('a client that disconnects mid-upload (its Content-Length lied) leaves no temporary file, raw or multipart', async () => {
    const { body, type } = multipart(Buffer.concat([PDF, Buffer.alloc(2000, 0x41)]));
    await rawHttp([`POST /attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${inspector}\r\nContent-Type: ${type}\r\nContent-Length: ${body.length + 5000}\r\n\r\n`, body.subarray(0, 1500)], { destroyAfter: true });
    await rawHttp([`POST /attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${inspector}\r\nContent-Type: application/pdf\r\nContent-Length: 4000\r\n\r\n`, PDF], { destroyAfter: true });
    await until(() => tmpLeftovers().length === 0);
    expect(tmpLeftovers()).toEqual([]);
    await expectAlive();
  });

  it('a Content-Length shorter than the body: the stray bytes get a JSON 400, not a bare one', async () => {
    const raw = await rawHttp([`POST /attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${inspector}\r\nContent-Type: application/pdf\r\nContent-Length: ${PDF.length}\r\n\r\n`, PDF, 'garbage that is no request\r\n\r\n'], { endAfter: true, untilClose: true });
    // Node's parser refuses the stray bytes at once (the socket closes, so the upload's own answer may not get out).
    const bad = raw.split(/(?=HTTP\/1\.1 )/).find((a) => statusOf(a) === 400)!;
    expect(jsonOf(bad).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(raw).not.toMatch(/HTTP\/1\.1 5\d\d/);
    await until(() => tmpLeftovers().length === 0);
    expect(tmpLeftovers()).toEqual([]);
    await expectAlive();
  });

  it('a declared Content-Length over the limit is 413 before a byte of the body is sent', async () => {
    const raw = await rawHttp([`POST /attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${inspector}\r\nContent-Type: image/png\r\nContent-Length: ${90 * 1024 * 1024}\r\n\r\n`], {});
    expect(statusOf(raw)).toBe(413);
    expect(jsonOf(raw).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
  });

  it('a 90 MiB upload is 413 with the JSON error (and a 5 MiB multipart one), and the hub lives on', async () => {
    // Sent over a raw socket in 1 MiB writes: the answer comes while the body is still going out,
    // which is what a client sees; whether it then finishes sending is up to it.
    const big = Buffer.concat([PDF, Buffer.alloc(90 * 1024 * 1024)]);
    const m = multipart(big.subarray(0, 5 * 1024 * 1024));
    for (const [type, body] of [['application/pdf', big], [m.type, m.body]] as const) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < body.length; i += 1024 * 1024) chunks.push(body.subarray(i, i + 1024 * 1024));
      const raw = await rawHttp([`POST /attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${inspector}\r\nContent-Type: ${type}\r\nContent-Length: ${body.length}\r\n\r\n`, ...chunks]);
      expect([type, statusOf(raw)]).toEqual([type, 413]);
      expect(jsonOf(raw).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'file' });
    }
    expect(tmpLeftovers()).toEqual([]);
    await expectAlive();
  });

  it('over the limit without a Content-Length (chunked) is 413 too, raw and multipart', async () => {
    const over = Buffer.concat([PDF, Buffer.alloc(MAX * 3, 0x41)]);
    for (const [type, body] of [['application/pdf', over], [multipart(over).type, multipart(over).body]] as const) {
      const raw = await rawHttp([`POST /attachments HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${inspector}\r\nContent-Type: ${type}\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n`, `${body.length.toString(16)}\r\n`, body, '\r\n0\r\n\r\n']);
      expect([type, statusOf(raw)]).toEqual([type, 413]);
      expect(jsonOf(raw).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(tmpLeftovers()).toEqual([]);
  });

  it('malformed multipart (no boundary, garbage) is 400 with the JSON error', async () => {
    for (const type of ['multipart/form-data', 'multipart/form-data; boundary=zzz']) {
      const r = await fetch(`${hub.url}/attachments`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${inspector}` }, body: 'not a form at all' });
      expect([type, r.status]).toEqual([type, 400]);
      expect(((await r.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    }
    expect(tmpLeftovers()).toEqual([]);
  });

  it('the CSV import: over BODY_LIMIT by its declared length is 413, a cut-off body 400, both JSON', async () => {
    const raw = await rawHttp([`POST /verification-records.csv?batchRef=B HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${command}\r\nContent-Type: text/csv\r\nContent-Length: ${50 * 1024 * 1024}\r\n\r\n`]);
    expect(statusOf(raw)).toBe(413);
    expect(jsonOf(raw).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const cut = await rawHttp([`POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n{"query":"{ vers`], { endAfter: true });
    // A request whose body never completes: Node closes it; nothing is left half-done and no 5xx.
    expect(Number.isNaN(statusOf(cut)) || statusOf(cut) < 500).toBe(true);
    await expectAlive();
  });
});

/** Posts a JSON body given as raw text (so it can hold escapes JSON.stringify would not write). */
async function rawGql(body: string | Buffer, token?: string) {
  const r = await fetch(hub.graphqlUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body });
  return { status: r.status, body: (await r.json()) as { data?: any; errors?: { message: string; extensions: { code: string; field?: string } }[] } };
}

const refused = (r: { status: number; body: { errors?: { extensions: { code: string; field?: string } }[] } }, field: string) => {
  expect(r.status).toBeLessThan(500);
  expect(r.body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
};

describe('hostile text: NUL, lone surrogates and invalid UTF-8 are BAD_USER_INPUT naming the field', () => {
  const siteInput = (over: Record<string, unknown>) => ({ idempotencyKey: randomUUID(), kind: 'HOTEL', name: 'Hotel', address: 'Road 1', district: '双石铺镇', ...over });
  const CREATE_SITE = `mutation($input: CreateSiteInput!) { createSite(input: $input) { id } }`;

  it('login, signed out', async () => {
    const v = await hub.gql(`mutation($i: LoginInput!) { login(input: $i) { token } }`, { i: { username: 'admin\u0000', password: 'x' } });
    expect(v.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.username' });
    const r = await rawGql(`{"query":"mutation { login(input: { username: \\"a\\\\u0000b\\", password: \\"x\\" }) { token } }"}`);
    refused(r, 'input.username');
  });

  it('site names, and idempotency keys, in variables under any variable name and inline', async () => {
    const r = await hub.gql(`mutation($anything: CreateSiteInput!) { createSite(input: $anything) { id } }`, { anything: siteInput({ name: 'Ho\u0000tel' }) }, admin);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.name' });
    expect(r.status).toBe(400);
    const k = await hub.gql(CREATE_SITE, { input: siteInput({ idempotencyKey: 'key\u0000' }) }, admin);
    expect(k.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.idempotencyKey' });
    // A lone surrogate as JSON writes it: "\ud800".
    const s = await rawGql(JSON.stringify({ query: CREATE_SITE, variables: { input: siteInput({ name: 'PLACEHOLDER' }) } }).replace('PLACEHOLDER', '\\ud800'), admin);
    refused(s, 'input.name');
    const inline = await rawGql(JSON.stringify({ query: `mutation { createSite(input: { idempotencyKey: "k1", kind: HOTEL, name: "a\\u0000", address: "r", district: "d" }) { id } }` }), admin);
    refused(inline, 'input.name');
    expect(await hub.ds.query(`SELECT 1 FROM site WHERE name LIKE 'Ho%tel' AND name <> 'Hotel'`)).toEqual([]);
  });

  it('disinfection notes', async () => {
    const input = { siteId, idempotencyKey: randomUUID(), area: 'Lobby', agent: 'CHLORINE', concentration: 500, concentrationUnit: 'MG_PER_L', method: 'SPRAY', startedAt: new Date().toISOString(), durationMinutes: 10, notes: 'done\u0000' };
    const r = await hub.gql(`mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { id } }`, { i: input }, manager);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'input.notes' });
  });

  it('site search and district filters', async () => {
    const r = await hub.gql(`query($f: SiteFilter) { sites(filter: $f) { totalCount } }`, { f: { search: '\u0000' } }, admin);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.search' });
    const d = await hub.gql(`query($f: SiteFilter) { sites(filter: $f) { totalCount } }`, { f: { districts: ['ok', 'bad\u0000'] } }, admin);
    expect(d.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.districts.1' });
  });

  it('the audit filter', async () => {
    const r = await hub.gql(`query($f: AuditEventFilter) { auditEvents(filter: $f) { edges { cursor } } }`, { f: { action: 'site.\u0000' } }, admin);
    expect(r.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'filter.action' });
  });

  it('a request body that is not UTF-8', async () => {
    const body = Buffer.concat([Buffer.from('{"query":"{ sites(filter: { search: \\"'), Buffer.from([0xff, 0xfe, 0xc3]), Buffer.from('\\" }) { totalCount } }"}')]);
    refused(await rawGql(body, admin), 'body');
  });

  it('GET /reports/report.csv?district=%00', async () => {
    const r = await fetch(`${hub.url}/reports/report.csv?from=2026-01-01T00:00:00Z&to=2026-02-01T00:00:00Z&district=%00`, { headers: { authorization: `Bearer ${command}` } });
    expect(r.status).toBe(400);
    expect(((await r.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'district' });
  });

  it('the CSV import body: a NUL in a cell names its row and column; bytes that are not UTF-8 are refused', async () => {
    const post = (body: string | Buffer) =>
      fetch(`${hub.url}/verification-records.csv?batchRef=B-${randomUUID().slice(0, 6)}`, { method: 'POST', headers: { 'content-type': 'text/csv; charset=utf-8', 'idempotency-key': randomUUID(), authorization: `Bearer ${command}` }, body });
    const header = 'externalRef,personName,reason,needsVerification\n';
    const nul = await post(`${header}R-1,张三,ok,yes\nR-2,李\u0000四,ok,yes\n`);
    expect(nul.status).toBe(400);
    expect(((await nul.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rows.2.personName' });
    const bad = await post(Buffer.concat([Buffer.from(`${header}R-1,`), Buffer.from([0xc3, 0x28]), Buffer.from(',ok,yes\n')]));
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as any).errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'body' });
    expect(await hub.ds.query(`SELECT 1 FROM verification_record WHERE external_ref IN ('R-1', 'R-2')`)).toEqual([]);
  });

  it('subscriptions (graphql-ws) pass the same boundary', async () => {
    const client = createClient({ url: hub.graphqlUrl.replace('http', 'ws'), webSocketImpl: WebSocket, connectionParams: { Authorization: `Bearer ${admin}` }, retryAttempts: 0 });
    try {
      const errors = await new Promise<unknown>((resolve) => {
        client.subscribe({ query: `subscription($k: [HubEventKind!]) { events(kinds: $k) { id } }`, variables: { k: ['SITE\u0000'] } }, { next: () => undefined, error: resolve, complete: () => resolve('completed') });
      });
      expect(errors).toEqual([expect.objectContaining({ extensions: expect.objectContaining({ code: 'BAD_USER_INPUT', field: 'kinds.0' }) })]);
    } finally {
      await client.dispose();
    }
  });

  it('PostgreSQL 22021 (a NUL that got past the boundary) maps to BAD_USER_INPUT, not an internal error', async () => {
    const err = await hub.ds.query(`SELECT $1::text`, ['a\u0000b']).catch((e) => e);
    expect(err).toBeInstanceOf(QueryFailedError);
    expect(fromDatabase(err)?.code).toBe('BAD_USER_INPUT');
    const jsonb = await hub.ds.query(`SELECT '{"a":"\\u0000"}'::jsonb ->> 'a'`).catch((e) => e);
    expect(fromDatabase(jsonb)?.code).toBe('BAD_USER_INPUT');
  });
});
