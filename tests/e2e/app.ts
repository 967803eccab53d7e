import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import pino from 'pino';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import { AxeBuilder } from '@axe-core/playwright';
import { startTestHub, type TestHub } from '../helpers/harness';
import { loadDemoData } from '../../src/db/demo-data';
import { buildWeb } from '../../scripts/build-web';
import { makeAttachment } from '../fixtures/checklists';

/**
 * The e2e harness: the real hub on a fresh database (with the demo accounts, all with password
 * demo1234) serving the built app, behind a TCP relay the test can switch off, and Debian's
 * Chromium driven by playwright-core. Switching the relay off closes the port itself, so a test
 * that passes "offline" cannot have been helped by a request that slipped through.
 */

export const DEMO_PASSWORD = 'demo1234';
const ARGS = ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'];

/** The Chromium to drive, or why there is none. */
export function findChromium(): { path: string } | { reason: string } {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].filter(Boolean) as string[];
  try {
    candidates.push(chromium.executablePath());
  } catch {
    /* no Playwright-managed browser */
  }
  const found = candidates.find((c) => fs.existsSync(c));
  if (found) return { path: found };
  return { reason: `no Chromium at ${candidates.join(', ')} (install Debian's "chromium" package, or set CHROMIUM_PATH)` };
}

const found = findChromium();
// A browser path takes longer than an API call, more so on a busy CI machine.
jest.setTimeout(120_000);
let said = false;
/** `describe`, or a skip with one plain line saying why when no Chromium can be found. */
export const describeInBrowser: jest.Describe = ((name: string, fn: () => void) => {
  if ('path' in found) return describe(name, fn);
  if (!said) console.warn(`e2e browser tests skipped: ${found.reason}`);
  said = true;
  return describe.skip(name, fn);
}) as jest.Describe;

/** A TCP relay to the hub: `down()` closes the port and every open connection; `up()` opens it again. */
export class Relay {
  private server: net.Server | null = null;
  private sockets = new Set<net.Socket>();
  port = 0;
  constructor(private target: number) {}
  async up(): Promise<void> {
    this.server = net.createServer((client) => {
      const upstream = net.connect(this.target, '127.0.0.1');
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(this.port, '127.0.0.1', () => resolve());
    });
    this.port = (this.server.address() as net.AddressInfo).port;
  }
  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
    if (this.server) await new Promise<void>((r) => this.server!.close(() => r()));
    this.server = null;
  }
}

export interface AppRun {
  hub: TestHub;
  relay: Relay;
  url: string;
  browser: Browser;
  /** A fresh browser profile (its own IndexedDB and service worker) at phone size. */
  /** A phone-sized context; `options` adds to (or overrides) the defaults, e.g. geolocation. */
  newContext(options?: BrowserContextOptions): Promise<BrowserContext>;
  stop(): Promise<void>;
}

/** `env`: configuration for the hub on top of the test defaults (e.g. MAP_TILE_URL). */
export async function startApp(opts: { env?: Record<string, string> } = {}): Promise<AppRun> {
  if (!('path' in found)) throw new Error(found.reason);
  buildWeb();
  const hub = await startTestHub({ env: opts.env });
  await loadDemoData(hub.ds, pino({ level: 'silent' }));
  const relay = new Relay(Number(new URL(hub.url).port));
  await relay.up();
  const url = `http://127.0.0.1:${relay.port}`;
  const browser = await chromium.launch({ executablePath: found.path, args: ARGS });
  return {
    hub,
    relay,
    url,
    browser,
    newContext: (options?: BrowserContextOptions) =>
      browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 1, isMobile: true, hasTouch: true, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', baseURL: url, ...options }),
    async stop() {
      await browser.close().catch(() => undefined);
      await relay.down();
      await hub.stop();
    },
  };
}

/**
 * One browser context and page for a describe block: opened before its tests, closed after.
 * `use` receives the page (assign it to the block's `let page`); `then` runs once it is open.
 */
export function onePage(open: () => Promise<BrowserContext>, use: (page: Page) => void, then?: (page: Page) => Promise<void>) {
  let ctx: BrowserContext | undefined;
  beforeAll(async () => {
    ctx = await open();
    const page = await ctx.newPage();
    use(page);
    await then?.(page);
  });
  afterAll(() => ctx?.close().catch(() => undefined));
}

/** Signs in through the form and waits for the signed-in shell. */
export async function signIn(page: Page, username: string, password = DEMO_PASSWORD) {
  await page.goto('/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(password);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByTestId('outbox-count').waitFor();
}

/** Signs in to the console (desktop roles) through the form and waits for its menu. */
export async function signInConsole(page: Page, username: string) {
  await page.goto('/');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(DEMO_PASSWORD);
  await page.getByRole('button', { name: '登录' }).click();
  await page.getByRole('navigation', { name: '控制台菜单' }).waitFor();
}

/** Waits until the service worker controls the page, so a reload works with no network. */
export async function waitForServiceWorker(page: Page) {
  await page.waitForFunction(() => !!(globalThis as unknown as { navigator: { serviceWorker?: { controller: unknown } } }).navigator.serviceWorker?.controller, undefined, { timeout: 30_000 });
}

export const SCREENS_DIR = path.join(__dirname, '..', '..', 'test-results', 'screens');

/** A full-page screenshot at the phone size, kept as run output for a reviewer (git-ignored). */
export async function screenshot(page: Page, name: string) {
  fs.mkdirSync(SCREENS_DIR, { recursive: true });
  await page.screenshot({ path: path.join(SCREENS_DIR, `${name}.png`), fullPage: true });
}

/** Serious and critical accessibility violations on the page (axe-core), as "id: target" lines. */
export async function seriousViolations(page: Page): Promise<string[]> {
  const r = await new AxeBuilder({ page }).analyze();
  return r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
}

/** The outbox count shown in the header. */
export const outboxCount = async (page: Page) => Number(/\d+/.exec((await page.getByTestId('outbox-count').textContent()) ?? '')?.[0] ?? NaN);

/** Polls `check` until it returns true (a condition, never a fixed sleep); fails after `timeout` ms. */
export async function until(check: () => Promise<boolean> | boolean, what: string, timeout = 30_000): Promise<void> {
  const end = Date.now() + timeout;
  for (;;) {
    if (await check()) return;
    if (Date.now() > end) throw new Error(`timed out after ${timeout} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Waits until the locator shows exactly `text` (trimmed). */
export async function waitForText(locator: Locator, text: string | RegExp, timeout = 30_000) {
  await until(async () => {
    const all = await locator.allTextContents();
    return all.some((t) => (typeof text === 'string' ? t.trim() === text : text.test(t)));
  }, `${locator} to show ${text}`, timeout);
}

/** Waits until the locator matches `n` elements. */
export async function waitForCount(locator: Locator, n: number, timeout = 30_000) {
  await until(async () => (await locator.count()) === n, `${locator} to match ${n} element(s)`, timeout);
}

/**
 * Through the API as the demo inspector: files the hotel's scheduled inspection with
 * VENT.ROOMS (MINOR) failed, so the hotel has one open finding. Returns the finding's id.
 */
export async function fileHotelInspectionWithFinding(hub: TestHub): Promise<string> {
  const token = await hub.login('inspector', DEMO_PASSWORD);
  const due = await hub.gql(`{ inspectionsDue(filter: { withinDays: 7 }) { site { name } plannedInspection { id checklistVersion { items { code answerType choices { value compliant } min max } } } } }`, {}, token);
  const planned = due.data.inspectionsDue.find((d: { plannedInspection: unknown }) => d.plannedInspection).plannedInspection;
  const evidence = await makeAttachment(hub.ds, (await hub.ds.query(`SELECT id FROM account WHERE username = 'inspector'`))[0].id);
  const answers = planned.checklistVersion.items.map((i: { code: string; answerType: string; choices: { value: string; compliant: boolean }[]; min: number | null; max: number | null }) => {
    if (i.code === 'VENT.ROOMS') return { itemCode: i.code, yes: false, evidenceIds: [evidence] };
    if (i.answerType === 'YES_NO') return { itemCode: i.code, yes: true, ...(i.code === 'DISINF.RECORD' ? { evidenceIds: [evidence] } : {}) };
    if (i.answerType === 'NUMBER') return { itemCode: i.code, number: i.min ?? i.max ?? 1 };
    if (i.answerType === 'CHOICE') return { itemCode: i.code, choice: i.choices.find((c) => c.compliant)!.value };
    return { itemCode: i.code, text: 'ok' };
  });
  const now = hub.clock.now.toISOString();
  const r = await hub.gql(`mutation($i: FileInspectionInput!) { fileInspection(input: $i) { findings { id } } }`, { i: { idempotencyKey: randomUUID(), inspectionId: planned.id, startedAt: now, submittedAt: now, answers } }, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data.fileInspection.findings[0].id;
}
