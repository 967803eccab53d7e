import type { BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, outboxCount, screenshot, seriousViolations, signIn, startApp, until, waitForCount, waitForServiceWorker, waitForText, type AppRun } from './app';
import { makePng } from './png';

let app: AppRun;

const HOTEL = '凤州宾馆 Fengzhou Hotel';

/** Keys of the reads the app keeps on the device (IndexedDB "reads"). */
const cachedKeys = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const g = globalThis as any;
        const open = g.indexedDB.open('epi-field');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const req = open.result.transaction('reads').objectStore('reads').getAllKeys();
          req.onsuccess = () => {
            open.result.close();
            resolve(req.result as string[]);
          };
        };
      }),
  );

const photo = () => ({ name: 'site.png', mimeType: 'image/png', buffer: makePng(2400, 1800, (x, y) => [(x * 7) % 256, (y * 3) % 256, 90]) });
const item = (page: Page, code: string) => page.locator(`[id="item-${code}"]`);

describeInBrowser('an inspector files an inspection with no network at all', () => {
  beforeAll(async () => {
    app = await startApp();
  }, 180_000);
  afterAll(() => app?.stop());

  let ctx: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    // The phone lets the app read its position (at the hotel, a 12 m fix).
    ctx = await app.newContext({ permissions: ['geolocation'], geolocation: { latitude: 33.9107, longitude: 106.5246, accuracy: 12 } });
    page = await ctx.newPage();
  });
  afterAll(() => ctx?.close().catch(() => undefined));

  it('keeps the due list, the checklist and the app itself on the device after one visit', async () => {
    await signIn(page, 'inspector');
    await page.getByRole('heading', { name: HOTEL }).waitFor();
    await waitForServiceWorker(page);
    // The checklist of every due site is fetched for offline use.
    await until(async () => (await cachedKeys(page)).some((k) => k.startsWith('checklist:')), 'the checklists to be kept on the device');
    expect(await cachedKeys(page)).toEqual(expect.arrayContaining(['due', 'teams', 'profiles']));
    await screenshot(page, 'inspector-today');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('answers every item offline, with a photo on the failed one, submits, and the outbox keeps it across a reload', async () => {
    await ctx.setOffline(true);
    await app.relay.down(); // nothing listens on the hub's port now
    await page.getByRole('link', { name: '离线' }).or(page.getByText('离线', { exact: true })).first().waitFor();

    await page.locator('li.card', { has: page.getByRole('heading', { name: HOTEL }) }).getByRole('link', { name: '开始检查' }).click();
    await page.getByText(/已完成 0 \/ 11 项/).waitFor();
    // Where the team started, and how precise the fix was, is recorded with the visit (offline too).
    await waitForText(page.getByTestId('start-location'), /· 已记录开始位置（精度约 12 米）$/);

    const pass = ['REG.GUEST', 'REG.HEALTHCODE', 'TEMP.ENTRANCE', 'DISINF.RECORD', 'GATHER.EVENTS', 'OBS.ROOM'];
    for (const code of pass) await item(page, code).getByText('合格', { exact: true }).click();
    await item(page, 'TEMP.STAFF_MAX').getByRole('spinbutton').fill('36.6');
    await item(page, 'SUPPLIES.DAYS').getByRole('spinbutton').fill('12');
    await item(page, 'MASK.STAFF').getByText('工作人员全部规范佩戴').click();
    await item(page, 'NOTES').getByLabel('情况说明').fill('前台登记规范');
    // The disinfection record item requires evidence: submitting without it is stopped.
    await item(page, 'VENT.ROOMS').getByText('不合格', { exact: true }).click();
    await item(page, 'VENT.ROOMS').getByLabel('备注').fill('3 楼客房未通风');
    await page.getByRole('button', { name: '提交检查' }).click();
    await item(page, 'DISINF.RECORD').getByText('此项须附照片。').waitFor();

    await item(page, 'DISINF.RECORD').locator('input[type=file]').setInputFiles(photo());
    await item(page, 'VENT.ROOMS').locator('input[type=file]').setInputFiles(photo());
    await waitForCount(item(page, 'VENT.ROOMS').getByRole('img'), 1);
    await waitForCount(item(page, 'DISINF.RECORD').getByRole('img'), 1);
    await page.getByText('已完成 11 / 11 项').waitFor();
    await screenshot(page, 'inspector-inspect');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByRole('button', { name: '提交检查' }).click();
    await page.getByText('已保存在本机，联网后自动发送。').waitFor();
    await until(async () => (await outboxCount(page)) === 1, 'the header to count 1 waiting');

    await page.reload();
    await page.getByText('已保存在本机，联网后自动发送。').waitFor();
    await waitForText(page.locator('.badge.state-waiting'), '等待同步');
    await until(async () => (await outboxCount(page)) === 1, 'the header to count 1 waiting');

    // Nothing reached the hub: the scheduled inspection is untouched.
    const rows = await app.hub.ds.query(`SELECT status FROM inspection`);
    expect(rows).toEqual([{ status: 'SCHEDULED' }]);
    expect(await app.hub.ds.query(`SELECT count(*)::int AS n FROM attachment`)).toEqual([{ n: 0 }]);
  });

  it('sends it once when the network is back, and shows the score, outcome and findings', async () => {
    await app.relay.up();
    await ctx.setOffline(false);
    await waitForText(page.locator('.badge.state-done'), '已同步');
    await waitForText(page.getByTestId('outcome'), '基本合格（有问题待整改）');
    await waitForText(page.getByTestId('score'), /\d/);
    await waitForCount(page.getByText(/整改期限/), 1);
    await until(async () => (await outboxCount(page)) === 0, 'the header to count 0 waiting');
    await screenshot(page, 'inspector-result');
    expect(await seriousViolations(page)).toEqual([]);

    const token = await app.hub.login('inspector', 'demo1234');
    const r = await app.hub.gql(
      `{ inspections(first: 10) { totalCount nodes { status filedOffline outcome startLocation { latitude longitude accuracyMeters } answers { itemCode yes passed note evidence { contentType } } findings { itemCode severity deadline } } } }`,
      {},
      token,
    );
    expect(r.errors).toBeUndefined();
    expect(r.data.inspections.totalCount).toBe(1);
    const [insp] = r.data.inspections.nodes;
    expect(insp).toMatchObject({ status: 'SUBMITTED', filedOffline: true, outcome: 'PASS_WITH_FINDINGS', startLocation: { latitude: 33.9107, longitude: 106.5246, accuracyMeters: 12 } });
    expect(insp.answers).toHaveLength(11);
    const vent = insp.answers.find((a: { itemCode: string }) => a.itemCode === 'VENT.ROOMS');
    expect(vent).toMatchObject({ yes: false, passed: false, note: '3 楼客房未通风', evidence: [{ contentType: 'image/jpeg' }] });
    expect(insp.findings).toEqual([expect.objectContaining({ itemCode: 'VENT.ROOMS', severity: 'MINOR' })]);
    // Two photos, each uploaded once, downscaled in the browser to at most 1600 px (JPEG).
    expect(await app.hub.ds.query(`SELECT content_type FROM attachment ORDER BY content_type`)).toEqual([{ content_type: 'image/jpeg' }, { content_type: 'image/jpeg' }]);

    // A reload after syncing files nothing again.
    await page.reload();
    await waitForText(page.locator('.badge.state-done'), '已同步');
    expect((await app.hub.gql(`{ inspections(first: 10) { totalCount } }`, {}, token)).data.inspections.totalCount).toBe(1);
  });
});
