import { describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { act, openFromQueue, waitForStatus } from './support/console.ts';
import { intakeAndDispatch } from './support/journeys.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, browser, loginAs } = useE2e();

const feedbackDue = async (page: import('playwright-core').Page) => new Date((await page.getByTestId('due-feedback').getAttribute('data-at')) ?? '').getTime();

describe('journey c: extension', () => {
  it('东华门 asks for 3 more days with the requester informed, the supervisor approves, the feedback deadline moves', async () => {
    const order = await intakeAndDispatch(browser(), base, '老旧小区外墙脱落');

    const street = await loginAs('donghuamen');
    await openFromQueue(street, order.code);
    await act(street, 'sign');
    await act(street, 'contact');
    await waitForStatus(street, 'in_progress', '办理中');
    const before = await feedbackDue(street);
    expect(before).toBeGreaterThan(Date.now());

    // The form refuses to send without the requester informed (the server would refuse it too).
    await street.getByTestId('action-request_extension').click();
    const form = street.getByTestId('action-form-request_extension');
    await form.getByTestId('field-reason').fill('需协调产权单位和施工队，预计3天内完成维修。');
    await form.getByTestId('field-days').fill('3');
    await form.getByTestId('action-submit').click();
    await form.getByTestId('error').filter({ hasText: '已告知诉求人' }).waitFor();
    await street.getByTestId('action-request_extension').click(); // close the form, act() reopens it
    await act(street, 'request_extension', async (f) => {
      await f.getByTestId('field-reason').fill('需协调产权单位和施工队，预计3天内完成维修。');
      await f.getByTestId('field-days').fill('3');
      await f.getByTestId('field-requesterInformed').check();
    });
    await street.getByTestId('extensions-row').getByTestId('record-status').filter({ hasText: '待审批' }).waitFor();
    await closePage(street);

    const supervisor = await loginAs('supervisor');
    await openFromQueue(supervisor, order.code);
    await act(supervisor, 'decide_extension', async (f) => {
      await f.getByTestId('field-approve').selectOption('approve');
      await f.getByTestId('field-note').fill('同意延期3天。');
    });
    await supervisor.getByTestId('extensions-row').getByTestId('record-status').filter({ hasText: '已批准' }).waitFor();
    await closePage(supervisor);

    const back = await loginAs('donghuamen');
    await openFromQueue(back, order.code);
    const after = await feedbackDue(back);
    expect(after - before).toBeGreaterThanOrEqual(3 * 24 * 3600_000 - 60_000);
    expect(await back.getByTestId('due-feedback').textContent()).not.toBe('');
    await closePage(back);

    expect(pageErrors).toEqual([]);
  });
});
