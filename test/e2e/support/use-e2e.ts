import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, inject } from 'vitest';
import { apiCaller } from './api.ts';
import { launchWarmBrowser, loginAs, openPage } from './browser.ts';
import { demoAccounts, startServer, type TestServer } from './server.ts';

/** Something the file starts in its beforeAll and stops in its afterAll; read it from the first test on. */
function perFile<T>(what: string, start: () => Promise<T>, stop: (t: T) => Promise<void>): () => T {
  let current: T | undefined;
  beforeAll(async () => {
    current = await start();
  });
  afterAll(async () => {
    if (current !== undefined) await stop(current);
  });
  return () => {
    if (current === undefined) throw new Error(`the ${what} is started in beforeAll`);
    return current;
  };
}

/**
 * The set-up most browser files share: the run's server (started once by the global setup) and one
 * browser for the file, launched once the bundles are served and closed after its tests. Call at
 * the top of the file.
 */
export function useE2e(opts: { locale?: string } = {}) {
  const base = inject('baseUrl');
  const browser = perFile('browser', () => launchWarmBrowser(base), (b) => b.close());
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

/**
 * A server of the file's own on a fresh database, for journeys that change what the others rely on
 * or read the server's log; started after `useE2e`'s browser and stopped before it closes.
 */
export function useOwnServer(browser: () => Browser, opts: Parameters<typeof startServer>[0] = {}) {
  const own = perFile(
    'server',
    async () => {
      const server = await startServer(opts);
      try {
        // Its first start printed demo passwords of its own.
        return { server, passwords: await demoAccounts(server) };
      } catch (e) {
        await server.stop();
        throw e;
      }
    },
    (o) => o.server.stop(),
  );
  const server = (): TestServer => own().server;
  const password = (username: string) => own().passwords[username];
  return {
    server,
    api: apiCaller(() => server().baseUrl, { password }),
    loginAs: (username: string, path?: string): Promise<Page> => loginAs(browser(), server().baseUrl, username, path, password(username)),
  };
}
