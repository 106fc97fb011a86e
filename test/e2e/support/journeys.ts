import type { Browser } from 'playwright-core';
import { closePage, loginAs } from './browser.ts';
import { act, intakeViaConsole, openFromQueue, pickUnit, waitForStatus, type NewOrder } from './console.ts';

/** The common start of journeys b and c: the agent takes a call in, the dispatcher sends it to 东华门街道. */
export async function intakeAndDispatch(browser: Browser, base: string, title: string): Promise<NewOrder> {
  const agent = await loginAs(browser, base, 'agent');
  const order = await intakeViaConsole(agent, {
    title,
    text: `${title}，已持续一周，请尽快处理。`,
    street: '东华门街道',
    address: '东华门大街1号',
    name: '李四',
    phone: '13912345678',
  });
  await closePage(agent);

  const dispatcher = await loginAs(browser, base, 'dispatcher');
  await openFromQueue(dispatcher, order.code);
  await act(dispatcher, 'dispatch', (f) => pickUnit(f, 'leadUnitId', '东华门', '东华门街道'));
  await waitForStatus(dispatcher, 'dispatched', '已派单');
  await closePage(dispatcher);
  return order;
}
