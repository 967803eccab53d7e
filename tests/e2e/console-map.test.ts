import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { BrowserContext, Page } from 'playwright-core';
import { tinyPng } from '../fixtures/samples';
import { DEMO_PASSWORD, describeInBrowser, screenshot, seriousViolations, startApp, until, type AppRun } from './app';

/*
 * The console's map of sites, with a tile server configured (MAP_TILE_URL): a local one started
 * here, serving a PNG for every tile. The sites page shows the map with a marker per site that
 * has coordinates, and the tiles come from that server. (Without MAP_TILE_URL, no map and no
 * request to anything but the hub: tests/e2e/console-drill.test.ts.)
 */

let app: AppRun;
let tiles: http.Server;
const tileRequests: string[] = [];

describeInBrowser('the console’s map of sites, with a tile server configured, at 1440×900', () => {
  let ctx: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    const png = tinyPng();
    tiles = http.createServer((req, res) => {
      tileRequests.push(req.url ?? '');
      res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
      res.end(png);
    });
    await new Promise<void>((resolve) => tiles.listen(0, '127.0.0.1', resolve));
    const port = (tiles.address() as AddressInfo).port;
    app = await startApp({ env: { MAP_TILE_URL: `http://127.0.0.1:${port}/tiles/{z}/{x}/{y}.png`, MAP_ATTRIBUTION: '测试底图 Test tiles' } });
    ctx = await app.newContext({ viewport: { width: 1440, height: 900 }, isMobile: false, hasTouch: false });
    page = await ctx.newPage();
  }, 180_000);
  afterAll(async () => {
    await ctx?.close().catch(() => undefined);
    await app?.stop();
    await new Promise((resolve) => tiles?.close(resolve));
  });

  it('shows the sites as markers on tiles from the configured server', async () => {
    await page.goto('/');
    await page.getByLabel('用户名').fill('command');
    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByRole('navigation', { name: '控制台菜单' }).waitFor();
    await page.getByRole('link', { name: '场所' }).click();
    await page.getByTestId('sites-map').waitFor();
    const command = await app.hub.login('command', DEMO_PASSWORD);
    const sites = (await app.hub.gql(`{ sites(first: 500) { nodes { latitude longitude } } }`, {}, command)).data.sites.nodes as { latitude: number | null }[];
    const placed = sites.filter((s) => s.latitude != null).length;
    expect(placed).toBeGreaterThan(0);
    await until(async () => (await page.locator('path.site-marker').count()) === placed, `${placed} markers`);
    await until(async () => (await page.locator('img.leaflet-tile-loaded').count()) > 0, 'tiles loaded');
    expect(tileRequests.length).toBeGreaterThan(0);
    expect(tileRequests.every((u) => /^\/tiles\/\d+\/\d+\/\d+\.png$/.test(u))).toBe(true);
    await page.getByText('测试底图 Test tiles').waitFor();
    await screenshot(page, 'console-sites-map');
    expect(await seriousViolations(page)).toEqual([]);
  });
});
