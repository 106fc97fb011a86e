import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { checkFaceWidths, isolate } from './support/faces.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, api, loginAs } = useE2e();

const { call, act } = api;
/** Orders with this exact title that the supervisor sees: how many the server holds. */
async function ordersTitled(title: string): Promise<{ id: number; code: string; title: string }[]> {
  const r = await call('supervisor', 'GET', `/api/work-orders?q=${encodeURIComponent(title)}&pageSize=50`);
  return r.items.filter((i: { title: string }) => i.title === title);
}

async function report(page: Page, title: string) {
  await page.getByTestId('grid-title').fill(title);
  await page.getByTestId('grid-text').fill('巡查发现多福巷路口路面塌陷，已设置临时围挡。');
  await page.getByTestId('grid-submit').click();
}

describe('grid member’s app (issue 11)', () => {
  it('is installable: a manifest with local icons and a service worker served by the product', async () => {
    const html = await (await fetch(`${base}/grid`)).text();
    expect(html).toContain('rel="manifest" href="/grid/manifest.webmanifest"');
    const m = await (await fetch(`${base}/grid/manifest.webmanifest`)).json();
    expect(m).toMatchObject({ start_url: '/grid', display: 'standalone' });
    for (const icon of m.icons) {
      const r = await fetch(`${base}${icon.src}`);
      expect(r.headers.get('content-type')).toBe('image/png');
      expect(new Uint8Array(await r.arrayBuffer()).slice(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]));
    }
    const sw = await fetch(`${base}/grid/sw.js`);
    expect(sw.headers.get('content-type')).toMatch(/javascript/);
    expect(sw.headers.get('service-worker-allowed')).toBe('/grid');
  });

  it('a report made offline waits on the phone and arrives exactly once when the network returns, even when the first answer is lost', async () => {
    const page = await loginAs('grid1', '/grid');
    const title = `路面塌陷离线上报${Date.now() % 100000}`;
    await page.context().setOffline(true);
    await page.getByTestId('grid-offline').waitFor();
    await report(page, title);
    await page.getByTestId('grid-queued').waitFor();
    await page.getByTestId('outbox-item').filter({ hasText: title }).waitFor();
    expect(await ordersTitled(title)).toHaveLength(0);

    // Back online, the first send reaches the server but its answer is lost on the way back.
    let dropped = 0;
    await page.route('**/api/work-orders', async (route) => {
      if (route.request().method() !== 'POST' || dropped > 0) return route.fallback();
      dropped++;
      await route.fetch();
      await route.abort('connectionreset');
    });
    await page.context().setOffline(false);
    await expect.poll(() => dropped, { timeout: 15_000 }).toBe(1);
    // The server has it once; the phone still holds it, not knowing.
    await expect.poll(async () => (await ordersTitled(title)).length, { timeout: 10_000 }).toBe(1);
    await page.getByTestId('outbox-item').filter({ hasText: title }).waitFor();

    // The retry carries the same Idempotency-Key: the server answers with the order it has.
    await page.getByTestId('outbox-retry').click();
    const filed = page.getByTestId('grid-filed');
    await filed.waitFor();
    const orders = await ordersTitled(title);
    expect(orders).toHaveLength(1);
    expect(await filed.textContent()).toContain(orders[0].code);
    await expect.poll(() => page.getByTestId('outbox-item').count()).toBe(0);
    // and nothing more arrives later
    await page.getByTestId('grid-tab-report').click();
    await page.waitForTimeout(500);
    expect(await ordersTitled(title)).toHaveLength(1);
    await closePage(page);
  });

  it('a grid member verifies a finished order on site before it can close', async () => {
    const title = `井盖破损核查${Date.now() % 100000}`;
    const o = await call('grid1', 'POST', '/api/work-orders', { channel: 'grid', requestType: 'report', title, text: '多福巷口井盖破损，存在安全隐患。', location: {} });
    const units = await call('supervisor', 'GET', '/api/units?kind=street,township&limit=100');
    const street = units.items.find((u: { name: string }) => u.name === '东华门街道');
    await act('dispatcher', o.id, 'dispatch', { leadUnitId: street.id });
    await act('donghuamen', o.id, 'sign');
    await act('donghuamen', o.id, 'contact');
    await act('donghuamen', o.id, 'feedback', { result: '已更换新井盖', solved: true });
    const called = await act('callback', o.id, 'callback', { valid: true, contacted: true, solved: true, satisfaction: 'satisfied' });
    expect(called.allowedActions).not.toContain('close');

    const page = await loginAs('grid1', '/grid');
    const foreign = await isolate(page, base);
    await page.getByTestId('grid-tab-tasks').click();
    const verifyList = page.getByTestId('grid-verify-tasks');
    const task = verifyList.getByTestId('grid-task').filter({ hasText: title });
    await task.getByTestId('verify-open').click();
    await checkFaceWidths(page, { what: 'grid tasks', shot: 'grid-tasks' });
    await task.getByTestId('verify-confirmed').check();
    await task.getByTestId('verify-note').fill('现场查看，新井盖已安装牢固');
    await task.getByTestId('verify-submit').click();
    await page.getByTestId('grid-verified').filter({ hasText: o.code }).waitFor();
    // off the verification list; it stays on the patrol list until it closes
    await expect.poll(() => verifyList.getByTestId('grid-task').filter({ hasText: title }).count()).toBe(0);

    const after = await call('callback', 'GET', `/api/work-orders/${o.id}`);
    expect(after.allowedActions).toContain('close');
    expect(JSON.stringify(after)).toContain('现场查看，新井盖已安装牢固');
    const closed = await act('callback', o.id, 'close');
    expect(closed.status).toBe('closed');
    expect(foreign).toEqual([]);
    await closePage(page);
    expect(pageErrors).toEqual([]);
  });
});
