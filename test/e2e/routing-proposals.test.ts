import fs from 'node:fs';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { closePage, pageErrors, SHOTS_DIR } from './support/browser.ts';
import { act, pickUnit, waitForStatus } from './support/console.ts';
import { useE2e } from './support/use-e2e.ts';

const { loginAs } = useE2e();

beforeAll(() => {
  fs.mkdirSync(SHOTS_DIR, { recursive: true });
});

const TITLE = '王府井大街摊贩占道经营扰民';
const TEXT = '每天傍晚王府井大街有摊贩占道经营，噪音扰民，垃圾满地，希望城管管理。';

/** An order created through the API with the signed-in page's session (setup, not the journey under test). */
async function createOrder(page: Page, body: Record<string, unknown>): Promise<{ id: number; code: string }> {
  const r = await page.request.post('/api/work-orders', { data: { channel: 'phone', requestType: 'complaint', ...body } });
  expect(r.status()).toBe(201);
  return (await r.json()) as { id: number; code: string };
}

describe('routing proposals: intake with proposals, the map, dispatch as proposed', () => {
  it('a dispatcher sees category, place, lead unit with its rule and duty item and the earlier order as a duplicate, then dispatches as proposed', async () => {
    const page = await loginAs('dispatcher');
    // The caller before: the same matter, at the same place.
    const first = await createOrder(page, { title: TITLE, text: TEXT, location: { address: '王府井大街' } });

    await page.getByTestId('nav-intake').click();
    await page.getByTestId('intake-title').fill(TITLE);
    await page.getByTestId('intake-text').fill(TEXT);

    // An address typed is looked up in the gazetteer and places the order.
    await page.getByTestId('address-search').fill('王府井大街');
    await page.getByTestId('address-option').filter({ hasText: /^王府井大街/ }).first().click();
    await page.getByTestId('address-resolved').filter({ hasText: '东华门街道' }).waitFor();
    expect(await page.getByTestId('loc-street').locator('option:checked').textContent()).toBe('东华门街道');

    // The proposals: a category under 城乡建设, the lead unit with the rule and duty item, and the duplicate.
    const top = page.getByTestId('category-option').first();
    await top.getByTestId('category-path').filter({ hasText: /^城乡建设/ }).waitFor();
    expect(await top.getAttribute('data-code')).toMatch(/^01(\.\d{2}){0,2}$/);
    await page.getByTestId('proposal-highlights').locator('mark').first().waitFor();
    await page.getByTestId('proposal-place').filter({ hasText: '东华门街道' }).waitFor();
    await page.getByTestId('proposal-routing-lead').filter({ hasText: '东华门街道' }).waitFor();
    expect(await page.getByTestId('proposal-routing-rule').textContent()).toBeTruthy();
    expect(await page.getByTestId('proposal-routing-duty').getByTestId('duty-item').getAttribute('data-code')).toMatch(/^[A-Z]{1,4}-\d{2,3}$/);
    expect(await page.getByTestId('proposal-routing-explanation').textContent()).toContain('东华门街道');
    const dup = page.locator(`[data-testid="duplicate"][data-code="${first.code}"]`);
    await dup.waitFor();
    expect(await dup.getByTestId('duplicate-link').getAttribute('href')).toBe(`/console/orders/${first.id}`);
    await page.screenshot({ path: path.join(SHOTS_DIR, 'intake-proposals.png'), fullPage: true });

    // A pin placed by clicking the map resolves to a grid.
    await page.getByTestId('map-toggle').click();
    const map = page.locator('[data-testid="map"][data-ready="true"]');
    await map.waitFor();
    await map.scrollIntoViewIfNeeded();
    const pin = (await page.locator('.map-pin').boundingBox())!;
    await page.mouse.click(pin.x + pin.width / 2 + 20, pin.y + pin.height + 12);
    const located = page.locator('[data-testid="map-located"][data-found="true"]');
    await located.waitFor();
    expect(await located.getAttribute('data-level')).toBe('grid');
    expect(await located.textContent()).toMatch(/东华门街道 \/ .+社区 \/ .+网格/);
    await map.screenshot({ path: path.join(SHOTS_DIR, 'map.png') });

    // Accepting dispatches it to the proposed lead unit.
    await page.getByTestId('proposal-routing-lead').filter({ hasText: '东华门街道' }).waitFor();
    await page.locator('[data-testid="intake-dispatch"]:not([disabled])').click();
    await page.waitForURL(/\/console\/orders\/\d+$/);
    await waitForStatus(page, 'dispatched', '已派单');
    expect(await page.getByTestId('order-lead-unit').textContent()).toBe('东华门街道');
    expect(await page.getByTestId('order-routing-status').getAttribute('data-overridden')).toBe('false');
    expect(await page.getByTestId('order-category').getAttribute('data-code')).toMatch(/^01/);
    await page.locator('[data-testid="order-map-view"][data-ready="true"]').waitFor();
    await page.screenshot({ path: path.join(SHOTS_DIR, 'order-proposal.png'), fullPage: true });
    await closePage(page);
    expect(pageErrors).toEqual([]);
  });

  it('the dispatch form prefills the proposal, marks an override, and shows 准入 until the district approves', async () => {
    const page = await loginAs('dispatcher');
    const streets = (await (await page.request.get('/api/units?kind=street&q=东华门')).json()) as { items: { id: number; name: string }[] };
    const street = streets.items.find((u) => u.name === '东华门街道')!;
    // 流动人口管理: the street only assists under its duty list, the police lead.
    const order = await createOrder(page, { title: '出租房屋流动人口登记', text: '出租房屋住了很多人，没有登记居住证。', category: '13.04.04', location: { streetId: street.id } });
    await page.goto(`/console/orders/${order.id}`);

    await act(page, 'dispatch', async (form) => {
      await form.getByTestId('routing-adopted').waitFor();
      expect(await form.getByTestId('field-leadUnitId-selected').textContent()).toContain('公安');
      await pickUnit(form, 'leadUnitId', '东华门', '东华门街道');
      await form.getByTestId('routing-overridden').waitFor();
      await form.getByTestId('entry-warning').first().waitFor();
      await form.getByTestId('action-submit').click();
      await form.getByTestId('action-confirm').click();
      await form.getByTestId('error').filter({ hasText: '准入不通过' }).waitFor();
      await form.getByTestId('field-districtApproved').check();
    });
    await waitForStatus(page, 'dispatched', '已派单');
    expect(await page.getByTestId('order-lead-unit').textContent()).toBe('东华门街道');
    expect(await page.getByTestId('order-routing-status').getAttribute('data-overridden')).toBe('true');
    await closePage(page);
    expect(pageErrors).toEqual([]);
  });

  it('an administrator adds a category to a draft taxonomy and publishes it', async () => {
    const page = await loginAs('admin');
    await page.getByTestId('nav-taxonomy').click();
    await page.locator('[data-testid="cat-row"][data-code="01"]').filter({ hasText: '城乡建设' }).waitFor();
    await page.getByTestId('tax-new-draft').click();
    await page.locator('[data-testid="tax-status"][data-status="draft"]').waitFor();

    await page.locator('[data-testid="cat-row"][data-code="01"]').getByTestId('cat-fold').click();
    await page.locator('[data-testid="cat-row"][data-code="01.02"]').getByTestId('cat-add-child').click();
    const form = page.getByTestId('category-form');
    await form.getByTestId('cat-name').fill('共享单车乱停放');
    await form.getByTestId('cat-keywords').fill('共享单车、乱停放');
    await form.getByTestId('cat-save').click();
    const added = page.getByTestId('cat-row').filter({ hasText: '共享单车乱停放' });
    await added.waitFor();
    expect(await added.getAttribute('data-code')).toMatch(/^01\.02\.\d{2}$/);

    await page.getByTestId('tax-publish').click();
    await page.getByTestId('tax-publish-confirm').click();
    await page.locator('[data-testid="tax-status"][data-status="active"]').waitFor();
    await page.getByTestId('tax-search').fill('共享单车');
    await page.getByTestId('cat-row').filter({ hasText: '共享单车乱停放' }).waitFor();
    await closePage(page);
    expect(pageErrors).toEqual([]);
  });
});
