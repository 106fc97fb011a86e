import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { closePage, launchBrowser, loginAs } from './support/browser.ts';
import { isolate, pageWidth, seriousViolations, WIDTHS } from './support/faces.ts';

const base = inject('baseUrl');
let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
  // The first load after the server starts compresses the bundles; on a busy machine that alone can pass a page's timeout.
  const warm = await browser.newPage();
  await warm.goto(`${base}/console`, { timeout: 120_000 });
  await warm.close();
});
afterAll(async () => {
  await browser?.close();
});

type Policy = { version: number; name: string; limits: Record<string, { amount: number; unit: string }>; warn_before_minutes: number; contest_days: number; valid_to: string | null };

describe('reference data in the browser (issue 11)', () => {
  it('an administrator publishes whistle report-in limits, sees them in force and in the history; others only read', async () => {
    const admin = await loginAs(browser, base, 'admin');
    const policies = () => admin.evaluate(async () => ((await (await fetch('/api/whistle-policies')).json()) as { items: Policy[] }).items);
    const before = (await policies()).find((p) => !p.valid_to)!;
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-link-whistle-policies').click();

    // A contest period of 100 days is beyond what the API takes (90): its refusal is shown in Chinese, nothing is published.
    await admin.getByTestId('wp-contest').fill('100');
    await admin.getByTestId('wp-publish').click();
    await expect.poll(() => admin.getByTestId('error').textContent()).toContain('评价申诉期太长或太大。');
    expect((await policies()).map((p) => p.version)).not.toContain(before.version + 1);

    // 重点哨: report in within 3 working days; 应急哨: within 20 natural minutes.
    await admin.getByTestId('wp-contest').fill('10');
    await admin.getByTestId('wp-key_task-amount').fill('3');
    await admin.getByTestId('wp-key_task-unit').selectOption('working_days');
    await admin.getByTestId('wp-emergency-amount').fill('20');
    await admin.getByTestId('wp-emergency-unit').selectOption('minutes');
    await admin.getByTestId('wp-name').fill('重点哨三个工作日');
    await admin.getByTestId('wp-publish').click();
    await expect.poll(() => admin.getByTestId('notice').textContent()).toBe(`已发布 v${before.version + 1}。`);

    await expect.poll(() => admin.getByTestId('wp-current').textContent()).toContain(`v${before.version + 1}「重点哨三个工作日」`);
    expect(await admin.getByTestId('wp-current-key_task').textContent()).toBe('重点哨3 工作日工作日');
    expect(await admin.getByTestId('wp-current-emergency').textContent()).toBe('应急哨20 分钟自然时间');
    const rows = admin.getByTestId('wp-version');
    expect(await rows.first().textContent()).toContain(`v${before.version + 1}重点哨三个工作日`);
    expect(await rows.first().textContent()).toContain('现行');
    expect(await rows.nth(1).textContent()).toContain(`v${before.version}`);
    expect(await rows.nth(1).textContent()).not.toContain('现行');
    const now = (await policies()).find((p) => !p.valid_to)!;
    expect([now.version, now.limits.key_task, now.limits.emergency, now.contest_days]).toEqual([before.version + 1, { amount: 3, unit: 'working_days' }, { amount: 20, unit: 'minutes' }, 10]);

    // The page passes the accessibility check at both widths, with nothing from another host.
    const foreign = await isolate(admin, base);
    for (const w of WIDTHS) {
      await admin.setViewportSize({ width: w.width, height: w.height });
      await admin.goto('/console/admin/whistle-policies');
      await admin.getByTestId('wp-history').waitFor();
      expect(await seriousViolations(admin), `whistle policy page at ${w.width}`).toEqual([]);
      if (w.width === 390) expect(await pageWidth(admin)).toBeLessThanOrEqual(390);
    }
    expect(foreign).toEqual([]);

    // Someone who may read but not publish sees the limits without the form.
    const agent = await loginAs(browser, base, 'agent', '/console/admin/whistle-policies');
    await agent.getByTestId('wp-read-only').waitFor();
    expect(await agent.getByTestId('wp-publish').count()).toBe(0);
    expect(await agent.getByTestId('wp-version').count()).toBe(await rows.count());
    await closePage(agent);

    // Later journeys share this server: the limits in force before are published again.
    await admin.evaluate(async (p) => {
      await fetch('/api/whistle-policies', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: p.name, validFrom: new Date().toISOString(), limits: p.limits, warnBeforeMinutes: p.warn_before_minutes, contestDays: p.contest_days }),
      });
    }, before);
    await closePage(admin);
  });
});
