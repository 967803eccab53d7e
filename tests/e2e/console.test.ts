import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, describeInBrowser, signInConsole, fileHotelInspectionWithFinding, onePage, screenshot, seriousViolations, signIn, startApp, until, waitForText, type AppRun } from './app';

/**
 * The console of the command centre, the reviewers and the administrators, on a desktop screen
 * (1440×900), against the real hub with the demo data: the dashboard's figures, a drill-down that
 * agrees with its figure, the daily report's XLSX read back, the live panel, a reviewer's
 * decision, the audit chain, and an administrator publishing a checklist version that an
 * inspector then works with.
 */

let app: AppRun;
let findingId: string;

const desktop = () => app.newContext({ viewport: { width: 1440, height: 900 }, isMobile: false, hasTouch: false, acceptDownloads: true });

/** The dashboard's default period: the last seven days (Asia/Shanghai), today included. */
function defaultPeriod() {
  const d = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
  const end = new Date(new Date(`${d}T00:00:00+08:00`).getTime() + 86_400_000);
  return { from: new Date(end.getTime() - 7 * 86_400_000).toISOString(), to: end.toISOString() };
}

/**
 * The summary with its cutoff left open: the cutoff is "now" (to the minute), so the page's
 * report and the test's own may be a minute apart; every figure must still be the same.
 */
const summaryLike = (summary: string) => new RegExp(summary.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/数据截至[^）]*/, '数据截至[^）]*'));

async function apiReport(token: string) {
  const r = await app.hub.gql(
    `query($p: ReportPeriodInput!) { report(period: $p) { summaryZh inspections { total } findings { total } overdue { count } rectification { due } checkpoint { vehiclesChecked } } }`,
    { p: defaultPeriod() },
    token,
  );
  expect(r.errors).toBeUndefined();
  return r.data.report;
}

describeInBrowser('the console (command centre, reviewer, administrator) at 1440×900', () => {
  let command: string;
  beforeAll(async () => {
    app = await startApp();
    findingId = await fileHotelInspectionWithFinding(app.hub);
    command = await app.hub.login('command', DEMO_PASSWORD);
  }, 180_000);
  afterAll(() => app?.stop());

  describe('command centre', () => {
    let page: Page;
    onePage(desktop, (p) => (page = p));

    it('lands on the dashboard: the report’s figures as tiles, the series as charts', async () => {
      await signInConsole(page, 'command');
      await page.getByRole('heading', { name: '指挥中心数据看板' }).waitFor();
      const rep = await apiReport(command);
      expect(rep.inspections.total).toBe(1);
      expect(rep.findings.total).toBe(1);
      await waitForText(page.getByTestId('tile-inspections').locator('.tile-value'), String(rep.inspections.total));
      await waitForText(page.getByTestId('tile-findings').locator('.tile-value'), String(rep.findings.total));
      await waitForText(page.getByTestId('tile-overdue').locator('.tile-value'), String(rep.overdue.count));
      await page.getByText(summaryLike(rep.summaryZh)).waitFor();
      // Six charts, each drawn (SVG) with its figures in a table for screen readers.
      await until(async () => (await page.locator('[data-testid=chart] svg').count()) === 6, 'six charts drawn');
      await page.getByRole('table', { name: '每日检查（按结论）' }).waitFor({ state: 'attached' });
      await screenshot(page, 'console-dashboard');
      expect(await seriousViolations(page)).toEqual([]);
    });

    it('drills down from a figure to the records behind it, which agree with it, and on to a record', async () => {
      const figure = Number(await page.getByTestId('tile-findings').locator('.tile-value').textContent());
      await page.getByTestId('tile-findings').click();
      await page.getByRole('heading', { name: '本期发现的问题' }).waitFor();
      const rows = page.getByTestId('drill-list').locator('tbody tr');
      await until(async () => (await rows.count()) === figure, `the list to have ${figure} row(s)`);
      await waitForText(page.getByTestId('drill-figure'), new RegExp(`看板数字：${figure}\\b`));
      await waitForText(page.getByTestId('drill-total'), `列表共 ${figure} 条`);
      await rows.first().getByText('凤州宾馆 Fengzhou Hotel').waitFor();
      await screenshot(page, 'console-drill-down');
      expect(await seriousViolations(page)).toEqual([]);
      await rows.first().getByRole('link').click();
      await page.getByRole('heading', { name: '检查：凤州宾馆 Fengzhou Hotel' }).waitFor();
      await page.locator(`#finding-${findingId}`).waitFor();
      await screenshot(page, 'console-inspection');
      expect(await seriousViolations(page)).toEqual([]);
      // Inspections by outcome: the FAIL tile's list (the demo hotel's visit passed with findings, so none).
      await page.getByRole('link', { name: '数据看板', exact: true }).click();
      await page.getByTestId('tile-fail').click();
      await page.getByRole('heading', { name: '不合格的检查' }).waitFor();
      await waitForText(page.getByTestId('drill-total'), '列表共 0 条');
      await waitForText(page.getByTestId('drill-figure'), /看板数字：0\b/);
      // Every visit, and the overdue findings: the report's lists, so each total is its figure.
      for (const [tile, heading] of [['tile-inspections', '检查记录'], ['tile-overdue', '逾期未整改的问题']]) {
        await page.getByRole('link', { name: '数据看板', exact: true }).click();
        const n = Number(((await page.getByTestId(tile).locator('.tile-value').textContent()) ?? '').replace(/,/g, ''));
        await page.getByTestId(tile).click();
        await page.getByRole('heading', { name: heading }).waitFor();
        await waitForText(page.getByTestId('drill-figure'), new RegExp(`看板数字：${n}\\b`));
        await waitForText(page.getByTestId('drill-total'), `列表共 ${n} 条`);
      }
    });

    it('downloads the daily report as XLSX whose summary sheet states the report’s numbers and the chain head', async () => {
      await page.getByRole('link', { name: '数据看板', exact: true }).click();
      await page.getByTestId('tile-findings').waitFor();
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: '下载日报（Excel）' }).click()]);
      expect(download.suggestedFilename()).toMatch(/^daily-report-\d{4}-\d{2}-\d{2}\.xlsx$/);
      const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'console-')), 'daily.xlsx');
      await download.saveAs(file);
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      const sheet = wb.getWorksheet('摘要')!;
      const cells = new Map<string, unknown>();
      sheet.eachRow((row) => cells.set(String(row.getCell(1).value), row.getCell(2).value));
      const rep = await apiReport(command);
      expect(String(cells.get('工作摘要'))).toMatch(summaryLike(rep.summaryZh));
      expect(cells.get('检查次数')).toBe(rep.inspections.total);
      expect(cells.get('发现问题')).toBe(rep.findings.total);
      expect(cells.get('逾期未整改')).toBe(rep.overdue.count);
      expect(cells.get('应整改问题')).toBe(rep.rectification.due);
      expect(cells.get('检查车辆（辆）')).toBe(rep.checkpoint.vehiclesChecked);
      // The footer's chain head is a real seal: that position holds that hash.
      const position = Number(cells.get('审计链位置'));
      const hash = String(cells.get('审计链头哈希'));
      expect(position).toBeGreaterThan(0);
      const [seal] = await app.hub.ds.query(`SELECT hash FROM audit_seal WHERE seq = $1`, [position]);
      expect(seal.hash).toBe(hash);
      expect(sheet.headerFooter.oddFooter).toContain(hash);
      // The list behind the findings figure is in the workbook too.
      expect(wb.getWorksheet('本期问题')!.rowCount).toBe(1 + rep.findings.total);

      await page.getByRole('link', { name: '打印版日报' }).click();
      await waitForText(page.getByTestId('print-footer'), /审计链截至 .*：第 \d+ 条，头哈希 [0-9a-f]{64}/);
      await page.getByText(summaryLike(rep.summaryZh)).waitFor();
      await screenshot(page, 'console-print');
      expect(await seriousViolations(page)).toEqual([]);
    });

    it('shows the live stream: a dispute lodged now arrives, joins the queue and is assigned to a reviewer', async () => {
      await page.goto('/console/live');
      await page.getByText('已连接，实时接收').waitFor();
      const manager = await app.hub.login('manager', DEMO_PASSWORD);
      const lodged = await app.hub.gql(`mutation($i: LodgeDisputeInput!) { lodgeDispute(input: $i) { id } }`, { i: { idempotencyKey: 'console-e2e-dispute', findingId, reason: '检查时客房正在通风，记录可查', evidenceIds: [] } }, manager);
      expect(lodged.errors).toBeUndefined();
      await page.getByTestId('live-events').getByText('新异议').waitFor();
      const queue = page.getByTestId('dispute-queue');
      const row = queue.locator('tbody tr', { hasText: '凤州宾馆 Fengzhou Hotel' });
      await row.waitFor();
      await screenshot(page, 'console-live');
      expect(await seriousViolations(page)).toEqual([]);
      await row.getByLabel('审查员').selectOption({ label: '监察室 Supervision Office' });
      await row.getByRole('button', { name: '指派' }).click();
      await until(async () => {
        const d = await app.hub.gql(`query($id: ID!) { dispute(id: $id) { status reviewer { username } } }`, { id: lodged.data.lodgeDispute.id }, command);
        return d.data.dispute.reviewer?.username === 'reviewer';
      }, 'the dispute to be assigned to the reviewer');
    });

    it('lists sites by kind, district and risk, with their last outcome; in English too', async () => {
      await page.getByRole('link', { name: '场所' }).click();
      await page.getByLabel('类别').selectOption({ label: '监所' });
      await page.getByRole('button', { name: '筛选' }).click();
      await page.getByText('共 2 个场所').waitFor();
      await page.getByRole('rowheader', { name: '凤县看守所 Feng County Detention Centre' }).waitFor();
      await screenshot(page, 'console-sites');
      expect(await seriousViolations(page)).toEqual([]);
      // In English too: the console's labels switch with the rest of the app.
      await page.getByRole('button', { name: 'English' }).click();
      await page.getByRole('heading', { name: 'Sites' }).waitFor();
      await page.getByRole('columnheader', { name: 'Last inspection' }).waitFor();
      await page.getByRole('link', { name: 'Dashboard', exact: true }).click();
      await page.getByRole('heading', { name: 'Command centre dashboard' }).waitFor();
      await page.getByTestId('tile-findings').getByText('Findings raised').waitFor();
      await until(async () => (await page.locator('[data-testid=chart] svg').count()) === 6, 'six charts drawn');
      await page.getByRole('table', { name: 'Inspections per day, by outcome' }).waitFor({ state: 'attached' });
      await screenshot(page, 'console-dashboard-en');
      await page.getByRole('button', { name: '中文' }).click();
      await page.getByRole('heading', { name: '指挥中心数据看板' }).waitFor();
    });
  });

  describe('reviewer', () => {
    let page: Page;
    onePage(desktop, (p) => (page = p));

    it('sees the dispute assigned to it, opens the case and upholds the finding with a rationale', async () => {
      await signInConsole(page, 'reviewer');
      await page.getByRole('heading', { name: '异议审查' }).waitFor();
      const mine = page.getByTestId('my-disputes');
      await mine.getByRole('link', { name: '凤州宾馆 Fengzhou Hotel' }).click();
      await page.getByRole('heading', { name: '异议案件：凤州宾馆 Fengzhou Hotel' }).waitFor();
      await page.locator('blockquote', { hasText: '检查时客房正在通风，记录可查' }).waitFor();
      await page.getByRole('region', { name: '经过' }).getByText('提出异议').waitFor();
      await screenshot(page, 'console-dispute-case');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByText('维持原问题').click();
      await page.getByRole('textbox', { name: '理由' }).fill('通风记录与检查时的现场照片不符，维持原问题。');
      await page.getByRole('button', { name: '提交决定' }).click();
      await waitForText(page.getByTestId('dispute-outcome'), /维持原问题/);
      const reviewer = await app.hub.login('reviewer', DEMO_PASSWORD);
      const r = await app.hub.gql(`{ disputes(filter: {}) { nodes { status outcome rationale finding { id status } } } }`, {}, reviewer);
      expect(r.data.disputes.nodes).toContainEqual({ status: 'RESOLVED', outcome: 'UPHELD', rationale: '通风记录与检查时的现场照片不符，维持原问题。', finding: { id: findingId, status: 'OPEN' } });
    });

    it('reads the audit trail with filters and verifies the chain', async () => {
      await page.getByRole('link', { name: '审计记录' }).click();
      await page.getByLabel('操作').fill('dispute.resolve');
      await page.getByRole('button', { name: '筛选' }).click();
      await until(async () => (await page.getByTestId('audit-events').locator('tbody tr').count()) === 1, 'one dispute.resolve event');
      await page.getByRole('button', { name: '校验审计链' }).click();
      await waitForText(page.getByTestId('chain-result').locator('strong'), '审计链完整：每条记录都在链上且未被改动。');
      await screenshot(page, 'console-audit');
      expect(await seriousViolations(page)).toEqual([]);
    });
  });

  describe('administrator', () => {
    let page: Page;
    onePage(desktop, (p) => (page = p));

    const PROMPT = '入口是否张贴防疫须知';

    it('drafts a checklist version, previews it as an inspector sees it, and publishes it', async () => {
      await signInConsole(page, 'admin');
      await page.getByTestId('accounts').getByRole('rowheader', { name: 'inspector2' }).waitFor();
      await screenshot(page, 'console-admin-people');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('link', { name: '检查表' }).click();
      const templates = await app.hub.gql(`{ checklistTemplates(siteKind: HOTEL) { id code name latestPublishedVersion { number items { code } } } }`, {}, await app.hub.login('admin', DEMO_PASSWORD));
      const hotel = templates.data.checklistTemplates[0];
      await page.getByLabel('选择检查表').selectOption(hotel.id);
      await page.getByRole('button', { name: '新建草稿版本' }).click();
      await page.getByRole('heading', { name: `第 ${hotel.latestPublishedVersion.number + 1} 版（草稿）` }).waitFor();
      const n = hotel.latestPublishedVersion.items.length + 1;
      await page.getByRole('button', { name: '添加检查项' }).click();
      await page.getByLabel(`代码 ${n}`).fill('NOTICE.ENTRANCE');
      await page.getByLabel(`分类 ${n}`).fill('宣传告知');
      await page.getByLabel(`中文问题 ${n}`).fill(PROMPT);
      await page.getByLabel(`英文问题 ${n}`).fill('Is the epidemic-prevention notice posted at the entrance?');
      await page.getByLabel(`分值 ${n}`).fill('2');
      await page.getByRole('button', { name: '保存草稿' }).click();
      await page.getByText('已保存。').waitFor();
      await page.getByRole('tab', { name: '预览（检查员看到的样子）' }).click();
      await page.getByTestId('checklist-preview').getByText(PROMPT).waitFor();
      await screenshot(page, 'console-checklist-preview');
      expect(await seriousViolations(page)).toEqual([]);
      await page.getByRole('button', { name: '发布此版本' }).click();
      await page.getByRole('heading', { name: `第 ${hotel.latestPublishedVersion.number + 1} 版（已发布）` }).waitFor();
      await page.getByRole('region', { name: '版本对比' }).getByText(`+ NOTICE.ENTRANCE ${PROMPT}`).waitFor();
      await screenshot(page, 'console-checklist-published');
    });

    it("is what an inspector's next inspection uses", async () => {
      const ictx = await app.newContext();
      try {
        const ipage = await ictx.newPage();
        await signIn(ipage, 'inspector');
        // The river hotel has no planned visit: it is inspected with the newest published version.
        const card = ipage.locator('li', { hasText: '嘉陵江大酒店 Jialing River Hotel' }).first();
        await card.getByRole('link').last().click();
        await ipage.getByText(PROMPT).waitFor();
        await screenshot(ipage, 'inspector-new-checklist-version');
      } finally {
        await ictx.close();
      }
    });

    it('shows the hub’s refusal of a standard profile that would make detention laxer, as a message', async () => {
      await page.getByRole('link', { name: '检查标准' }).click();
      const detention = page.getByTestId('profile-DETENTION_FACILITY');
      await detention.getByLabel('合格线（分）').fill('10');
      await detention.getByRole('button', { name: '保存' }).click();
      await detention.getByRole('alert').waitFor();
      await waitForText(detention.getByTestId('refusal-detail'), /detention facility standard must stay stricter/);
      await detention.getByText(/监所的标准必须比其他所有场所类别更严格/).waitFor();
      await screenshot(page, 'console-profiles-refused');
      expect(await seriousViolations(page)).toEqual([]);
      const p = await app.hub.gql(`{ standardProfiles { siteKind passMark } }`, {}, await app.hub.login('admin', DEMO_PASSWORD));
      expect(p.data.standardProfiles.find((x: { siteKind: string }) => x.siteKind === 'DETENTION_FACILITY').passMark).toBeGreaterThan(10);
    });
  });
});
