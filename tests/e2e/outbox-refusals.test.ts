import type { BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, DEMO_PASSWORD, outboxCount, screenshot, seriousViolations, signIn, startApp, until, waitForCount, waitForServiceWorker, waitForText, type AppRun } from './app';
import { makePng } from './png';

let app: AppRun;

const HOTEL = '凤州宾馆 Fengzhou Hotel';

/** Answers every item of the open inspection screen so that it passes. */
async function answerAllPassing(page: Page) {
  await page.getByText(/已完成 0 \/ 11 项/).waitFor();
  for (const item of await page.locator('li.item').all()) {
    const pass = item.getByText('合格', { exact: true });
    if (await pass.count()) await pass.click();
    else if (await item.getByRole('spinbutton').count()) await item.getByRole('spinbutton').fill('10');
    else if (await item.getByLabel('情况说明').count()) await item.getByLabel('情况说明').fill('无');
    else await item.locator('label.choice').first().click();
  }
  await page.locator('[id="item-DISINF.RECORD"] input[type=file]').setInputFiles({ name: 'p.png', mimeType: 'image/png', buffer: makePng(64, 64, () => [10, 20, 30]) });
  await page.getByText('已完成 11 / 11 项').waitFor();
}

describeInBrowser('the outbox when the hub refuses an item, or the sign-in has expired', () => {
  beforeAll(async () => {
    app = await startApp();
  }, 180_000);
  afterAll(() => app?.stop());

  let ctx: BrowserContext;
  let page: Page;
  beforeAll(async () => {
    ctx = await app.newContext();
    page = await ctx.newPage();
  });
  afterAll(() => ctx?.close().catch(() => undefined));

  it('keeps a refused inspection visible with the reason and what to do, in the user language', async () => {
    await signIn(page, 'inspector');
    await page.getByRole('heading', { name: HOTEL }).waitFor();
    await waitForServiceWorker(page);
    await page.getByText('✓ 检查表已保存到本机，无网络也能检查').waitFor();
    await ctx.setOffline(true);
    await app.relay.down();
    await page.locator('li.card', { has: page.getByRole('heading', { name: HOTEL }) }).getByRole('link', { name: '开始检查' }).click();
    // This browser was not allowed to read the position: the visit goes on without one.
    await waitForText(page.getByTestId('start-location'), /· 未记录位置（浏览器未提供）$/);
    await answerAllPassing(page);
    await page.getByRole('button', { name: '提交检查' }).click();
    await page.getByText('已保存在本机，联网后自动发送。').waitFor();

    // Meanwhile the command centre calls the visit off.
    const command = await app.hub.login('command', DEMO_PASSWORD);
    const [{ id }] = await app.hub.ds.query(`SELECT id FROM inspection`);
    const c = await app.hub.gql(`mutation($i: CancelInspectionInput!) { cancelInspection(input: $i) { status } }`, { i: { inspectionId: id, reason: '场所临时停业' } }, command);
    expect(c.data.cancelInspection.status).toBe('CANCELLED');

    await app.relay.up();
    await ctx.setOffline(false);
    await waitForText(page.locator('.badge.state-refused'), '被拒绝');
    await page.getByText('该记录当前状态不允许此操作（例如检查已被取消或已提交）。').waitFor();
    await page.getByText('请刷新查看最新状态；如有疑问联系指挥中心。').waitFor();
    // Refused is not waiting: the header counts nothing to send, and flags the refusal.
    await until(async () => (await outboxCount(page)) === 0, 'nothing waiting');
    await waitForText(page.locator('.refused-dot'), '!1');
    await page.getByTestId('outbox-count').click();
    await page.getByRole('heading', { name: '待同步' }).waitFor();
    await screenshot(page, 'outbox-refused');
    expect(await seriousViolations(page)).toEqual([]);
    expect(await app.hub.ds.query(`SELECT status FROM inspection`)).toEqual([{ status: 'CANCELLED' }]);

    // In English the same item explains itself in English.
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByText("The record's current state does not allow this (e.g. the inspection was cancelled or already filed).").waitFor();
    await page.getByRole('button', { name: 'Got it, remove' }).click();
    await waitForCount(page.locator('.badge.state-refused'), 0);
    await page.getByRole('button', { name: '中文' }).click();
  });

  it('keeps the outbox when the token is no longer accepted: sign in again and it drains', async () => {
    await page.goto('/');
    await ctx.setOffline(true);
    await app.relay.down();
    await page.getByText('离线', { exact: true }).waitFor();
    // Another visit, queued offline: an unscheduled one at the Jialing River Hotel.
    await page.locator('li.card', { has: page.getByRole('heading', { name: '嘉陵江大酒店 Jialing River Hotel' }) }).getByRole('link', { name: '开始检查' }).click();
    await answerAllPassing(page);
    await page.getByRole('button', { name: '提交检查' }).click();
    await page.getByText('已保存在本机，联网后自动发送。').waitFor();

    // The token stops being accepted while the phone is offline (as when it expires).
    await page.evaluate(
      () =>
        new Promise<void>((resolve, reject) => {
          const open = (globalThis as any).indexedDB.open('epi-field');
          open.onsuccess = () => {
            const tx = open.result.transaction('kv', 'readwrite');
            const store = tx.objectStore('kv');
            const get = store.get('session');
            get.onsuccess = () => store.put({ ...get.result, token: 'no-longer-valid' }, 'session');
            tx.oncomplete = () => {
              open.result.close();
              resolve();
            };
            tx.onerror = () => reject(tx.error);
          };
        }),
    );
    await page.reload();
    await page.getByText('已保存在本机，联网后自动发送。').waitFor();

    await app.relay.up();
    await ctx.setOffline(false);
    await page.getByText('登录已过期，请重新登录。').waitFor();
    await page.getByText('有 1 条记录等待同步，登录后会自动发送，不会丢失。').waitFor();
    expect(await app.hub.ds.query(`SELECT count(*)::int AS n FROM inspection WHERE status IN ('SUBMITTED', 'CLOSED')`)).toEqual([{ n: 0 }]);
    await screenshot(page, 'signin-expired');
    expect(await seriousViolations(page)).toEqual([]);

    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.getByTestId('outbox-count').waitFor();
    await until(async () => (await app.hub.ds.query(`SELECT count(*)::int AS n FROM inspection WHERE status IN ('SUBMITTED', 'CLOSED')`))[0].n === 1, 'the inspection to be filed');
    // No position was given: none is stored.
    expect(await app.hub.ds.query(`SELECT start_latitude, start_longitude, start_accuracy_meters FROM inspection WHERE status IN ('SUBMITTED', 'CLOSED')`)).toEqual([
      { start_latitude: null, start_longitude: null, start_accuracy_meters: null },
    ]);
    await until(async () => (await outboxCount(page)) === 0, 'nothing waiting');
    // Passed with no findings, so it closed at once.
    const rows = await app.hub.ds.query(`SELECT s.name, i.status, i.filed_offline FROM inspection i JOIN site s ON s.id = i.site_id WHERE i.status <> 'CANCELLED'`);
    expect(rows).toEqual([{ name: '嘉陵江大酒店 Jialing River Hotel', status: 'CLOSED', filed_offline: true }]);
  });
});
