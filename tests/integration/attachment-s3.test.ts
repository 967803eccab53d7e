import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
// s3rver: a local S3-compatible server (npm), started here on a free loopback port.
import S3rver from 's3rver';
import { startTestHub, type TestHub } from '../helpers/harness';
import { bindManager, makeAccount, makeSite } from '../fixtures/factory';
import { tinyPng as png } from '../fixtures/samples';

/*
 * STORAGE=s3: the same upload and download rules as the local directory, with the bytes in an
 * S3-compatible bucket under ab/<sha256>, streamed there as they arrive (multipart for big files).
 */
const MAX = 12 * 1024 * 1024;
const BUCKET = 'evidence';
let s3dir: string;
let s3: { close(): Promise<void> };
let endpoint: string;
let hub: TestHub;
let client: S3Client;

beforeAll(async () => {
  s3dir = fs.mkdtempSync(path.join(os.tmpdir(), 'epi-s3rver-'));
  const server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3dir, configureBuckets: [{ name: BUCKET }] });
  const { port } = await server.run();
  s3 = server;
  endpoint = `http://127.0.0.1:${port}`;
  const creds = { S3_ACCESS_KEY_ID: 'S3RVER', S3_SECRET_ACCESS_KEY: 'S3RVER' };
  hub = await startTestHub({ env: { ATTACHMENT_MAX_BYTES: String(MAX), STORAGE: 's3', S3_ENDPOINT: endpoint, S3_BUCKET: BUCKET, S3_FORCE_PATH_STYLE: 'true', S3_PREFIX: 'att/', ...creds } });
  client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' } });
});
afterAll(async () => {
  await hub?.stop();
  client?.destroy();
  await s3?.close();
  fs.rmSync(s3dir, { recursive: true, force: true });
});

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

async function upload(body: Buffer, type: string, token: string) {
  const res = await fetch(`${hub.url}/attachments?fileName=photo.png`, { method: 'POST', headers: { 'content-type': type, authorization: `Bearer ${token}` }, body });
  return { status: res.status, body: (await res.json()) as any };
}
const keys = async () => ((await client.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key!).sort();

describe('attachments on S3-compatible storage (STORAGE=s3)', () => {
  it('streams uploads into the bucket under their sha256, once per content, and serves them with the same access rules', async () => {
    const inspector = await makeAccount(hub.ds, 'INSPECTOR');
    const token = await hub.login(inspector.username);
    const small = png();
    const a = await upload(small, 'image/png', token);
    expect(a.status).toBe(201);
    expect(a.body).toMatchObject({ sha256: sha(small), size: small.length });
    const again = await upload(small, 'image/png', token);
    expect(again.status).toBe(201);
    // Bigger than lib-storage's 5 MiB part: a multipart upload.
    const big = png(7 * 1024 * 1024);
    const b = await upload(big, 'image/png', token);
    expect(b.status).toBe(201);
    expect(b.body.sha256).toBe(sha(big));

    expect(await keys()).toEqual([`att/${sha(small).slice(0, 2)}/${sha(small)}`, `att/${sha(big).slice(0, 2)}/${sha(big)}`].sort());
    // Nothing on the local disk.
    expect(fs.existsSync(path.join(hub.config.dataDir, 'attachments', sha(small).slice(0, 2)))).toBe(false);

    const res = await fetch(`${hub.url}/attachments/${b.body.id}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    expect(res.headers.get('etag')).toBe(`"${sha(big)}"`);
    const got = Buffer.from(await res.arrayBuffer());
    expect(sha(got)).toBe(sha(big));

    // Another manager's site: not visible until linked to a site it manages.
    const manager = await makeAccount(hub.ds, 'FACILITY_MANAGER');
    const site = await makeSite(hub.ds);
    const mToken = await hub.login(manager.username);
    expect((await fetch(`${hub.url}/attachments/${a.body.id}`, { headers: { authorization: `Bearer ${mToken}` } })).status).toBe(404);
    await bindManager(hub.ds, site.id, manager.id);
    await hub.ds.query(`INSERT INTO attachment_link (attachment_id, entity_type, entity_id, site_id) VALUES ($1, 'DisinfectionEntry', gen_random_uuid(), $2)`, [a.body.id, site.id]);
    const seen = await fetch(`${hub.url}/attachments/${a.body.id}`, { headers: { authorization: `Bearer ${mToken}` } });
    expect(seen.status).toBe(200);
    expect(Buffer.from(await seen.arrayBuffer()).equals(small)).toBe(true);
  });

  it('keeps nothing in the bucket for a refused upload (too large, lying type, empty)', async () => {
    const token = await hub.login((await makeAccount(hub.ds, 'INSPECTOR')).username);
    const before = await keys();
    const tooBig = png(MAX);
    expect((await upload(tooBig, 'image/png', token)).status).toBe(413);
    expect((await upload(Buffer.from('%PDF-1.4 not a png'), 'image/png', token)).status).toBe(415);
    expect((await upload(Buffer.alloc(0), 'image/png', token)).status).toBe(400);
    expect(await keys()).toEqual(before);
  });
});
