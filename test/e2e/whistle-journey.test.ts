import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs as apiAsOn } from './support/whistle-api.ts';
import { closePage, pageErrors } from './support/browser.ts';
import { openFromQueue } from './support/console.ts';
import { intakeAndDispatch } from './support/journeys.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, browser, loginAs } = useE2e();

const apiAs = (username: string) => apiAsOn(base, username);

const DEFAULT_LIMITS = { emergency: { amount: 30, unit: 'minutes' }, key_task: { amount: 24, unit: 'hours' }, hard_problem: { amount: 24, unit: 'hours' }, routine: { amount: 3, unit: 'working_days' } };
// The real clock runs on the e2e server: an administrator publishes a short emergency limit (as any
// installation may) so that lateness happens within the test, and the defaults are restored after.
const LIMIT_SECONDS = 40;

async function reportIn(page: Page, person: string) {
  const form = page.getByTestId('wf-report_in');
  await form.getByTestId('wf-report_in-person').fill(person);
  await form.getByTestId('wf-report_in-lon').fill('116.4035');
  await form.getByTestId('wf-report_in-lat').fill('39.9150');
  await form.getByTestId('wf-report_in-submit').click();
}

async function recordAction(page: Page, text: string) {
  const form = page.getByTestId('wf-record_action');
  await form.getByTestId('wf-record_action-text').fill(text);
  await form.getByTestId('wf-record_action-submit').click();
}

const chip = (page: Page, unitCode: string) => page.locator(`[data-testid="whistle-report-ins"] [data-testid="report-in-chip"][data-unit="${unitCode}"]`);

describe('journey: 街乡吹哨、部门报到', () => {
  it('东华门 blows an emergency whistle from an order; 城管 reports in on time, 市场监管 late; closing waits for both; the street rates both', async () => {
    const admin = await apiAs('admin');
    const published = await admin('/api/whistle-policies', { name: '演练：应急哨短时限', validFrom: new Date().toISOString(), limits: { ...DEFAULT_LIMITS, emergency: { amount: LIMIT_SECONDS / 60, unit: 'minutes' } } });
    expect(published.status, JSON.stringify(published.body)).toBe(201);
    try {
      const order = await intakeAndDispatch(browser(), base, '餐馆燃气泄漏');

      // The street blows from the order's page: the form arrives filled in from the order.
      const street = await loginAs('donghuamen');
      await openFromQueue(street, order.code);
      await street.getByTestId('blow-from-order').click();
      await street.getByTestId('blow-proposal').waitFor();
      await expect.poll(() => street.getByTestId('blow-title').inputValue()).toBe('餐馆燃气泄漏');
      for (const box of await street.locator('[data-testid="blow-proposed"] input[type=checkbox]').all()) await box.uncheck();
      for (const [q, name] of [['城市管理委员会', '东城区城市管理委员会'], ['市场监督', '东城区市场监督管理局']]) {
        await street.getByTestId('blow-units-search').fill(q);
        await street.getByTestId('blow-units-option').filter({ hasText: name }).click();
      }
      await street.getByTestId('blow-type').selectOption('emergency');
      await street.getByTestId('blow-trigger').selectOption('emergency');
      await street.getByTestId('blow-submit').click();
      await street.getByTestId('whistle-page').waitFor();
      const id = Number(/\/console\/whistles\/(\d+)/.exec(street.url())![1]);
      const blownAt = Date.now();
      await expect(chip(street, 'D110101-UMC').getAttribute('data-status')).resolves.toBe('pending');
      await expect(chip(street, 'D110101-AMR').getAttribute('data-status')).resolves.toBe('pending');

      // 城管 is told, and reports in at once.
      const cg = await loginAs('chengguan');
      await cg.goto(`/console/whistles/${id}`);
      await cg.getByTestId('whistle-my-notices').locator('[data-kind="whistle.summoned"]').waitFor();
      await reportIn(cg, '城管执法队 王队长');
      await cg.locator('[data-testid="whistle-report-ins"] [data-testid="report-in-chip"][data-unit="D110101-UMC"][data-status="reported"][data-late="no"]').waitFor();
      await recordAction(cg, '现场疏散群众，配合关闭燃气阀门');
      await cg.locator('[data-testid="report-in-chip"][data-unit="D110101-UMC"][data-status="acted"]').first().waitFor();

      // 市场监管 stays silent past its limit; the sweep flags it.
      const wait = blownAt + LIMIT_SECONDS * 1000 + 1500 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const swept = await admin('/api/deadlines/sweep', {});
      expect(swept.status).toBe(200);

      // The district board shows it as late.
      const district = await loginAs('district');
      await district.getByTestId('nav-whistles').click();
      const row = district.locator(`[data-testid="board-row"][data-whistle="${id}"]`);
      await row.locator('[data-testid="report-in-chip"][data-unit="D110101-AMR"][data-status="late"]').waitFor();
      await district.locator('[data-testid="load-row"][data-unit-name="东城区市场监督管理局"]').waitFor();
      expect(Number(await district.locator('[data-testid="load-row"][data-unit-name="东城区市场监督管理局"]').getAttribute('data-late'))).toBeGreaterThanOrEqual(1);
      await district.goto(`/console/whistles/${id}`);
      await district.getByTestId('whistle-my-notices').locator('[data-kind="whistle.report_in_late"]').waitFor();

      // 事不完、人不撤: closing is refused while 市场监管 has done nothing.
      await street.reload();
      await street.locator('[data-testid="report-in-chip"][data-unit="D110101-AMR"][data-status="late"]').first().waitFor();
      await street.getByTestId('wf-close-submit').click();
      await street.getByTestId('wf-close').getByTestId('error').filter({ hasText: '事不完、人不撤' }).waitFor();
      expect(await street.getByTestId('whistle-page').getAttribute('data-status')).toBe('open');

      // 市场监管 was told it is late, reports in (late) and acts.
      const sj = await loginAs('shijian');
      await sj.goto(`/console/whistles/${id}`);
      await sj.getByTestId('whistle-my-notices').locator('[data-kind="whistle.summoned"]').waitFor();
      await sj.getByTestId('whistle-my-notices').locator('[data-kind="whistle.report_in_late"]').waitFor();
      await reportIn(sj, '市场监管所 李科长');
      await sj.locator('[data-testid="report-in-chip"][data-unit="D110101-AMR"][data-status="reported"][data-late="yes"]').first().waitFor();
      await recordAction(sj, '查封违规燃气灶具，责令停业整改');
      await sj.locator('[data-testid="report-in-chip"][data-unit="D110101-AMR"][data-status="acted"]').first().waitFor();

      // Now the street closes and rates both.
      await street.reload();
      await street.getByTestId('wf-close-result').fill('燃气泄漏排除，餐馆停业整改');
      await street.getByTestId('wf-close-submit').click();
      await street.locator('[data-testid="whistle-page"][data-status="closed"]').waitFor();
      for (const [name, score] of [['东城区城市管理委员会', '5'], ['东城区市场监督管理局', '2']]) {
        const form = street.getByTestId('wf-rate');
        await form.getByTestId('wf-rate-unit').selectOption({ label: name });
        await form.getByTestId('wf-rate-timeliness').selectOption(score);
        await form.getByTestId('wf-rate-comment').fill(score === '5' ? '到场及时，处置得力' : '报到超时');
        await form.getByTestId('wf-rate-submit').click();
        await street.getByTestId('notice').waitFor();
        await street.reload();
      }
      await expect.poll(() => street.getByTestId('rating-row').count()).toBe(2);

      // Both departments were told of their rating; the order stays with its lead unit.
      for (const page of [cg, sj]) {
        await page.reload();
        await page.getByTestId('whistle-my-notices').locator('[data-kind="whistle.rated"]').waitFor();
      }
      const detail = (await admin(`/api/whistles/${id}`)).body;
      expect(detail.reportIns.map((r: any) => [r.unitCode, r.late])).toEqual([['D110101-UMC', false], ['D110101-AMR', true]]);
      expect(detail.ratings.map((r: any) => r.timeliness)).toEqual([5, 2]);
      const o = (await admin(`/api/work-orders/${order.id}`)).body;
      expect(o.status).toBe('dispatched');
      for (const p of [street, cg, sj, district]) await closePage(p);
      expect(pageErrors).toEqual([]);
    } finally {
      await admin('/api/whistle-policies', { name: '恢复默认报到时限', validFrom: new Date().toISOString(), limits: DEFAULT_LIMITS });
    }
  }, 300_000);
});
