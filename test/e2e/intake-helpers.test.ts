import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { checkFaceWidths } from './support/faces.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, loginAs } = useE2e();

async function openIntake(page: Page, title: string, text: string) {
  await page.getByTestId('nav-intake').click();
  await page.getByTestId('intake-title').fill(title);
  await page.getByTestId('intake-text').fill(text);
}

describe('places named in the request text (issue 11)', () => {
  it('proposes 东直门街道 for “东直门街道路灯不亮”; the agent adopts it and the order is placed there', async () => {
    const page = await loginAs('agent');
    await openIntake(page, '路灯不亮', '东直门街道路灯不亮，晚上走路看不清。');
    const proposal = page.getByTestId('text-place-proposal');
    await proposal.filter({ hasText: '东直门街道' }).waitFor();
    // a proposal, not applied: the street select is still empty
    expect(await page.getByTestId('loc-street').inputValue()).toBe('');
    await checkFaceWidths(page, { what: 'intake', ready: 'text-place-proposal' }, { baseUrl: base });
    await proposal.getByTestId('text-place-proposal-adopt').click();
    await expect.poll(() => page.getByTestId('loc-street').locator('option:checked').textContent()).toBe('东直门街道');
    await page.getByTestId('text-place-proposal-adopt').filter({ hasText: '已采用' }).waitFor();
    await page.getByTestId('intake-submit').click();
    await page.waitForURL(/\/console\/orders\/\d+$/);
    await page.getByTestId('order-code').waitFor();
    const id = Number(/\/orders\/(\d+)$/.exec(page.url())![1]);
    const street = await page.evaluate(async (n) => ((await (await fetch(`/api/work-orders/${n}`)).json()) as { location: { street: { name: string } | null } }).location.street?.name, id);
    expect(street).toBe('东直门街道');
    await closePage(page);
  });

  it('names in two streets are listed and none is applied', async () => {
    const page = await loginAs('agent');
    await openIntake(page, '路灯不亮', '从东直门街道到和平里街道一路的路灯都不亮。');
    const box = page.locator('[data-testid="text-place"][data-status="ambiguous"]');
    await box.waitFor();
    await expect.poll(() => box.getByTestId('text-place-candidate').allTextContents()).toEqual([expect.stringContaining('东直门街道'), expect.stringContaining('和平里街道')]);
    expect(await page.getByTestId('loc-street').inputValue()).toBe('');
    await box.getByTestId('text-place-candidate').nth(1).getByTestId('text-place-candidate-adopt').click();
    await expect.poll(() => page.getByTestId('loc-street').locator('option:checked').textContent()).toBe('和平里街道');
    await closePage(page);
    expect(pageErrors).toEqual([]);
  });
});

describe('the caller’s history at intake (issue 11)', () => {
  it('typing a phone number with earlier orders lists them; a new number says none', async () => {
    const page = await loginAs('agent');
    const phone = '13577778888';
    const codes: string[] = [];
    for (const title of ['楼道堆物', '小区路灯不亮']) {
      codes.push(
        await page.evaluate(
          async ([t, p]) => {
            const r = await fetch('/api/work-orders', {
              method: 'POST',
              headers: { 'content-type': 'application/json' },
              body: JSON.stringify({ channel: 'phone', requestType: 'complaint', title: t, text: `${t}，请尽快处理。`, requester: { name: '周八', phone: p } }),
            });
            return ((await r.json()) as { code: string }).code;
          },
          [title, phone],
        ),
      );
    }
    await openIntake(page, '又来电', '诉求人再次来电。');
    await page.getByTestId('intake-phone').fill(phone);
    const history = page.getByTestId('caller-history');
    await history.filter({ hasText: '（2 条）' }).waitFor();
    expect((await history.getByTestId('caller-order').allTextContents()).map((s) => s.slice(0, codes[0].length)).sort()).toEqual([...codes].sort());
    await checkFaceWidths(page, { what: 'intake', ready: 'caller-order' }, { baseUrl: base });
    await page.getByTestId('intake-phone').fill('13500001111');
    await history.filter({ hasText: '无历史诉求' }).waitFor();
    expect(await history.getByTestId('caller-order').count()).toBe(0);
    await closePage(page);
  });
});
