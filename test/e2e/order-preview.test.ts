import type { Route } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { clickFromQueue } from './support/console.ts';
import { checkFaceWidths } from './support/faces.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, api, loginAs } = useE2e();
const { call } = api;

describe('the order page opened from the queue before its detail arrives (issue 11)', () => {
  it('shows the queue row at once, offers no action until the full detail with its version is here', async () => {
    const streets = await call('agent', 'GET', '/api/units?kind=street');
    const street = (streets.items ?? streets).find((u: { code: string }) => u.code === '110101001');
    const title = `东华门大街井盖缺失${Date.now() % 100000}`;
    const o = await call('agent', 'POST', '/api/work-orders', {
      channel: 'phone',
      requestType: 'complaint',
      title,
      text: '东华门大街3号门前井盖缺失，夜间行人容易踩空，请尽快处理。',
      location: { streetId: street.id, address: '东华门大街3号' },
      requester: { name: '周八', phone: '13911112222' },
    });

    const page = await loginAs('dispatcher');
    // The order's detail is held back until the test lets it through: the page must stand on the row alone.
    const held: Route[] = [];
    await page.route(`**/api/work-orders/${o.id}`, (route) => void held.push(route));
    await clickFromQueue(page, o.code, 'all');

    const shown = page.getByTestId('order-page');
    expect(await shown.getAttribute('data-preview')).toBe('true');
    expect(await shown.getAttribute('aria-busy')).toBe('true');
    expect((await page.getByTestId('order-title').textContent())?.trim()).toBe(title);
    // The row's status, as the intake answered it, not a fixture's.
    expect(await page.locator('.order-head [data-testid="status"]').getAttribute('data-status')).toBe(o.status);
    await expect.poll(() => held.length).toBeGreaterThan(0);
    expect(await page.getByTestId('actions-pending').textContent()).toContain('工单详情读取完成后才能办理');
    // Nothing to act with: no action panel, no button beside the order, and the act key finds nothing.
    expect(await page.getByTestId('action-panel').count()).toBe(0);
    expect(await page.locator('.order-side button, [data-testid^="action-form-"]').count()).toBe(0);
    await page.locator('body').press('a');
    expect(await page.evaluate(() => !!document.activeElement?.closest('.order-side'))).toBe(false);
    await checkFaceWidths(page, { what: 'order page before its detail', ready: 'actions-pending' }, { baseUrl: base });
    expect(await shown.getAttribute('data-version')).toBeNull();

    for (const r of held) await r.continue();
    await page.unroute(`**/api/work-orders/${o.id}`);
    await page.locator(`[data-testid="order-page"][data-version]`).waitFor();
    await page.getByTestId('action-dispatch').waitFor();
    expect(await shown.getAttribute('data-preview')).toBeNull();
    expect(await shown.getAttribute('aria-busy')).toBeNull();
    expect(await page.getByTestId('actions-pending').count()).toBe(0);
    await closePage(page);
    expect(pageErrors).toEqual([]);
  });
});
