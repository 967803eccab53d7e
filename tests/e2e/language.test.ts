import type { BrowserContext, Page } from 'playwright-core';
import { describeInBrowser, screenshot, seriousViolations, signIn, startApp, type AppRun } from './app';

let app: AppRun;

const CJK = /[\u3400-\u9fff\uff00-\uffef]/;

/** The page's visible text with the given names (people's and places') taken out. */
const textWithout = async (page: Page, names: string[]) => names.reduce((t, n) => t.split(n).join(''), await page.locator('body').innerText());

describeInBrowser('the app speaks Chinese by default and English on request', () => {
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

  it('signs in in Chinese, with no serious accessibility violation', async () => {
    await page.goto('/');
    await page.getByRole('heading', { name: '登录' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await screenshot(page, 'signin');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('switches every label of the sign-in screen to English and back', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.getByLabel('Username').waitFor();
    await page.getByLabel('Password').waitFor();
    // Nothing Chinese is left but the button that switches back.
    expect(await textWithout(page, ['中文'])).not.toMatch(CJK);
    await screenshot(page, 'signin-en');
    expect(await seriousViolations(page)).toEqual([]);
  });

  it('keeps the choice after signing in and switches a whole working screen', async () => {
    await page.getByLabel('Username').fill('staff');
    await page.getByLabel('Password').fill('demo1234');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Record a disinfection' }).waitFor();
    await page.getByRole('radio', { name: /^Lobby/ }).waitFor({ state: 'attached' });
    // Everything but the site's and the person's names (data, not labels) is in English.
    expect(await textWithout(page, ['凤州宾馆 Fengzhou Hotel', '赵师傅 Zhao (cleaning staff, Fengzhou Hotel)', '中文'])).not.toMatch(CJK);
    await screenshot(page, 'staff-record-en');
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { name: '记录消毒' }).waitFor();
    await page.getByRole('radio', { name: /^大堂/ }).waitFor({ state: 'attached' });
    expect(await page.getByRole('button', { name: 'Save entry' }).count()).toBe(0);
  });
});
