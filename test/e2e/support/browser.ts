import { chromium, type Browser, type Page } from 'playwright-core';
import { demoPassword } from './api.ts';

export { demoPassword, trackingSecretOf } from './api.ts';

export const SHOTS_DIR = '/tmp/shots';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/** Uncaught errors of every page opened here; a journey that passes with a crashing page is not a pass. */
export const pageErrors: string[] = [];

/** A fresh browser context (so no cookie carries over between roles) on the given page. */
export async function openPage(browser: Browser, baseUrl: string, path: string): Promise<Page> {
  const ctx = await browser.newContext({ baseURL: baseUrl, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', viewport: { width: 1366, height: 900 } });
  ctx.setDefaultTimeout(15_000);
  const page = await ctx.newPage();
  page.on('pageerror', (e) => pageErrors.push(`${page.url()}: ${e.message}`));
  await page.goto(path);
  return page;
}

/** Signs in through the login form, as people do, with the password the server printed on first start. */
export async function loginAs(browser: Browser, baseUrl: string, username: string, path = '/console', password = demoPassword(username)): Promise<Page> {
  const page = await openPage(browser, baseUrl, path);
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-name').waitFor();
  return page;
}

export async function closePage(page: Page): Promise<void> {
  await page.context().close();
}

/** A browser whose first page load has already waited out the server compressing its bundles. */
export async function launchWarmBrowser(baseUrl: string): Promise<Browser> {
  const browser = await launchBrowser();
  const warm = await browser.newPage();
  await warm.goto(`${baseUrl}/console`, { timeout: 120_000 });
  await warm.close();
  return browser;
}
