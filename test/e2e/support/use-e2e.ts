import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { apiCaller } from './api.ts';
import { launchWarmBrowser, loginAs, openPage } from './browser.ts';

/**
 * The set-up most browser files share: the run's server (started once by the global setup) and one
 * browser for the file, launched in its beforeAll, once the bundles are served, and closed after.
 * Call at the top of the file; `browser()` is there from the first test on.
 */
export function useE2e(opts: { locale?: string } = {}) {
  const base = inject('baseUrl');
  let current: Browser | undefined;
  beforeAll(async () => {
    current = await launchWarmBrowser(base);
  });
  afterAll(async () => {
    await current?.close();
  });
  const browser = (): Browser => {
    if (!current) throw new Error('the browser is launched in beforeAll');
    return current;
  };
  return {
    base,
    browser,
    /** JSON calls as the demo users, for set-up and checks (the browser does the part under test). */
    api: apiCaller(base, { locale: opts.locale }),
    /** Signs in through the login form on a fresh context. */
    loginAs: (username: string, path?: string): Promise<Page> => loginAs(browser(), base, username, path),
    /** A fresh, signed-out context on the page. */
    openPage: (path: string): Promise<Page> => openPage(browser(), base, path),
  };
}
