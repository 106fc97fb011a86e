import { describe, expect, it } from 'vitest';
import { closePage } from './support/browser.ts';
import { isolate, pageWidth, screenshot, seriousViolations } from './support/faces.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, api, loginAs, openPage } = useE2e();

const shanghaiToday = () => new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10);

describe('analysis', () => {
  it('a chart drills down to the orders behind it', async () => {
    // An order by SMS today in 东华门: the channel chart counts it and its row opens the orders.
    const agent = await loginAs('agent');
    const { items } = (await (await agent.request.get('/api/units?kind=street&q=东华门')).json()) as { items: { id: number; name: string }[] };
    const street = items.find((u) => u.name === '东华门街道')!;
    const r = await agent.request.post('/api/work-orders', {
      data: { channel: 'sms', requestType: 'suggestion', title: '建议增设自行车停放点', text: '东华门大街地铁口自行车乱停，建议增设停放点。', location: { streetId: street.id, address: '东华门大街地铁口' } },
    });
    expect(r.status(), await r.text()).toBe(201);
    const order = (await r.json()) as { id: number; code: string };
    await closePage(agent);

    const page = await loginAs('supervisor', `/console/analysis?from=${shanghaiToday()}&to=${shanghaiToday()}`);
    const foreign = await isolate(page, base);
    await page.getByTestId('chart-channel-chart').waitFor();
    await page.getByTestId('analysis-hotspot-map').waitFor();
    await page.getByTestId('chart-channel').locator('summary').click();
    await page.locator('[data-testid="chart-channel-row"][data-key="sms"] a').click();
    await page.getByTestId('analysis-orders').waitFor();
    expect(page.url()).toContain('channel=sms');
    await page.locator(`[data-testid="analysis-order-row"][data-code="${order.code}"]`).waitFor({ timeout: 10_000 });
    // every row the drill-down lists came by SMS, as the figure counted them
    const codes = await page.getByTestId('analysis-order-row').count();
    const api = (await (await page.request.get(`/api/analysis/volume?from=${shanghaiToday()}&to=${shanghaiToday()}&by=channel`)).json()) as { items: { key: string; count: number }[] };
    expect(codes).toBe(Math.min(50, api.items.find((i) => i.key === 'sms')!.count));
    await page.locator(`[data-testid="analysis-order-row"][data-code="${order.code}"] a`).click();
    await page.waitForURL(`**/console/orders/${order.id}`);
    expect(foreign).toEqual([]);
    await closePage(page);
  });

  it('the page has no serious accessibility problem and fits a phone', async () => {
    const page = await loginAs('donghuamen', '/console/analysis');
    await page.getByTestId('chart-category-chart').or(page.getByTestId('chart-category').locator('.empty')).first().waitFor();
    await page.getByTestId('analysis-repeats').waitFor();
    await page.getByTestId('analysis-hotspot-map').waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await screenshot(page, 'console-analysis-desktop');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.waitForTimeout(300);
    expect(await pageWidth(page)).toBeLessThanOrEqual(390);
    await screenshot(page, 'console-analysis-phone');
    await closePage(page);
  });

  it('a partial answer of repeated requests is shown as partial, with its reason', async () => {
    const page = await loginAs('donghuamen');
    // The server's answer as it is, marked partial: a month past the bound cannot be made in a browser test.
    await page.route('**/api/analysis/repeats?**', async (route) => {
      const real = await route.fetch();
      const body = await real.json();
      await route.fulfill({ response: real, json: { ...body, partial: true, partialReason: 'too_many_similar' } });
    });
    await page.goto(`${base}/console/analysis`);
    const notice = page.getByTestId('repeats-partial');
    await notice.waitFor();
    expect(await notice.textContent()).toContain('结果不完整');
    expect(await seriousViolations(page)).toEqual([]);
    await page.unroute('**/api/analysis/repeats?**');
    await page.getByTestId('repeat-requester').check();
    await page.getByTestId('analysis-repeats').locator('.empty, [data-testid="repeat-group"]').first().waitFor();
    expect(await page.getByTestId('repeats-partial').count()).toBe(0);
    await closePage(page);
  });

  it('public data is off by default', async () => {
    const page = await openPage('/');
    expect((await page.request.get('/api/public/data')).status()).toBe(404);
    expect((await page.request.get('/public-data')).status()).toBe(404);
    await closePage(page);
  });
});
