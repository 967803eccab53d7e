import type { BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, outboxCount, screenshot, seriousViolations, signIn, startApp, until, waitForCount, waitForServiceWorker, waitForText, type AppRun } from './app';
import { makePng } from './png';

let app: AppRun;

const entries = (page: Page) => page.getByTestId('entry');

async function record(page: Page, area: string, concentration: string, minutes: string, withPhoto: boolean) {
  const form = page.getByRole('form', { name: '消毒记录' });
  await form.locator('label.choice', { hasText: area }).click();
  await form.getByText('含氯消毒剂').click();
  await form.getByText('擦拭').click();
  await form.getByLabel(/浓度/).fill(concentration);
  await form.getByLabel('时长（分钟）').fill(minutes);
  if (withPhoto) {
    await form.locator('input[type=file]').setInputFiles({ name: 'lobby.png', mimeType: 'image/png', buffer: makePng(800, 600, (x) => [x % 256, 120, 200]) });
    await waitForCount(form.getByRole('img'), 1);
  }
  await form.getByRole('button', { name: '保存记录' }).click();
  await form.getByText('已保存，联网后同步。').waitFor();
}

describeInBrowser('a staff member records disinfection entries offline', () => {
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

  it('records two entries with no network, and they sync once when it is back', async () => {
    await signIn(page, 'staff');
    await page.getByRole('heading', { name: '记录消毒' }).waitFor();
    await page.getByRole('radio', { name: /^大堂/ }).waitFor({ state: 'attached' }); // the site's required areas
    await waitForServiceWorker(page);
    await screenshot(page, 'staff-record');
    expect(await seriousViolations(page)).toEqual([]);

    await ctx.setOffline(true);
    await app.relay.down();
    await record(page, '大堂', '500', '30', true);
    await record(page, '卫生间', '5000', '20', false);
    await waitForCount(entries(page), 2);
    await waitForCount(page.locator('[data-testid=entry] .state-waiting'), 2);
    await until(async () => (await outboxCount(page)) === 2, 'two waiting in the header');

    await page.reload();
    await waitForCount(page.locator('[data-testid=entry] .state-waiting'), 2);
    await page.getByText('离线', { exact: true }).waitFor();
    expect(await app.hub.ds.query(`SELECT count(*)::int AS n FROM disinfection_entry`)).toEqual([{ n: 0 }]);

    await app.relay.up();
    await ctx.setOffline(false);
    await waitForCount(page.locator('[data-testid=entry] .state-done'), 2);
    // The hub's warning about the second entry is shown with it, in the user's language.
    await waitForText(page.getByRole('list', { name: '提醒' }), /含氯消毒剂浓度不在 250–2000 mg\/L 范围内/);
    await until(async () => (await outboxCount(page)) === 0, 'nothing waiting');
    await screenshot(page, 'staff-synced');

    const token = await app.hub.login('staff', 'demo1234');
    const site = (await app.hub.gql(`{ sites(first: 5) { nodes { id } } }`, {}, token)).data.sites.nodes[0].id;
    const log = await app.hub.gql(
      `query($s: ID!) { disinfectionLog(siteId: $s) { totalCount nodes { area agent method concentration durationMinutes evidence { contentType } warnings { code } recordedBy { username } } } }`,
      { s: site },
      token,
    );
    expect(log.data.disinfectionLog.totalCount).toBe(2);
    expect(log.data.disinfectionLog.nodes).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ area: 'LOBBY', agent: 'CHLORINE', method: 'WIPE', concentration: 500, durationMinutes: 30, evidence: [{ contentType: 'image/jpeg' }], warnings: [], recordedBy: { username: 'staff' } }),
        expect.objectContaining({ area: 'RESTROOMS', concentration: 5000, durationMinutes: 20, evidence: [], warnings: [{ code: 'CHLORINE_CONCENTRATION_OUT_OF_RANGE' }] }),
      ]),
    );

    // Reloading and draining again files nothing twice.
    await page.reload();
    await waitForCount(page.locator('[data-testid=entry] .state-done'), 2);
    expect(await app.hub.ds.query(`SELECT count(*)::int AS n FROM disinfection_entry`)).toEqual([{ n: 2 }]);

    // The last day's entries, each with "correct": the restrooms one had a typo (5000 for 500).
    const today = page.getByRole('region', { name: '最近 24 小时的记录' });
    await waitForCount(today.getByTestId('logged-entry'), 2);
    const restrooms = today.getByTestId('logged-entry').filter({ hasText: '卫生间' });
    await restrooms.getByRole('button', { name: '更正' }).click();
    const form = page.getByRole('form', { name: '消毒记录' });
    expect(await form.getByLabel(/浓度/).inputValue()).toBe('5000'); // the same form, prefilled
    expect(await form.getByLabel('时长（分钟）').inputValue()).toBe('20');
    await form.getByLabel(/浓度/).fill('500');
    await form.getByRole('button', { name: '保存更正' }).click();
    await form.getByText('请填写更正原因。').waitFor(); // a reason is required
    expect(await outboxCount(page)).toBe(0);
    await ctx.setOffline(true);
    await app.relay.down();
    await form.getByLabel('更正原因').fill('多写了一个 0');
    await form.getByRole('button', { name: '保存更正' }).click();
    await form.getByText('已保存，联网后同步。').waitFor();
    await restrooms.getByText('更正等待同步').waitFor();
    await until(async () => (await outboxCount(page)) === 1, 'the correction waits');
    await app.relay.up();
    await ctx.setOffline(false);
    // After sync: the old version is shown as corrected, the correction with its reason.
    await waitForCount(today.getByTestId('logged-entry'), 3);
    await today.getByTestId('logged-entry').filter({ hasText: '已被更正' }).filter({ hasText: '5000' }).waitFor();
    await today.getByTestId('logged-entry').filter({ hasText: '更正原因：多写了一个 0' }).filter({ hasText: '500 mg/L' }).waitFor();
    await screenshot(page, 'staff-corrected');
    expect(await seriousViolations(page)).toEqual([]);
    const corrected = await app.hub.gql(
      `query($s: ID!) { disinfectionLog(siteId: $s) { totalCount nodes { area concentration durationMinutes correctionReason corrects { concentration } recordedBy { username } } } }`,
      { s: site },
      token,
    );
    expect(corrected.data.disinfectionLog.totalCount).toBe(2);
    expect(corrected.data.disinfectionLog.nodes).toContainEqual({
      area: 'RESTROOMS',
      concentration: 500,
      durationMinutes: 20,
      correctionReason: '多写了一个 0',
      corrects: { concentration: 5000 },
      recordedBy: { username: 'staff' },
    });
  });
});
