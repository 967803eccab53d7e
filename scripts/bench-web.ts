/**
 * npm run bench:web — the field app's figures (issue 15), no thresholds:
 *  (1) the JavaScript a first visit loads, gzip;
 *  (2) first load to interactive (the sign-in form usable) on emulated slow 4G (150 ms RTT,
 *      1.6 Mbit/s down, 750 kbit/s up) with 4× CPU throttling, through the DevTools protocol,
 *      median of 5 cold loads (a fresh profile each: no service worker, no cache);
 *  (3) draining an outbox of 50 queued inspections with one photo each: time and requests.
 * Starts its own hub (embedded PostgreSQL, demo data) in a temporary DATA_DIR on a free port, and
 * Debian's Chromium (CHROMIUM_PATH or /usr/bin/chromium).
 */
import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Page } from 'playwright-core';
import { buildWeb } from './build-web';

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'web', 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];
const log = (s: string) => process.stdout.write(`${s}\n`);

function firstLoadJs(): { files: string[]; gzipBytes: number; rawBytes: number } {
  const html = fs.readFileSync(path.join(DIST, 'index.html'), 'utf8');
  const files = [...html.matchAll(/(?:src|href)="(\/assets\/[^"]+\.js)"/g)].map((m) => m[1]);
  let gzipBytes = 0;
  let rawBytes = 0;
  for (const f of files) {
    const buf = fs.readFileSync(path.join(DIST, f));
    rawBytes += buf.length;
    gzipBytes += zlib.gzipSync(buf, { level: 9 }).length;
  }
  return { files, gzipBytes, rawBytes };
}

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });

async function startHub() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'epi-bench-web-'));
  const port = await freePort();
  const child = spawn(process.execPath, [require.resolve('tsx/cli'), 'src/main.ts'], { cwd: ROOT, env: { ...process.env, DATA_DIR: dataDir, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATABASE_URL: '' }, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 600; i++) {
    if (await fetch(`${url}/readyz`).then((r) => r.ok, () => false)) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      await new Promise((r) => child.once('exit', r));
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function gql(url: string, query: string, variables: Record<string, unknown> = {}, token?: string) {
  const r = await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
  const body = (await r.json()) as { data: any; errors?: unknown };
  if (body.errors) throw new Error(JSON.stringify(body.errors));
  return body.data;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main() {
  buildWeb(true); // a production build, whatever built web/dist before
  const js = firstLoadJs();
  log(`first-load JavaScript: ${js.files.length} file(s), ${(js.rawBytes / 1024).toFixed(1)} KB raw, ${(js.gzipBytes / 1024).toFixed(1)} KB gzip`);

  const hub = await startHub();
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  try {
    // (2) cold first loads under slow 4G and 4x CPU throttling.
    const loads: number[] = [];
    for (let i = 0; i < 5; i++) {
      const ctx = await browser.newContext({ viewport: { width: 390, height: 844 } });
      const page = await ctx.newPage();
      const cdp = await ctx.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 });
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
      const t0 = Date.now();
      await page.goto(hub.url);
      await page.getByLabel('用户名').waitFor();
      await page.getByLabel('用户名').fill('x'); // usable, not only painted
      loads.push(Date.now() - t0);
      await ctx.close();
    }
    log(`first load to interactive (slow 4G, 4x CPU), 5 cold loads: median ${median(loads)} ms (${loads.join(', ')})`);

    // (3) drain 50 queued inspections with one photo each.
    const login = await gql(hub.url, `mutation { login(input: {username: "inspector", password: "demo1234"}) { token expiresAt account { id username displayName role } } }`);
    const token = login.login.token as string;
    const me = await gql(hub.url, `{ me { teams { id } } sites(first: 20) { nodes { id kind } } checklistTemplates(siteKind: HOTEL) { latestPublishedVersion { id items { code answerType choices { value compliant } min max } } } }`, {}, token);
    const site = me.sites.nodes.find((s: { kind: string }) => s.kind === 'HOTEL').id;
    const version = me.checklistTemplates.find((t: { latestPublishedVersion: unknown }) => t.latestPublishedVersion).latestPublishedVersion;
    const ctx = await browser.newContext({ viewport: { width: 390, height: 844 }, baseURL: hub.url });
    const page = await ctx.newPage();
    await page.goto('/');
    await page.getByLabel('用户名').fill('inspector');
    await page.getByLabel('密码').fill('demo1234');
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('outbox-count').waitFor();
    await ctx.setOffline(true);
    const items = Array.from({ length: 50 }, (_, n) => {
      const key = randomUUID();
      const photo = `photo:${randomUUID()}`;
      const answers = version.items.map((i: { code: string; answerType: string; choices: { value: string; compliant: boolean }[]; min: number | null; max: number | null }) => {
        if (i.answerType === 'YES_NO') return { itemCode: i.code, yes: true, ...(i.code === 'DISINF.RECORD' ? { evidenceIds: [photo] } : {}) };
        if (i.answerType === 'NUMBER') return { itemCode: i.code, number: i.min ?? i.max ?? 1 };
        if (i.answerType === 'CHOICE') return { itemCode: i.code, choice: i.choices.find((c) => c.compliant)!.value };
        return { itemCode: i.code, text: `bench ${n}` };
      });
      const now = new Date().toISOString();
      return { photo, item: { id: key, kind: 'fileInspection', username: 'inspector', createdAt: now, input: { idempotencyKey: key, siteId: site, teamId: me.me.teams[0].id, checklistVersionId: version.id, startedAt: now, submittedAt: now, answers }, uploaded: {}, state: 'waiting', attempts: 0, title: `bench ${n}`, ref: site } };
    });
    await queueDirectly(page, items);
    let requests = 0;
    page.on('request', (r) => {
      if (/\/(graphql|attachments)$/.test(new URL(r.url()).pathname)) requests++;
    });
    await ctx.setOffline(false);
    const t0 = Date.now();
    await page.reload();
    for (;;) {
      const done = await page.evaluate(() => new Promise<number>((resolve) => {
        const open = (globalThis as any).indexedDB.open('epi-field');
        open.onsuccess = () => {
          const req = open.result.transaction('outbox').objectStore('outbox').getAll();
          req.onsuccess = () => {
            open.result.close();
            resolve((req.result as { state: string }[]).filter((i) => i.state === 'done').length);
          };
        };
      }));
      if (done === 50) break;
      if (Date.now() - t0 > 300_000) throw new Error(`only ${done} of 50 drained in 5 minutes`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const ms = Date.now() - t0;
    const filed = await gql(hub.url, `{ inspections(first: 1) { totalCount } }`, {}, token);
    log(`outbox drain: 50 inspections with one photo each in ${ms} ms (from reload), ${requests} requests (/attachments + /graphql, the reload's own reads included); the hub holds ${filed.inspections.totalCount} inspections`);
  } finally {
    await browser.close();
    await hub.stop();
  }
}

/** Puts items in the app's IndexedDB outbox as the app does (the photo a small JPEG made in the page). */
async function queueDirectly(page: Page, items: { photo: string; item: Record<string, unknown> }[]) {
  await page.evaluate(async (list) => {
    const g = globalThis as any;
    const canvas = g.document.createElement('canvas');
    canvas.width = 1600;
    canvas.height = 1200;
    const c = canvas.getContext('2d');
    for (let x = 0; x < 1600; x += 40) {
      c.fillStyle = `hsl(${x % 360}, 60%, 50%)`;
      c.fillRect(x, 0, 40, 1200);
    }
    const blob: Blob = await new Promise((r) => canvas.toBlob(r, 'image/jpeg', 0.82));
    await new Promise<void>((resolve, reject) => {
      const open = g.indexedDB.open('epi-field');
      open.onsuccess = () => {
        const tx = open.result.transaction(['outbox', 'photos'], 'readwrite');
        for (const { photo, item } of list) {
          tx.objectStore('photos').put({ id: photo.slice('photo:'.length), blob });
          tx.objectStore('outbox').add(item);
        }
        tx.oncomplete = () => {
          open.result.close();
          resolve();
        };
        tx.onerror = () => reject(tx.error);
      };
    });
  }, items);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
