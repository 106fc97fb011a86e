import { describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { act, openFromQueue, pickUnit, waitForStatus } from './support/console.ts';
import { intakeAndDispatch } from './support/journeys.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, browser, loginAs } = useE2e();

describe('journey b: dispute → adjudication → re-dispatch', () => {
  it('东华门 disputes, the supervisor re-dispatches to 和平里, which finds it in its queue and signs', async () => {
    const order = await intakeAndDispatch(browser(), base, '和平里小区楼道堆物');

    const street = await loginAs('donghuamen');
    await openFromQueue(street, order.code);
    await act(street, 'dispute', (f) => f.getByTestId('field-reason').fill('该地址属和平里街道辖区，不属于本街道。'));
    await waitForStatus(street, 'disputed', '退单审核中');
    expect(await street.getByTestId('disputes-row').count()).toBe(1);
    await closePage(street);

    const supervisor = await loginAs('supervisor');
    await openFromQueue(supervisor, order.code);
    await act(supervisor, 'adjudicate', async (f) => {
      await f.getByTestId('field-decision').selectOption('redispatch');
      await pickUnit(f, 'leadUnitId', '和平里', '和平里街道');
      await f.getByTestId('field-note').fill('经核实属和平里街道辖区，改派。');
    });
    await waitForStatus(supervisor, 'dispatched', '已派单');
    expect(await supervisor.getByTestId('order-lead-unit').textContent()).toBe('和平里街道');
    await supervisor.getByTestId('disputes-row').getByTestId('record-status').filter({ hasText: '已改派' }).waitFor();
    await closePage(supervisor);

    const hepingli = await loginAs('hepingli');
    // Default view is "my queue": the order must be there without searching all orders.
    await hepingli.locator(`[data-testid="queue-row"][data-code="${order.code}"]`).waitFor();
    await openFromQueue(hepingli, order.code, 'mine');
    await act(hepingli, 'sign');
    await waitForStatus(hepingli, 'signed', '已签收');
    const leads = await hepingli.getByTestId('assignment-row').allTextContents();
    expect(leads.some((r) => r.includes('和平里街道') && r.includes('主办'))).toBe(true);
    await closePage(hepingli);

    expect(pageErrors).toEqual([]);
  });
});
