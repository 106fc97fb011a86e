import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { act, intakeViaConsole, openFromQueue, version, waitForStatus } from './support/console.ts';
import { intakeAndDispatch } from './support/journeys.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, browser, loginAs, openPage } = useE2e();

const person = { street: '东华门街道', address: '南池子大街8号', name: '赵六', phone: '13911112222' };

/** Types into a picker and waits for the suggestions, as a person waits to see them before pressing ↓. */
async function typeAndWaitForOptions(page: Page, input: string, option: string, text: string) {
  await page.getByTestId(input).fill(text);
  await page.getByTestId(option).first().waitFor();
}

describe('keyboard-safe pickers (issue 11, defects 1 and 2)', () => {
  it('dispatcher: 东华门 ↓ Enter picks 东华门街道 without submitting, and the order goes there only after confirming', async () => {
    const agent = await loginAs('agent');
    const order = await intakeViaConsole(agent, { ...person, title: '南池子大街人行道积水', text: '南池子大街8号门前人行道积水严重，行人无法通过。' });
    await closePage(agent);

    const page = await loginAs('dispatcher');
    await openFromQueue(page, order.code);
    const before = await version(page);
    await page.getByTestId('action-dispatch').click();
    const form = page.getByTestId('action-form-dispatch');
    await form.waitFor();
    const search = form.getByTestId('field-leadUnitId-search');
    await expect(search.getAttribute('role')).resolves.toBe('combobox');
    await typeAndWaitForOptions(page, 'field-leadUnitId-search', 'field-leadUnitId-option', '东华门');
    expect(await form.getByTestId('field-leadUnitId-option').first().textContent()).toMatch(/^东华门街道/);

    const t0 = Date.now();
    await search.press('ArrowDown');
    await expect(search.getAttribute('aria-activedescendant')).resolves.toBeTruthy();
    await search.press('Enter');
    await form.getByTestId('field-leadUnitId-selected').filter({ hasText: '东华门街道' }).waitFor();
    const pickMs = Date.now() - t0;
    // Enter picked; it did not send the form with the prefilled district.
    expect(await form.isVisible()).toBe(true);
    expect(await version(page)).toBe(before);
    expect(await form.getByTestId('field-leadUnitId-selected').allTextContents()).toEqual([expect.stringContaining('东华门街道')]);

    // Escape closes the list and leaves the choice alone.
    await typeAndWaitForOptions(page, 'field-leadUnitId-search', 'field-leadUnitId-option', '和平里');
    await search.press('Escape');
    await expect(form.getByTestId('field-leadUnitId-option').count()).resolves.toBe(0);
    await search.fill('');

    await form.getByTestId('action-submit').click();
    const confirm = form.getByTestId('dispatch-confirm');
    await confirm.filter({ hasText: '确认派往：东华门街道' }).waitFor();
    expect(await version(page)).toBe(before);
    await form.getByTestId('action-confirm').click();
    await waitForStatus(page, 'dispatched', '已派单');
    expect(await page.getByTestId('order-lead-unit').textContent()).toBe('东华门街道');
    console.log(`[timing] unit picker ↓ Enter → chosen: ${pickMs} ms`);
    await closePage(page);
    expect(pageErrors).toEqual([]);
  });

  it('agent: Enter in the address search places the order and never creates it', async () => {
    const page = await loginAs('agent');
    await page.getByTestId('nav-intake').click();
    await page.getByTestId('intake-title').fill('南池子路面破损');
    await page.getByTestId('intake-text').fill('南池子大街路面坑洼，骑车容易摔倒。');
    await typeAndWaitForOptions(page, 'address-search', 'address-option', '南池子');
    const search = page.getByTestId('address-search');
    await search.press('Enter'); // nothing highlighted yet: nothing happens
    await search.press('ArrowDown');
    await search.press('Enter');
    await page.getByTestId('address-resolved').waitFor();
    expect(page.url()).toMatch(/\/console\/intake$/);
    expect(await page.getByTestId('loc-street').inputValue()).not.toBe('');
    await search.press('Enter');
    await page.waitForTimeout(300);
    expect(page.url()).toMatch(/\/console\/intake$/);
    await closePage(page);
  });
});

describe('the classifier’s proposal stays on every order (defect 3) and is marked uncertain when it is (defect 4)', () => {
  it('an order filed without a category shows the proposal with confidence and model version', async () => {
    const agent = await loginAs('agent');
    const order = await intakeViaConsole(agent, { ...person, title: '路灯不亮', text: '南池子大街路灯不亮已经一周，晚上走路很危险，请尽快维修。' });
    const p = agent.getByTestId('order-classifier-proposal');
    await p.waitFor();
    const text = (await p.textContent()) ?? '';
    expect(text).toContain('建议');
    expect(text).toMatch(/置信度 \d+%/);
    expect(text).toMatch(/模型 v\d+/);
    expect(await p.getAttribute('data-code')).toMatch(/^\d/);
    await closePage(agent);
    expect(order.code).toMatch(/^GD/);
  });

  it('portal and grid orders are classified too', async () => {
    const portal = await openPage('/');
    const filed = await portal.evaluate(async () => {
      const r = await fetch('/api/portal/requests', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          channel: 'web',
          requestType: 'complaint',
          title: '餐馆油烟扰民',
          text: '楼下餐馆油烟直排，油烟味很大，影响居民开窗。',
          location: { address: '东四十条1号' },
          requester: { phone: '13600009999', anonymous: false },
          attachments: [],
        }),
      });
      return (await r.json()) as { code: string };
    });
    await closePage(portal);
    expect(filed.code).toMatch(/^GD/);
    const staff = await loginAs('dispatcher');
    await openFromQueue(staff, filed.code, 'all');
    await staff.getByTestId('order-classifier-proposal').filter({ hasText: '建议' }).waitFor();
    await closePage(staff);
  });
});

describe('a street’s suggested unit reaches the supervisor (defect 7)', () => {
  it('is listed in the dispute record and prefilled in 退单审核', async () => {
    const order = await intakeAndDispatch(browser(), base, '楼道堆物无人清理');
    const street = await loginAs('donghuamen');
    await openFromQueue(street, order.code);
    await act(street, 'dispute', async (f) => {
      await f.getByTestId('field-reason').fill('该楼属和平里街道辖区。');
      await f.getByTestId('field-suggestedUnitId-search').fill('和平里');
      await f.getByTestId('field-suggestedUnitId-option').filter({ hasText: /^和平里街道/ }).first().click();
    });
    await closePage(street);

    const sup = await loginAs('supervisor');
    await openFromQueue(sup, order.code);
    await sup.getByTestId('dispute-suggested-unit').filter({ hasText: '和平里街道' }).waitFor();
    await act(sup, 'adjudicate', async (f) => {
      await f.getByTestId('field-decision').selectOption('redispatch');
      await f.getByTestId('dispute-suggested').filter({ hasText: '和平里街道' }).waitFor();
      expect(await f.getByTestId('field-leadUnitId-selected').allTextContents()).toEqual([expect.stringContaining('和平里街道')]);
      await f.getByTestId('field-note').fill('同意，改派和平里街道。');
    });
    expect(await sup.getByTestId('order-lead-unit').textContent()).toBe('和平里街道');
    await closePage(sup);
  });
});
