import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { startTestHub, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';
import { tinyPng } from '../fixtures/samples';

const MAX = 4096;
let hub: TestHub;
beforeAll(async () => {
  hub = await startTestHub({ env: { ATTACHMENT_MAX_BYTES: String(MAX) } });
});
afterAll(() => hub.stop());

const tinyPdf = (text = 'evidence') =>
  Buffer.from(`%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`, 'latin1');

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(body: Buffer, type: string, token?: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${hub.url}/attachments?fileName=${encodeURIComponent('现场照片 1.png')}`, {
    method: 'POST',
    headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers },
    body,
  });
  return { status: res.status, body: (await res.json()) as any };
}

const download = (id: string, token?: string) => fetch(`${hub.url}/attachments/${id}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });

const blobsOf = (hash: string) => {
  const dir = path.join(hub.config.dataDir, 'attachments', hash.slice(0, 2));
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f === hash) : [];
};
const rowCount = async () => (await hub.ds.query(`SELECT count(*)::int AS n FROM attachment`))[0].n as number;

describe('POST /attachments', () => {
  it('stores a PNG and a PDF with their sha256, once on disk however often uploaded, each with an audit event', async () => {
    const inspector = await makeAccount(hub.ds, 'INSPECTOR');
    const token = await hub.login(inspector.username);
    const png = tinyPng();
    const a = await upload(png, 'image/png', token);
    expect(a.status).toBe(201);
    expect(a.body).toEqual({ id: expect.any(String), sha256: sha(png), size: png.length, contentType: 'image/png' });
    const file = path.join(hub.config.dataDir, 'attachments', sha(png).slice(0, 2), sha(png));
    expect(fs.readFileSync(file).equals(png)).toBe(true);

    const again = await upload(png, 'image/png', token);
    expect(again.status).toBe(201);
    expect(again.body.id).not.toBe(a.body.id);
    expect(blobsOf(sha(png))).toHaveLength(1);

    const pdf = tinyPdf();
    const p = await upload(pdf, 'application/pdf', token);
    expect(p.status).toBe(201);
    expect(p.body).toMatchObject({ sha256: sha(pdf), size: pdf.length, contentType: 'application/pdf' });

    const [row] = await hub.ds.query(`SELECT file_name, uploaded_by FROM attachment WHERE id = $1`, [a.body.id]);
    expect(row).toEqual({ file_name: '现场照片 1.png', uploaded_by: inspector.id });
    const audit = await hub.ds.query(`SELECT action FROM audit_event WHERE entity_type = 'Attachment' AND entity_id = $1`, [p.body.id]);
    expect(audit).toEqual([{ action: 'attachment.upload' }]);
  });

  it('accepts multipart/form-data with one file field', async () => {
    const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const token = await hub.login(manager.username);
    const pdf = tinyPdf('multipart');
    const form = new FormData();
    form.append('file', new Blob([pdf], { type: 'application/pdf' }), 'report.pdf');
    const res = await fetch(`${hub.url}/attachments`, { method: 'POST', headers: { authorization: `Bearer ${token}` }, body: form });
    expect(res.status).toBe(201);
    const body = (await res.json()) as any;
    expect(body).toMatchObject({ sha256: sha(pdf), size: pdf.length, contentType: 'application/pdf' });
    const [row] = await hub.ds.query(`SELECT file_name FROM attachment WHERE id = $1`, [body.id]);
    expect(row.file_name).toBe('report.pdf');
  });

  it('the same Idempotency-Key with the same bytes returns the same attachment', async () => {
    const token = await hub.login((await makeAccount(hub.ds, 'INSPECTOR')).username);
    const png = tinyPng(10);
    const first = await upload(png, 'image/png', token, { 'idempotency-key': 'photo-42' });
    const before = await rowCount();
    const retry = await upload(png, 'image/png', token, { 'idempotency-key': 'photo-42' });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(first.body.id);
    expect(await rowCount()).toBe(before);
    const other = await upload(tinyPng(11), 'image/png', token, { 'idempotency-key': 'photo-42' });
    expect(other.status).toBe(409);
    expect(other.body.errors[0].extensions.code).toBe('CONFLICT');
  });

  it('refuses a file over the limit with 413, keeping neither a row nor a file', async () => {
    const token = await hub.login((await makeAccount(hub.ds, 'INSPECTOR')).username);
    const big = tinyPng(MAX);
    const before = await rowCount();
    const r = await upload(big, 'image/png', token);
    expect(r.status).toBe(413);
    expect(r.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    expect(await rowCount()).toBe(before);
    expect(blobsOf(sha(big))).toHaveLength(0);
    expect(fs.readdirSync(path.join(hub.config.dataDir, 'attachments', '.tmp'))).toEqual([]);
  });

  it('refuses types outside the allow-list and content that lies about its type with 415', async () => {
    const token = await hub.login((await makeAccount(hub.ds, 'INSPECTOR')).username);
    const before = await rowCount();
    const text = await upload(Buffer.from('hello'), 'text/plain', token);
    expect(text.status).toBe(415);
    expect(text.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const lying = await upload(tinyPdf('lying'), 'image/png', token);
    expect(lying.status).toBe(415);
    expect(lying.body.errors[0].message).toMatch(/not image\/png/);
    const html = await upload(Buffer.from('<html><script>alert(1)</script>'), 'image/jpeg', token);
    expect(html.status).toBe(415);
    expect(await rowCount()).toBe(before);
    expect(blobsOf(sha(tinyPdf('lying')))).toHaveLength(0);
  });

  it('needs a token: 401 without one', async () => {
    const r = await upload(tinyPng(), 'image/png');
    expect(r.status).toBe(401);
    expect(r.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const bad = await upload(tinyPng(), 'image/png', 'not-a-token');
    expect(bad.status).toBe(401);
  });
});

describe('GET /attachments/:id and attachment(id)', () => {
  it('the uploader downloads the bytes with type, disposition and ETag; others only through a linked site they may see', async () => {
    const siteA = await makeSite(hub.ds);
    const siteB = await makeSite(hub.ds);
    const managerA = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const managerB = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    await bindManager(hub.ds, siteA.id, managerA.id);
    await bindManager(hub.ds, siteB.id, managerB.id);
    const inspector = await makeAccount(hub.ds, 'INSPECTOR');
    const tInspector = await hub.login(inspector.username);
    const tA = await hub.login(managerA.username);
    const tB = await hub.login(managerB.username);

    const png = tinyPng(3);
    const up = await upload(png, 'image/png', tInspector);
    const id = up.body.id as string;

    const own = await download(id, tInspector);
    expect(own.status).toBe(200);
    expect(own.headers.get('content-type')).toBe('image/png');
    expect(own.headers.get('etag')).toBe(`"${sha(png)}"`);
    expect(own.headers.get('content-disposition')).toContain(`filename*=UTF-8''${encodeURIComponent('现场照片 1.png')}`);
    expect(Buffer.from(await own.arrayBuffer()).equals(png)).toBe(true);
    const cached = await fetch(`${hub.url}/attachments/${id}`, { headers: { authorization: `Bearer ${tInspector}`, 'if-none-match': `"${sha(png)}"` } });
    expect(cached.status).toBe(304);

    // Not linked anywhere yet: only the uploader may read it.
    expect((await download(id, tA)).status).toBe(404);
    expect((await download(id)).status).toBe(401);

    // Linked to a finding at site A (what the findings module does through linkAttachments).
    await hub.ds.query(`INSERT INTO attachment_link (attachment_id, entity_type, entity_id, site_id) VALUES ($1, 'Finding', gen_random_uuid(), $2)`, [id, siteA.id]);
    const other = await download(id, tB);
    expect(other.status).toBe(404);
    expect(((await other.json()) as any).errors[0].extensions.code).toBe('NOT_FOUND');
    const missing = await download('00000000-0000-4000-8000-000000000000', tB);
    expect(missing.status).toBe(404);
    const linked = await download(id, tA);
    expect(linked.status).toBe(200);
    expect(Buffer.from(await linked.arrayBuffer()).equals(png)).toBe(true);

    const Q = `query($id: ID!) { attachment(id: $id) { id sha256 size contentType fileName url uploadedBy { username } } }`;
    expect((await hub.gql(Q, { id }, tB)).data.attachment).toBeNull();
    expect((await hub.gql(Q, { id }, tA)).data.attachment).toEqual({
      id,
      sha256: sha(png),
      size: png.length,
      contentType: 'image/png',
      fileName: '现场照片 1.png',
      url: `/attachments/${id}`,
      uploadedBy: { username: inspector.username },
    });
  });
});
