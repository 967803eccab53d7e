import type { BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, outboxCount, screenshot, seriousViolations, signIn, startApp, until, waitForCount, waitForServiceWorker, waitForText, type AppRun } from './app';
import { makePng } from './png';

/*
 * The rectification notice (整改通知书) in the field app, end to end: an inspector files an
 * inspection with two findings; the hotel's manager sees the notice waiting on My site, reads it
 * (findings, severities, deadlines, how to answer), opens the printable page, acknowledges it with
 * no network at all, and once online the hub holds exactly one acknowledgement, also after the
 * outbox sends it again; the inspector sees who acknowledged it and when; staff see no notice.
 */

let app: AppRun;

const HOTEL = '凤州宾馆 Fengzhou Hotel';
const VENT = '客房及公共区域是否每日开窗通风不少于2次、每次不少于30分钟？';
const ENTRANCE = '入口是否设置体温检测点并对进入人员逐一测温？';

const photo = () => ({ name: 'site.png', mimeType: 'image/png', buffer: makePng(800, 600, (x, y) => [(x * 5) % 256, (y * 3) % 256, 120]) });
const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const item = (page: Page, code: string) => page.locator(`[id="item-${code}"]`);

/** The outbox item of the acknowledgement, put back to "waiting" as if its answer had been lost. */
const resetAckItem = (page: Page) =>
  page.evaluate(
    () =>
      new Promise<number>((resolve, reject) => {
        const open = (globalThis as any).indexedDB.open('epi-field');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction('outbox', 'readwrite');
          const store = tx.objectStore('outbox');
          const all = store.getAll();
          let n = 0;
          all.onsuccess = () => {
            for (const i of all.result) {
              if (i.kind !== 'acknowledgeRectificationNotice') continue;
              store.put({ ...i, state: 'waiting', result: undefined });
              n++;
            }
          };
          tx.oncomplete = () => {
            open.result.close();
            resolve(n);
          };
        };
      }),
  );

describeInBrowser('a rectification notice reaches the site, is acknowledged once, and the inspector sees it', () => {
  beforeAll(async () => {
    app = await startApp();
  }, 180_000);
  afterAll(() => app?.stop());

  let ictx: BrowserContext;
  let ipage: Page;
  let mctx: BrowserContext;
  let mpage: Page;
  let inspectionId: string;
  let outboxItemUrl: string;
  beforeAll(async () => {
    ictx = await app.newContext();
    ipage = await ictx.newPage();
    mctx = await app.newContext();
    mpage = await mctx.newPage();
  });
  afterAll(async () => {
    await ictx?.close().catch(() => undefined);
    await mctx?.close().catch(() => undefined);
  });

  /** A deadline as the app shows it (the browser's own Intl, Beijing time). */
  const shown = (iso: string) =>
    mpage.evaluate((d) => `整改期限 ${new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(d))}`, iso);

  it('the inspector files an inspection with two findings; its notice is not yet acknowledged', async () => {
    await signIn(ipage, 'inspector');
    await ipage.locator('li.card', { has: ipage.getByRole('heading', { name: HOTEL }) }).getByRole('link', { name: '开始检查' }).click();
    await ipage.getByText(/已完成 0 \/ 11 项/).waitFor();
    for (const code of ['REG.GUEST', 'REG.HEALTHCODE', 'DISINF.RECORD', 'GATHER.EVENTS', 'OBS.ROOM']) await item(ipage, code).getByText('合格', { exact: true }).click();
    await item(ipage, 'TEMP.STAFF_MAX').getByRole('spinbutton').fill('36.5');
    await item(ipage, 'SUPPLIES.DAYS').getByRole('spinbutton').fill('10');
    await item(ipage, 'MASK.STAFF').getByText('工作人员全部规范佩戴').click();
    await item(ipage, 'NOTES').getByLabel('情况说明').fill('入口未测温，客房未通风');
    await item(ipage, 'VENT.ROOMS').getByText('不合格', { exact: true }).click();
    await item(ipage, 'TEMP.ENTRANCE').getByText('不合格', { exact: true }).click();
    for (const code of ['DISINF.RECORD', 'VENT.ROOMS', 'TEMP.ENTRANCE']) {
      await item(ipage, code).locator('input[type=file]').setInputFiles(photo());
      await waitForCount(item(ipage, code).getByRole('img'), 1);
    }
    await ipage.getByText('已完成 11 / 11 项').waitFor();
    await ipage.getByRole('button', { name: '提交检查' }).click();
    await waitForText(ipage.locator('.badge.state-done'), '已同步');
    outboxItemUrl = ipage.url();

    const [row] = await app.hub.ds.query(`SELECT id FROM inspection WHERE status = 'SUBMITTED'`);
    inspectionId = row.id;
    expect(await app.hub.ds.query(`SELECT severity FROM finding WHERE inspection_id = $1 ORDER BY severity`, [inspectionId])).toEqual([{ severity: 'MAJOR' }, { severity: 'MINOR' }]);
    // Under the filed inspection: its notice, which the site has not acknowledged yet.
    const notice = ipage.getByRole('region', { name: '本次检查的整改通知书' });
    await waitForText(notice.getByTestId('notice-ack'), '尚未签收');
  });

  it('the manager sees the notice waiting on My site and reads it: findings, severities, deadlines, how to answer', async () => {
    await signIn(mpage, 'manager');
    await waitForServiceWorker(mpage);
    const banner = mpage.getByRole('region', { name: '有 1 份整改通知书待签收' });
    await banner.waitFor();
    await mpage.getByRole('region', { name: '整改通知书' }).getByText('2 个问题').waitFor();
    await screenshot(mpage, 'manager-notice-banner');
    expect(await seriousViolations(mpage)).toEqual([]);

    await banner.getByRole('link', { name: '查看并签收' }).click();
    await mpage.getByRole('heading', { name: '整改通知书', level: 1 }).waitFor();
    await mpage.getByText(`整改〔`).first().waitFor();
    const findings = await app.hub.ds.query(`SELECT title, severity, deadline FROM finding WHERE inspection_id = $1`, [inspectionId]);
    // A finding's title is the item's prompt, Chinese with the English in brackets.
    expect(findings.map((f: { title: string }) => f.title.split('（')[0]).sort()).toEqual([ENTRANCE, VENT].sort());
    for (const f of findings as { title: string; severity: string; deadline: Date }[]) {
      const card = mpage.getByRole('listitem', { name: f.title });
      await card.waitFor();
      await card.locator(`.badge.sev-${f.severity}`).waitFor();
      await waitForText(card.getByTestId('notice-deadline'), await shown(f.deadline.toISOString()));
    }
    // The MAJOR finding is due before the MINOR one, and both deadlines differ.
    expect(new Set(findings.map((f: { deadline: Date }) => f.deadline.toISOString())).size).toBe(2);
    await mpage.getByRole('region', { name: '整改要求' }).getByText(/请在每项整改期限前完成整改/).waitFor();
    await mpage.getByText(/对检查结果有异议的/).waitFor();
    await waitForText(mpage.getByTestId('notice-ack'), '尚未签收');
    await screenshot(mpage, 'manager-notice');
    expect(await seriousViolations(mpage)).toEqual([]);

    // In English the notice reads in English.
    await mpage.getByRole('button', { name: 'English' }).click();
    await mpage.getByRole('heading', { name: 'Rectification notice', level: 1 }).waitFor();
    await mpage.getByRole('region', { name: 'How to answer' }).waitFor();
    await mpage.getByRole('button', { name: 'Acknowledge the notice' }).waitFor();
    await screenshot(mpage, 'manager-notice-en');
    await mpage.getByRole('button', { name: '中文' }).click();
  });

  it('opens the printable page, fetched with the token', async () => {
    const [popup] = await Promise.all([mctx.waitForEvent('page'), mpage.getByRole('button', { name: '打开可打印版本' }).click()]);
    await until(async () => popup.url().startsWith('blob:'), 'the printable page to open');
    await popup.getByRole('heading', { name: '整改通知书' }).waitFor();
    await popup.getByText(VENT).waitFor();
    await popup.getByText(ENTRANCE).waitFor();
    await popup.getByText('尚未签收').waitFor();
    await popup.close();
  });

  it('acknowledges with no network; once online the hub records exactly one acknowledgement, even when the outbox sends it again', async () => {
    await mctx.setOffline(true);
    await app.relay.down(); // nothing listens on the hub's port now
    await mpage.getByText('离线', { exact: true }).waitFor();
    await mpage.getByText('现在离线：签收先保存在本机，联网后发送，只记录一次。').waitFor();
    await mpage.getByRole('button', { name: '签收整改通知书' }).click();
    await waitForText(mpage.getByTestId('notice-ack'), /^签收已保存在本机（.*），联网后发送。$/);
    await waitForCount(mpage.getByRole('button', { name: '签收整改通知书' }), 0);
    await until(async () => (await outboxCount(mpage)) === 1, 'the header to count 1 waiting');
    await screenshot(mpage, 'manager-notice-queued');
    // A reload with no network keeps the notice and the queued acknowledgement.
    await mpage.reload();
    await waitForText(mpage.getByTestId('notice-ack'), /^签收已保存在本机/);
    await mpage.getByText(VENT).waitFor();
    expect(await app.hub.ds.query(`SELECT notice_acknowledged_at FROM inspection WHERE id = $1`, [inspectionId])).toEqual([{ notice_acknowledged_at: null }]);

    await app.relay.up();
    await mctx.setOffline(false);
    const [manager] = await app.hub.ds.query(`SELECT id, display_name AS "displayName" FROM account WHERE username = 'manager'`);
    await waitForText(mpage.getByTestId('notice-ack'), new RegExp(`^✓ 已签收：${escapeRe(manager.displayName)}，`));
    await until(async () => (await outboxCount(mpage)) === 0, 'the header to count 0 waiting');
    await screenshot(mpage, 'manager-notice-acknowledged');
    expect(await seriousViolations(mpage)).toEqual([]);
    const acked = async () => ({
      row: await app.hub.ds.query(`SELECT notice_acknowledged_at AS at, notice_acknowledged_by_id AS by FROM inspection WHERE id = $1`, [inspectionId]),
      audits: (await app.hub.ds.query(`SELECT count(*)::int AS n FROM audit_event WHERE action = 'inspection.notice_acknowledged' AND entity_id = $1`, [inspectionId]))[0].n,
    });
    const first = await acked();
    expect(first.row).toEqual([{ at: expect.any(Date), by: manager.id }]);
    expect(first.audits).toBe(1);
    await waitForText(mpage.getByTestId('notice-ack'), `✓ 已签收：${manager.displayName}，${await mpage.evaluate((d) => new Intl.DateTimeFormat('zh-CN', { timeZone: 'Asia/Shanghai', dateStyle: 'medium', timeStyle: 'short' }).format(new Date(d)), first.row[0].at.toISOString())}`);

    // The answer was lost, say: the outbox sends the acknowledgement again. The first stands.
    expect(await resetAckItem(mpage)).toBe(1);
    await mpage.goto('/outbox');
    await mpage.getByRole('button', { name: '立即同步' }).click();
    await waitForText(mpage.locator('.card', { hasText: '签收整改通知书' }).locator('.badge'), '已同步');
    expect(await acked()).toEqual(first);

    // My site no longer asks for it; the list shows who acknowledged it.
    await mpage.goto('/');
    await mpage.getByRole('region', { name: '整改通知书' }).getByText(new RegExp(`已签收：${escapeRe(manager.displayName)}`)).waitFor();
    await waitForCount(mpage.getByRole('region', { name: /整改通知书待签收/ }), 0);
  });

  it('the inspector sees who acknowledged it and when, and can open the notice', async () => {
    const [manager] = await app.hub.ds.query(`SELECT display_name AS "displayName" FROM account WHERE username = 'manager'`);
    await ipage.goto(outboxItemUrl);
    const notice = ipage.getByRole('region', { name: '本次检查的整改通知书' });
    await waitForText(notice.getByTestId('notice-ack'), new RegExp(`^✓ 已签收：${escapeRe(manager.displayName)}，`));
    await screenshot(ipage, 'inspector-notice-status');
    await ipage.goto('/');
    await ipage.getByRole('link', { name: '整改通知书' }).click();
    await ipage.getByRole('heading', { name: '我组下达的整改通知书' }).waitFor();
    await ipage.getByRole('link', { name: new RegExp(escapeRe(HOTEL)) }).click();
    await ipage.getByRole('heading', { name: '整改通知书', level: 1 }).waitFor();
    await waitForText(ipage.getByTestId('notice-ack'), new RegExp(`^✓ 已签收：${escapeRe(manager.displayName)}，`));
    await ipage.getByText(ENTRANCE).waitFor();
    // Only the site's manager acknowledges.
    await waitForCount(ipage.getByRole('button', { name: '签收整改通知书' }), 0);
    await screenshot(ipage, 'inspector-notice');
    expect(await seriousViolations(ipage)).toEqual([]);
  });

  it("staff see no notice (the hub's rule: the site's manager and the inspection's team)", async () => {
    const sctx = await app.newContext();
    try {
      const spage = await sctx.newPage();
      await signIn(spage, 'staff');
      await spage.getByRole('heading', { name: '记录消毒' }).waitFor();
      await spage.getByRole('radio', { name: /^大堂/ }).waitFor({ state: 'attached' });
      await waitForCount(spage.getByText(/整改通知书/), 0);
      await spage.goto(`/notices/${inspectionId}`);
      await spage.getByText('找不到该页面或记录').waitFor();
      await waitForCount(spage.getByText(VENT), 0);
    } finally {
      await sctx.close();
    }
  });
});
