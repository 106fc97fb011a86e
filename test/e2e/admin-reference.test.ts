import { describe, expect, it } from 'vitest';
import { closePage } from './support/browser.ts';
import { checkFaceWidths } from './support/faces.ts';
import { useE2e, useOwnServer } from './support/use-e2e.ts';

const { base, browser, loginAs } = useE2e();

type Policy = { version: number; name: string; limits: Record<string, { amount: number; unit: string }>; warn_before_minutes: number; contest_days: number; valid_to: string | null };

describe('reference data in the browser (issue 11)', () => {
  it('an administrator publishes whistle report-in limits, sees them in force and in the history; others only read', async () => {
    const admin = await loginAs('admin');
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
    await checkFaceWidths(admin, { what: 'whistle policy page', path: '/console/admin/whistle-policies', ready: 'wp-history' }, { baseUrl: base });

    // Someone who may read but not publish sees the limits without the form.
    const agent = await loginAs('agent', '/console/admin/whistle-policies');
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

/*
 * Retraining replaces the active model for everyone, so it runs on a server of its own: the demo
 * city's history (over a thousand dispatched orders) to learn from, and the journeys sharing the
 * main server keep the model they were written against.
 */
describe('classifier models in the browser (issue 11)', () => {
  const { server, loginAs: signIn } = useOwnServer(browser);

  it('an administrator sees the model versions with the active one, retrains, and sees the new version active', async () => {
    const admin = await signIn('admin', '/console');
    type Model = { task: string; version: number; n: number; source: string; active: boolean; metrics: { calibration?: { accuracy: number } | null } };
    const models = () => admin.evaluate(async () => ((await (await fetch('/api/classifier/models')).json()) as { items: Model[] }).items);
    const before = await models();
    const active = before.find((m) => m.task === 'category' && m.active)!;
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-link-classifier').click();
    await expect.poll(() => admin.getByTestId('cls-active').textContent()).toMatch(new RegExp(`^当前使用：v${active.version}，.+ 训练，${active.n} 条文本。$`));
    expect(await admin.getByTestId('cls-model').count()).toBe(before.length);
    const marked = admin.locator('[data-testid="cls-model"]', { hasText: '当前使用' });
    expect(await marked.count()).toBe(before.filter((m) => m.active).length);
    expect(await marked.first().textContent()).toContain(`v${active.version}`);

    // Retraining from the dispatched orders: a new version, active, trained on more texts than the demo ones.
    await admin.getByTestId('cls-retrain').click();
    await admin.getByTestId('notice').waitFor({ timeout: 120_000 });
    const after = await models();
    const now = after.find((m) => m.task === 'category' && m.active)!;
    expect([after.length, now.version, now.source]).toEqual([before.length + 1, active.version + 1, 'orders']);
    expect(now.n).toBeGreaterThanOrEqual(30);
    expect(await admin.getByTestId('notice').textContent()).toContain(`已训练 v${now.version}：${now.n} 条文本`);
    await expect.poll(() => admin.getByTestId('cls-active').textContent()).toContain(`当前使用：v${now.version}`);
    expect(await marked.count()).toBe(before.filter((m) => m.active).length);
    expect(await admin.locator('[data-testid="cls-model"]', { hasText: `v${active.version}` }).first().textContent()).not.toContain('当前使用');

    await checkFaceWidths(admin, { what: 'classifier page', path: '/console/admin/classifier', ready: 'cls-models' }, { baseUrl: server().baseUrl });
    await closePage(admin);

    // Staff who may read the models do not get the retrain button.
    const agent = await signIn('agent', '/console/admin/classifier');
    await agent.getByTestId('cls-models').waitFor();
    expect(await agent.getByTestId('cls-retrain').count()).toBe(0);
    await closePage(agent);
  });
});
