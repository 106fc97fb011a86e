import { describe, expect, it } from 'vitest';
import { closePage } from './support/browser.ts';
import { checkReloadedFace } from './support/faces.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, loginAs } = useE2e();

// two pages checked at two widths with axe, on a shared two-core machine
const JOURNEY_MS = 420_000;
const inDays = (n: number) => new Date(Date.now() + 8 * 3_600_000 + n * 86_400_000).toISOString().slice(0, 10);

describe('每月一题 and 未诉先办 in the console', () => {
  it('a theme from a proposed cluster to a closed task, with its before/after chart', async () => {
    const district = await loginAs('district', '/console/themes');
    await district.getByTestId('topic-candidate').first().waitFor({ timeout: 60_000 });
    await checkReloadedFace(district, base, 'console-themes', 'topic-candidate');
    await district.getByTestId('topic-propose').first().click();
    await district.getByTestId('theme-title').fill('背街小巷环境整治');
    await district.getByTestId('theme-lead').selectOption({ label: '东城区城市管理委员会' });
    await district.getByTestId('theme-create').click();
    await district.getByTestId('theme-page').waitFor({ timeout: 60_000 });
    const themeUrl = district.url();
    expect(await district.getByTestId('theme-status').textContent()).toBe('推进中');
    await district.getByTestId('task-title').fill('逐条街巷排查并建立台账');
    await district.getByTestId('task-owner').selectOption({ label: '东华门街道' });
    await district.getByTestId('task-due').fill(inDays(10));
    await district.getByTestId('task-add').click();
    await district.getByTestId('theme-task').first().waitFor();
    await district.getByTestId('theme-effect-chart').locator('svg').first().waitFor();
    await checkReloadedFace(district, base, 'console-theme', (p) => p.getByTestId('theme-effect-chart').locator('svg').first().waitFor());

    // the street that owns the task completes it
    const street = await loginAs('donghuamen', new URL(themeUrl).pathname);
    await street.getByTestId('task-complete').click();
    await expect.poll(async () => street.getByTestId('theme-task').first().textContent()).toContain('已完成');
    await closePage(street);

    await district.reload();
    await district.getByTestId('theme-result').fill('排查完成，建立长效机制');
    await district.getByTestId('theme-close').click();
    await expect.poll(async () => district.getByTestId('theme-status').textContent()).toBe('已结题');
    expect(await district.getByTestId('theme-effect-summary').textContent()).toMatch(/立项前每周 [\d.]+ 件/);
    expect(await district.getByTestId('theme-effect-chart').locator('svg path').count()).toBeGreaterThan(0);
    await closePage(district);
  }, JOURNEY_MS);

  it('the forecast with its interval, and an alert turned into a proactive case', async () => {
    const page = await loginAs('district', '/console/forecasts');
    await page.getByTestId('forecast-chart').locator('svg').first().waitFor({ timeout: 60_000 });
    const rows = page.getByTestId('forecast-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(6);
    // each week: expected inside its interval
    for (const cells of await rows.evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].slice(1).map((td) => Number(td.textContent))))) {
      expect(cells[1]).toBeLessThanOrEqual(cells[0]);
      expect(cells[0]).toBeLessThanOrEqual(cells[2]);
    }
    // the demo history is small: scan with the most sensitive rule so that some series rises
    await page.getByTestId('scan-ratio').fill('1');
    await page.getByTestId('scan-min').fill('0');
    await page.getByTestId('scan').click();
    // the scan forecasts every street × category: slow on a loaded machine
    await page.getByTestId('scan-result').waitFor({ timeout: 180_000 });
    await page.getByTestId('forecast-alert').first().waitFor();
    await checkReloadedFace(page, base, 'console-forecasts', 'forecast-alert');
    const before = await page.getByTestId('proactive-case').count();
    await page.getByTestId('alert-to-case').first().click();
    await expect.poll(() => page.getByTestId('proactive-case').count()).toBe(before + 1);
    expect(await page.getByTestId('case-status').first().textContent()).toBe('待处置');
    await closePage(page);
  }, JOURNEY_MS);
});
