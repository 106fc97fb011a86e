import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { closePage, pageErrors, SHOTS_DIR, trackingSecretOf } from './support/browser.ts';
import { act, intakeViaConsole, openFromQueue, pickUnit, waitForStatus } from './support/console.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, loginAs, openPage } = useE2e();

describe('journey a: intake → dispatch → sign → contact → feedback → callback → close', () => {
  it('walks an order through every role to 已办结 and the portal tracks it', async () => {
    const agent = await loginAs('agent');
    const order = await intakeViaConsole(agent, {
      title: '东华门大街占道经营',
      text: '每天傍晚有摊贩在东华门大街占道经营，噪音扰民，希望有关部门管理。',
      street: '东华门街道',
      address: '东华门大街12号',
      name: '张三',
      phone: '13812345678',
    });
    expect(order.code).toMatch(/^GD\d{14,}$/);
    await waitForStatus(agent, 'received', '已受理');
    // The agent can repeat the tracking secret to a caller who lost it.
    expect(await agent.getByTestId('tracking-secret').textContent()).toBe(await trackingSecretOf(base, order.id));
    await closePage(agent);

    const dispatcher = await loginAs('dispatcher');
    await openFromQueue(dispatcher, order.code);
    await act(dispatcher, 'dispatch', (f) => pickUnit(f, 'leadUnitId', '东华门', '东华门街道'));
    await waitForStatus(dispatcher, 'dispatched', '已派单');
    expect(await dispatcher.getByTestId('order-lead-unit').textContent()).toBe('东华门街道');
    await closePage(dispatcher);

    const street = await loginAs('donghuamen');
    await openFromQueue(street, order.code);
    // The lead unit sees the requester in full: it must call them.
    expect(await street.getByTestId('requester-phone').textContent()).toBe('13812345678');
    // The street does not answer the hotline: it is not given the requester's tracking secret.
    expect(await street.getByTestId('tracking-secret').count()).toBe(0);
    await act(street, 'sign');
    await waitForStatus(street, 'signed', '已签收');
    await act(street, 'contact', (f) => f.getByTestId('field-method').selectOption('phone'));
    await waitForStatus(street, 'in_progress', '办理中');
    await act(street, 'feedback', async (f) => {
      await f.getByTestId('field-result').fill('已协调城管执法队清理占道摊贩，并设置提示牌。');
      await f.getByTestId('field-solved').selectOption('yes');
    });
    await waitForStatus(street, 'awaiting_callback', '待回访');
    await closePage(street);

    const callback = await loginAs('callback');
    await openFromQueue(callback, order.code);
    await act(callback, 'callback', async (f) => {
      await f.getByTestId('field-valid').selectOption('yes');
      await f.getByTestId('field-contacted').selectOption('yes');
      await f.getByTestId('field-solved').selectOption('yes');
      await f.getByTestId('field-satisfaction').selectOption('satisfied');
    });
    await waitForStatus(callback, 'called_back', '已回访');
    await act(callback, 'close');
    await waitForStatus(callback, 'closed', '已办结');
    const types = await callback.getByTestId('timeline-event').evaluateAll((els) => els.map((e) => e.getAttribute('data-type')));
    expect(types).toEqual([
      'work_order.received',
      'work_order.dispatched',
      'work_order.signed',
      'work_order.contacted',
      'work_order.feedback_submitted',
      'work_order.called_back',
      'work_order.closed',
    ]);
    expect(await callback.getByTestId('callbacks-row').count()).toBe(1);
    fs.mkdirSync(SHOTS_DIR, { recursive: true });
    await callback.screenshot({ path: path.join(SHOTS_DIR, 'order-detail.png'), fullPage: true });
    await closePage(callback);

    const portal = await openPage('/');
    await portal.getByTestId('portal-tab-track').click();
    await portal.getByTestId('track-code').fill(order.code);
    await portal.getByTestId('track-secret').fill(await trackingSecretOf(base, order.id));
    await portal.getByTestId('track-submit').click();
    await portal.getByTestId('track-status').filter({ hasText: '已办结' }).waitFor();
    expect(await portal.getByTestId('track-unit').textContent()).toBe('东华门街道');
    expect(await portal.getByTestId('track-result-text').textContent()).toContain('清理占道摊贩');
    expect(await portal.getByTestId('track-event').count()).toBeGreaterThanOrEqual(5);
    await portal.screenshot({ path: path.join(SHOTS_DIR, 'portal.png'), fullPage: true });
    await closePage(portal);

    expect(pageErrors).toEqual([]);
  });
});
