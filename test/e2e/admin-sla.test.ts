import { describe, expect, it } from 'vitest';
import { closePage } from './support/browser.ts';
import { checkFaceWidths } from './support/faces.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, loginAs } = useE2e();

type Policy = { name: string; rules: unknown[]; warn_fraction: number; rehandling: unknown; valid_to: string | null };

describe('administration in the browser (issue 11)', () => {
  it('an administrator changes the SLA table and a new order gets the new deadline', async () => {
    const admin = await loginAs('admin');
    const before = await admin.evaluate(async () => ((await (await fetch('/api/sla-policies')).json()) as { items: Policy[] }).items.find((p) => !p.valid_to)!);
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-link-sla').click();
    // 复杂 (complex) orders: dispatch within 7 natural hours instead of what the table said.
    await admin.getByTestId('sla-complex-dispatch-amount').fill('7');
    await admin.getByTestId('sla-complex-dispatch-unit').selectOption('hours');
    await admin.getByTestId('sla-name').fill('复杂诉求派单7小时');
    await admin.getByTestId('sla-publish').click();
    await admin.getByTestId('notice').waitFor();
    await expect.poll(() => admin.getByTestId('sla-version').first().textContent()).toContain('复杂诉求派单7小时');

    const agent = await loginAs('agent');
    const order = await agent.evaluate(async () => {
      const r = await fetch('/api/work-orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel: 'phone', requestType: 'complaint', urgency: 'complex', title: '多部门协调的复杂诉求', text: '涉及多个部门的老旧小区加装电梯问题，需要协调。', requester: { anonymous: true } }),
      });
      const id = ((await r.json()) as { id: number }).id;
      return (await (await fetch(`/api/work-orders/${id}`)).json()) as { times: { receivedAt: string }; due: { dispatch: string } };
    });
    expect(Date.parse(order.due.dispatch) - Date.parse(order.times.receivedAt)).toBe(7 * 3600_000);
    await closePage(agent);

    // The page passes the accessibility check at both widths, with nothing from another host.
    await checkFaceWidths(
      admin,
      [
        { what: 'SLA page', path: '/console/admin/sla', ready: 'sla-history' },
        { what: 'calendar page', path: '/console/admin/calendar', ready: 'cal-days' },
      ],
      { baseUrl: base },
    );

    // Later journeys share this server: the table in force before is published again.
    await admin.evaluate(async (p) => {
      await fetch('/api/sla-policies', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: p.name, validFrom: new Date().toISOString(), warnFraction: p.warn_fraction, rehandling: p.rehandling, rules: p.rules }),
      });
    }, before);
    await closePage(admin);
  });
});
