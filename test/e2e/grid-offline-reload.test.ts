import { describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { checkFaceWidths } from './support/faces.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, api, loginAs } = useE2e();

const { call } = api;

async function ordersTitled(title: string): Promise<{ code: string; title: string }[]> {
  const r = await call('supervisor', 'GET', `/api/work-orders?queue=all&q=${encodeURIComponent(title)}&pageSize=50`);
  return (r.items as { code: string; title: string }[]).filter((i) => i.title === title);
}

describe('grid app reopened offline (issue 11)', () => {
  it('a report filed offline survives a reload without network (the app comes from the worker) and arrives once when the network returns', async () => {
    const page = await loginAs('grid1', '/grid');
    // the worker has kept the app once it controls the page
    await page.waitForFunction(() => navigator.serviceWorker?.controller !== null, undefined, { timeout: 30_000 });
    const title = `离线重开上报${Date.now() % 100000}`;

    await page.context().setOffline(true);
    await page.getByTestId('grid-offline').waitFor();
    // The premise: nothing reaches the server now, not even through the worker.
    const leaked = await page.evaluate(async () => fetch(`/grid/manifest.webmanifest?probe=${Date.now()}`).then(() => true, () => false));
    expect(leaked).toBe(false);
    await page.getByTestId('grid-title').fill(title);
    await page.getByTestId('grid-text').fill('巡查发现路灯杆倾斜，存在倒伏风险。');
    await page.getByTestId('grid-submit').click();
    await page.getByTestId('outbox-item').filter({ hasText: title }).waitFor();

    // Reloaded while still offline: the page and its bundles come from the worker's cache. The
    // browser's HTTP cache is emptied first, as a phone's may be by then: only the worker's copy counts.
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.clearBrowserCache');
    const res = await page.reload();
    expect(res?.fromServiceWorker()).toBe(true);
    await page.getByTestId('grid-offline').waitFor();
    await page.getByTestId('user-name').waitFor();
    await page.getByTestId('outbox-item').filter({ hasText: title }).waitFor();
    expect(await ordersTitled(title)).toHaveLength(0);
    await checkFaceWidths(page, { what: 'grid app offline', ready: 'outbox-item' }, { baseUrl: base });

    await page.context().setOffline(false);
    const filed = page.getByTestId('grid-filed');
    await filed.waitFor({ timeout: 30_000 });
    await expect.poll(() => page.getByTestId('outbox-item').count()).toBe(0);
    const orders = await ordersTitled(title);
    expect(orders).toHaveLength(1);
    expect(await filed.textContent()).toContain(orders[0].code);
    // a second reload, online, sends nothing again
    await page.reload();
    await page.getByTestId('user-name').waitFor();
    await page.waitForTimeout(1000);
    expect(await ordersTitled(title)).toHaveLength(1);
    expect(await page.getByTestId('outbox-item').count()).toBe(0);
    await closePage(page);
    expect(pageErrors).toEqual([]);
  });
});
