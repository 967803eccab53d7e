import type { BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, fileHotelInspectionWithFinding, screenshot, seriousViolations, signIn, startApp, until, waitForCount, waitForText, type AppRun } from './app';
import { makePng } from './png';

let app: AppRun;
let findingId: string;

const photo = () => ({ name: 'fixed.png', mimeType: 'image/png', buffer: makePng(1200, 900, (x, y) => [200, (x + y) % 256, 40]) });

describeInBrowser('a facility manager answers a finding, disputes it, and manages staff', () => {
  beforeAll(async () => {
    app = await startApp();
    findingId = await fileHotelInspectionWithFinding(app.hub);
  }, 180_000);
  afterAll(() => app?.stop());

  let ctx: BrowserContext;
  let page: Page;
  let token: string;
  beforeAll(async () => {
    ctx = await app.newContext();
    page = await ctx.newPage();
    token = await app.hub.login('manager', 'demo1234');
  });
  afterAll(() => ctx?.close().catch(() => undefined));

  const finding = () => app.hub.gql(`{ findings(filter: {}) { nodes { id status rectifications { description evidence { contentType } } disputes { reason status } } } }`, {}, token).then((r) => r.data.findings.nodes.find((f: { id: string }) => f.id === findingId));

  it('shows the site: compliance per required area, open findings with deadlines', async () => {
    await signIn(page, 'manager');
    await page.getByRole('heading', { name: '凤州宾馆 Fengzhou Hotel' }).waitFor();
    await page.getByRole('cell', { name: '大堂' }).or(page.getByRole('rowheader', { name: '大堂' })).first().waitFor();
    await page.getByText('4 个区域已超过消毒间隔。').waitFor();
    await page.getByRole('link', { name: /客房及公共区域是否每日开窗通风/ }).waitFor();
    await page.getByText(/整改期限/).first().waitFor();
    await screenshot(page, 'manager-site');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('answers the finding with a rectification and a photo', async () => {
    await page.getByRole('link', { name: /客房及公共区域是否每日开窗通风/ }).click();
    await page.getByLabel('已采取的整改措施').fill('已安排每日两次开窗通风并记录');
    const rectify = page.getByRole('region', { name: '整改回复' });
    await rectify.locator('input[type=file]').setInputFiles(photo());
    await waitForCount(rectify.getByRole('img'), 1);
    await screenshot(page, 'manager-finding');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '提交整改' }).click();
    await waitForText(page.locator('.card', { hasText: '整改回复' }).locator('.badge'), '已同步');
    const f = await finding();
    expect(f.status).toBe('RECTIFICATION_SUBMITTED');
    expect(f.rectifications).toEqual([{ description: '已安排每日两次开窗通风并记录', evidence: [{ contentType: 'image/jpeg' }] }]);
  });

  it("reaches the inspector's follow-up with its photo; the inspector rejects it with a reason", async () => {
    const ictx = await app.newContext();
    try {
      const ipage = await ictx.newPage();
      await signIn(ipage, 'inspector');
      await ipage.getByRole('link', { name: '整改核查' }).click();
      const card = ipage.getByRole('article', { name: /客房及公共区域是否每日开窗通风/ });
      await card.getByText('已安排每日两次开窗通风并记录').waitFor();
      // The photo is fetched with the inspector's token and shown.
      await until(async () => (await card.getByRole('img', { name: '照片 1' }).evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth).catch(() => 0)) > 0, 'the rectification photo');
      await screenshot(ipage, 'inspector-follow-up');
      expect(await seriousViolations(ipage)).toEqual([]);
      await card.getByRole('button', { name: '退回' }).click();
      await card.getByLabel('退回理由').fill('照片看不出通风记录');
      await card.getByRole('button', { name: '确认退回' }).click();
      // Once synced it is no longer waiting for the inspector: the list refreshes without it.
      await waitForCount(card, 0);
      await ipage.getByText('没有待核查的整改。').waitFor();
    } finally {
      await ictx.close();
    }
    const r = await app.hub.gql(`{ findings(filter: {}) { nodes { id status rectifications { status rejectionReason } } } }`, {}, token);
    const f = r.data.findings.nodes.find((x: { id: string }) => x.id === findingId);
    expect(f).toMatchObject({ status: 'OPEN', rectifications: [{ status: 'REJECTED', rejectionReason: '照片看不出通风记录' }] });
  });

  it('lodges a dispute within the window, which is shown', async () => {
    await page.reload();
    await page.getByText(/异议须在 .* 前提出/).waitFor();
    await page.getByLabel('异议理由').fill('检查时客房正在通风，记录可查');
    await page.getByRole('button', { name: '提交异议' }).click();
    await waitForText(page.locator('.card', { hasText: '异议申请' }).locator('.badge'), '已同步');
    const f = await finding();
    expect(f.status).toBe('DISPUTED');
    expect(f.disputes).toEqual([{ reason: '检查时客房正在通风，记录可查', status: 'LODGED' }]);
    // My site follows it: the finding is DISPUTED, the dispute LODGED with its decision date.
    await page.getByRole('link', { name: '防疫检查' }).click();
    const disputes = page.getByRole('region', { name: '异议' });
    await waitForText(disputes.locator('.badge'), '已提出');
    await disputes.getByText(/应于 .* 前作出决定/).waitFor();
    await page.getByText('异议中 · 整改期限', { exact: false }).waitFor();
  });

  it('registers, deactivates and reactivates a staff member', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: '工作人员' }).click();
    await page.getByText('staff · 在岗').waitFor();
    await page.getByLabel('用户名').fill('cleaner2');
    await page.getByLabel('姓名').fill('李阿姨');
    await page.getByLabel('初始密码（至少 8 位）').fill('cleaner-pass-1');
    await page.getByRole('button', { name: '登记' }).click();
    await page.getByText('cleaner2 · 在岗').waitFor();
    await screenshot(page, 'manager-staff');
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: '停用 李阿姨' }).click();
    await page.getByText('cleaner2 · 已停用').waitFor();
    const site = (await app.hub.gql(`{ sites(first: 1) { nodes { id } } }`, {}, token)).data.sites.nodes[0].id;
    const staff = async () => (await app.hub.gql(`query($s: ID!) { siteStaff(siteId: $s) { username active } }`, { s: site }, token)).data.siteStaff;
    expect(await staff()).toEqual(expect.arrayContaining([{ username: 'cleaner2', active: false }, { username: 'staff', active: true }]));
    await page.getByRole('button', { name: '恢复 李阿姨' }).click();
    await page.getByText('cleaner2 · 在岗').waitFor();
    expect(await staff()).toEqual(expect.arrayContaining([{ username: 'cleaner2', active: true }]));
  });

  it("corrects a staff member's entry of the site", async () => {
    const site = (await app.hub.gql(`{ sites(first: 1) { nodes { id } } }`, {}, token)).data.sites.nodes[0].id;
    const staffToken = await app.hub.login('staff', 'demo1234');
    const recorded = await app.hub.gql(
      `mutation($i: RecordDisinfectionInput!) { recordDisinfection(input: $i) { id } }`,
      { i: { siteId: site, idempotencyKey: 'e2e-staff-entry', area: 'LOBBY', agent: 'ALCOHOL', concentration: 75, concentrationUnit: 'PERCENT', method: 'WIPE', startedAt: new Date(Date.now() - 3_600_000).toISOString(), durationMinutes: 10 } },
      staffToken,
    );
    expect(recorded.errors).toBeUndefined();
    await page.goto('/');
    await page.getByRole('link', { name: '记录消毒' }).click();
    const today = page.getByRole('region', { name: '最近 24 小时的记录' });
    const entry = today.getByTestId('logged-entry').filter({ hasText: '赵师傅' }); // who recorded it is shown to the manager
    await entry.getByRole('button', { name: '更正' }).click();
    const form = page.getByRole('form', { name: '消毒记录' });
    expect(await form.getByLabel(/浓度/).inputValue()).toBe('75');
    await form.getByLabel('时长（分钟）').fill('15');
    await form.getByLabel('更正原因').fill('擦拭了 15 分钟');
    await form.getByRole('button', { name: '保存更正' }).click();
    await today.getByTestId('logged-entry').filter({ hasText: '已被更正' }).waitFor();
    await today.getByTestId('logged-entry').filter({ hasText: '更正原因：擦拭了 15 分钟' }).filter({ hasText: '15 分钟' }).waitFor();
    const log = await app.hub.gql(`query($s: ID!) { disinfectionLog(siteId: $s) { nodes { durationMinutes correctionReason recordedBy { username } corrects { recordedBy { username } } } } }`, { s: site }, token);
    expect(log.data.disinfectionLog.nodes).toContainEqual({ durationMinutes: 15, correctionReason: '擦拭了 15 分钟', recordedBy: { username: 'manager' }, corrects: { recordedBy: { username: 'staff' } } });
  });

  it('switches between the sites it manages', async () => {
    // Bind the manager to a second site (an admin does this).
    const admin = await app.hub.login('admin', 'demo1234');
    const [{ id: managerId }] = await app.hub.ds.query(`SELECT id FROM account WHERE username = 'manager'`);
    const other = (await app.hub.gql(`{ sites(first: 50) { nodes { id name kind } } }`, {}, admin)).data.sites.nodes.find((s: { name: string; kind: string }) => s.kind === 'HOTEL' && !s.name.includes('凤州宾馆'));
    expect(other).toBeDefined();
    const bound = await app.hub.gql(`mutation($i: SiteManagerInput!) { bindSiteManager(input: $i) { id } }`, { i: { siteId: other.id, accountId: managerId } }, admin);
    expect(bound.errors).toBeUndefined();

    await page.goto('/');
    const switcher = page.getByRole('combobox', { name: '场所' });
    await switcher.waitFor();
    expect(await switcher.locator('option').allTextContents()).toEqual(expect.arrayContaining(['凤州宾馆 Fengzhou Hotel', other.name]));
    await switcher.selectOption({ label: other.name });
    await page.getByRole('heading', { name: other.name }).waitFor();
    await page.getByText('没有待整改问题。').waitFor(); // the other site's findings: none
    await screenshot(page, 'manager-site-switcher');
    expect(await seriousViolations(page)).toEqual([]);
    // The choice is kept, and the other screens follow it.
    await page.reload();
    await page.getByRole('heading', { name: other.name }).waitFor();
    await page.getByRole('link', { name: '工作人员' }).click();
    await page.getByRole('heading', { name: '工作人员', exact: true }).waitFor();
    await page.getByText(other.name, { exact: true }).waitFor();
    await page.goto('/');
    await switcher.selectOption({ label: '凤州宾馆 Fengzhou Hotel' });
    await page.getByRole('heading', { name: '凤州宾馆 Fengzhou Hotel' }).waitFor();
  });
});
