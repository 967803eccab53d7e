import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, describeInBrowser, signInConsole, fileHotelInspectionWithFinding, onePage, screenshot, seriousViolations, startApp, until, waitForText, type AppRun } from './app';

/**
 * The console's drill-downs behind the dispute, checkpoint, verification and supply figures, the
 * verification-task board, and comments on a dispute, on a desktop screen (1440×900), against the
 * real hub with the demo data plus, through the API: a dispute, a checkpoint tally, three
 * verification records, a supply delivery.
 */

let app: AppRun;
let disputeId: string;
const desktop = () => app.newContext({ viewport: { width: 1440, height: 900 }, isMobile: false, hasTouch: false });
const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(app.hub.clock.now);

async function gql(query: string, vars: Record<string, unknown>, token: string) {
  const r = await app.hub.gql(query, vars, token);
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return r.data;
}

describeInBrowser('the console’s drill-downs, verification board and dispute comments at 1440×900', () => {
  let command: string;
  let checkpointId: string;
  beforeAll(async () => {
    app = await startApp();
    const findingId = await fileHotelInspectionWithFinding(app.hub);
    command = await app.hub.login('command', DEMO_PASSWORD);
    const manager = await app.hub.login('manager', DEMO_PASSWORD);
    disputeId = (await gql(`mutation($i: LodgeDisputeInput!) { lodgeDispute(input: $i) { id version } }`, { i: { idempotencyKey: randomUUID(), findingId, reason: '检查时客房正在通风，记录可查', evidenceIds: [] } }, manager)).lodgeDispute.id;
    const reviewer = (await gql(`{ accounts(role: REVIEWER) { id username } }`, {}, command)).accounts.find((a: { username: string }) => a.username === 'reviewer');
    await gql(`mutation($i: AssignDisputeInput!) { assignDispute(input: $i) { id } }`, { i: { id: disputeId, version: 1, reviewerId: reviewer.id } }, command);
    const sites = (await gql(`{ cps: sites(filter: { kinds: [CHECKPOINT] }, first: 5) { nodes { id } } hotels: sites(filter: { kinds: [HOTEL] }, first: 5) { nodes { id } } }`, {}, command));
    checkpointId = sites.cps.nodes[0].id;
    await gql(`mutation($i: FileCheckpointTallyInput!) { fileCheckpointTally(input: $i) { id } }`, {
      i: { idempotencyKey: randomUUID(), checkpointId, shiftDate: today(), shift: 'DAY', vehiclesChecked: 412, personsScreened: 903, vehiclesTurnedBack: 7, personsTurnedBack: 11, certificatesVerified: 388, samplesTaken: 25, officersOnDuty: [{ name: '杨帆', isLeader: true }], notes: '高速出口白班' },
    }, command);
    await gql(`mutation($i: ImportVerificationRecordsInput!) { importVerificationRecords(input: $i) { received } }`, {
      i: {
        idempotencyKey: randomUUID(),
        batchRef: 'E2E-2026-12',
        records: [
          { externalRef: 'XC-E2E-001', personName: '王某', phoneMasked: '138****1234', reason: '14 天内有中风险地区旅居史', needsVerification: true },
          { externalRef: 'XC-E2E-002', personName: '李某', phoneMasked: '139****5678', reason: '密接者的同行人员', needsVerification: true, routedUnit: 'FX-PSB' },
          { externalRef: 'XC-E2E-003', personName: '赵某', phoneMasked: '137****0000', reason: '知悉即可', needsVerification: false },
        ],
      },
    }, command);
    const item = (await gql(`{ supplies { code } }`, {}, command)).supplies[0].code;
    await gql(`mutation($i: ReceiveSuppliesInput!) { receiveSupplies(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), itemCode: item, quantity: 500, source: '县卫健局调拨' } }, command);
    await gql(`mutation($i: RecordSupplyDeliveryInput!) { recordSupplyDelivery(input: $i) { id } }`, { i: { idempotencyKey: randomUUID(), itemCode: item, siteId: sites.hotels.nodes[0].id, quantity: 120, deliveredAt: new Date(app.hub.clock.now.getTime() - 60_000).toISOString(), notes: '送至前台' } }, command);
  }, 180_000);
  afterAll(() => app?.stop());

  describe('command centre', () => {
    let page: Page;
    onePage(desktop, (p) => (page = p), async () => {
      await signInConsole(page, 'command');
      await page.getByRole('heading', { name: '指挥中心数据看板' }).waitFor();
    });

    /** From the dashboard: the tile's figure, then its list, whose total must be that figure. */
    async function drill(testId: string, heading: string | RegExp): Promise<number> {
      await page.getByRole('link', { name: '数据看板', exact: true }).click();
      const tile = page.getByTestId(testId);
      await until(async () => /^\d+$/.test(((await tile.locator('.tile-value').textContent()) ?? '').replace(/,/g, '')), `${testId} to show a number`);
      const figure = Number(((await tile.locator('.tile-value').textContent()) ?? '').replace(/,/g, ''));
      await tile.click();
      await page.getByRole('heading', { name: heading }).waitFor();
      await waitForText(page.getByTestId('drill-figure'), new RegExp(`看板数字：${figure}\\b`));
      await waitForText(page.getByTestId('drill-total'), `列表共 ${figure} 条`);
      await until(async () => (await page.getByTestId('drill-list').locator('tbody tr').count()) === Math.min(figure, 25), `${figure} row(s) listed`);
      return figure;
    }

    it('disputes lodged: the list has the figure’s disputes, and one opens its case page', async () => {
      expect(await drill('tile-disputes-lodged', '本期受理的异议')).toBe(1);
      await screenshot(page, 'console-drill-disputes');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByTestId('drill-list').getByRole('link', { name: '凤州宾馆 Fengzhou Hotel' }).click();
      await page.getByRole('heading', { name: '异议案件：凤州宾馆 Fengzhou Hotel' }).waitFor();
      // Resolved: none yet, and the list agrees.
      expect(await drill('tile-disputes-resolved', '本期办结的异议')).toBe(0);
    });

    it('each of the six checkpoint figures: the tallies behind it, whose sum is the figure; a tally opens', async () => {
      const six: [string, string, number][] = [
        ['vehiclesChecked', '检查车辆', 412],
        ['personsScreened', '排查人员', 903],
        ['vehiclesTurnedBack', '劝返车辆', 7],
        ['personsTurnedBack', '劝返人员', 11],
        ['certificatesVerified', '查验核酸证明', 388],
        ['samplesTaken', '现场采集核酸', 25],
      ];
      for (const [key, label, value] of six) {
        await page.getByRole('link', { name: '数据看板', exact: true }).click();
        await waitForText(page.getByTestId(`tile-${key}`).locator('.tile-value'), String(value));
        await page.getByTestId(`tile-${key}`).click();
        await page.getByRole('heading', { name: `卡口报数：${label}` }).waitFor();
        // One tally; the figure counts it, and its sum is the figure.
        await waitForText(page.getByTestId('drill-total'), '列表共 1 条');
        await waitForText(page.getByTestId('drill-sum'), `${label}：看板 ${value}，列表合计 ${value}`);
      }
      const row = page.getByTestId('drill-list').locator('tbody tr').first();
      await row.getByRole('button', { name: '凤县高速公路出口 Feng County Highway Exit' }).click();
      const detail = page.getByTestId('record-detail');
      await detail.getByText('高速出口白班').waitFor();
      await detail.getByText('杨帆（带班）').waitFor();
      await screenshot(page, 'console-drill-checkpoint');
      expect(await seriousViolations(page)).toEqual([]);
    });

    it('verification records received and answered; a record opens', async () => {
      expect(await drill('tile-verification-received', '本期接收的协查记录')).toBe(3);
      await page.getByText('协查记录不属于任何场所').waitFor();
      await page.getByRole('button', { name: 'XC-E2E-003' }).click();
      await page.getByTestId('record-detail').getByText('知悉即可').waitFor();
      await page.getByTestId('drill-list').getByText('仅接收（无需核查）').waitFor();
      await screenshot(page, 'console-drill-verification');
      expect(await seriousViolations(page)).toEqual([]);
      expect(await drill('tile-verification-answered', '本期已反馈的协查任务')).toBe(0);
    });

    it('supplies delivered: the deliveries behind the figure, with the units summed; a delivery opens', async () => {
      expect(await drill('tile-supplies', '本期发放的物资')).toBe(1);
      await waitForText(page.getByTestId('drill-sum'), '发放数量：看板 120，列表合计 120');
      await page.getByTestId('drill-list').locator('tbody tr').first().getByRole('button').click();
      await page.getByTestId('record-detail').getByText('送至前台').waitFor();
      await screenshot(page, 'console-drill-supplies');
      expect(await seriousViolations(page)).toEqual([]);
      // The hotel's district: the same delivery; another district: none, in the figure and in the list alike.
      const hotelDistrict = (await gql(`{ sites(filter: { kinds: [HOTEL] }, first: 1) { nodes { district } } }`, {}, command)).sites.nodes[0].district as string;
      for (const [district, n] of [[hotelDistrict, 1], [hotelDistrict === '凤州镇' ? '双石铺镇' : '凤州镇', 0]] as const) {
        const u = new URL(page.url());
        u.searchParams.set('district', district);
        await page.goto(u.pathname + u.search);
        await page.getByRole('navigation', { name: '控制台菜单' }).waitFor();
        await waitForText(page.getByTestId('drill-total'), `列表共 ${n} 条`);
        await waitForText(page.getByTestId('drill-figure'), new RegExp(`看板数字：${n}\\b`));
      }
    });

    it('with no tile server configured: the sites page has no map and asks nothing but the hub', async () => {
      const origin = new URL(app.url).origin;
      const elsewhere: string[] = [];
      const watch = (r: { url(): string }) => {
        const u = r.url();
        if (!u.startsWith(origin) && !u.startsWith('data:') && !u.startsWith('blob:')) elsewhere.push(u);
      };
      page.on('request', watch);
      await page.getByRole('link', { name: '场所' }).click();
      await page.getByText(/共 \d+ 个场所/).waitFor();
      await page.getByRole('rowheader', { name: '凤州宾馆 Fengzhou Hotel' }).waitFor();
      expect(await page.getByTestId('sites-map').count()).toBe(0);
      expect(await page.locator('.leaflet-container').count()).toBe(0);
      page.off('request', watch);
      expect(elsewhere).toEqual([]);
    });

    it('the verification board: tasks by status; routing one to a unit; refreshed by a feed event', async () => {
      await page.goto('/console/live');
      await page.getByText('已连接，实时接收').waitFor();
      const board = page.getByTestId('verification-board');
      const received = board.getByTestId('board-RECEIVED');
      const routed = board.getByTestId('board-ROUTED');
      await received.getByText('XC-E2E-001', { exact: true }).waitFor();
      await routed.getByText('XC-E2E-002', { exact: true }).waitFor();
      await screenshot(page, 'console-verification-board');
      expect(await seriousViolations(page)).toEqual([]);
      const card = received.getByTestId('board-card').filter({ hasText: 'XC-E2E-001' });
      await card.getByLabel('XC-E2E-001 的核查单位').selectOption({ label: '凤县市场监督管理局 Feng County Market Regulation Bureau' });
      await card.getByRole('button', { name: '流转' }).click();
      await routed.getByTestId('board-card').filter({ hasText: 'XC-E2E-001' }).getByText('核查单位：凤县市场监督管理局 Feng County Market Regulation Bureau').waitFor();
      expect(await received.getByText('XC-E2E-001', { exact: true }).count()).toBe(0);

      // Another operator starts XC-E2E-002 through the API: its feed event refreshes the board.
      const t = (await gql(`{ verificationTasks(filter: { status: ROUTED }) { nodes { id externalRef version } } }`, {}, command)).verificationTasks.nodes.find((x: { externalRef: string }) => x.externalRef === 'XC-E2E-002');
      await gql(`mutation($i: StartVerificationTaskInput!) { startVerificationTask(input: $i) { id } }`, { i: { id: t.id, version: t.version } }, command);
      await page.getByTestId('live-events').getByText('XC-E2E-002 李某: 核查中 / verifying').waitFor();
      await board.getByTestId('board-VERIFYING').getByText('XC-E2E-002', { exact: true }).waitFor();
    });
  });

  describe('reviewer', () => {
    let page: Page;
    onePage(desktop, (p) => (page = p));

    it('comments on the dispute from the case page; the comment joins the timeline', async () => {
      await signInConsole(page, 'reviewer');
      await page.goto(`/console/disputes/${disputeId}`);
      await page.getByRole('heading', { name: '异议案件：凤州宾馆 Fengzhou Hotel' }).waitFor();
      await page.getByLabel('留言内容').fill('请场所补充当日通风记录的照片。');
      await page.getByRole('button', { name: '发表留言' }).click();
      await page.locator('.timeline .quote', { hasText: '请场所补充当日通风记录的照片。' }).waitFor();
      await until(async () => (await page.getByLabel('留言内容').inputValue()) === '', 'the comment box to be emptied');
      await screenshot(page, 'console-dispute-comment');
      expect(await seriousViolations(page)).toEqual([]);
      const d = await gql(`query($id: ID!) { dispute(id: $id) { timeline { kind text actorUsername } } }`, { id: disputeId }, command);
      expect(d.dispute.timeline).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'COMMENTED', text: '请场所补充当日通风记录的照片。', actorUsername: 'reviewer' })]));
    });
  });
});
