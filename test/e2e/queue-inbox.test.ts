import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { isolate, pageWidth, screenshot, seriousViolations, WIDTHS } from './support/faces.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, loginAs } = useE2e();
const timings: string[] = [];
// Issue 11's targets; the run shares two cores with other work, so a page fails only at three times over.
const FIRST_SCREEN_MS = 2000;
const INTERACTION_MS = 100;
const SLACK = 3;
// A word only these orders carry, so the journey finds exactly them among the demo history.
const TAG = `批量${Date.now() % 100000}`;

afterAll(async () => {
  console.log(`[timing] queue inbox, ms:\n${timings.join('\n')}`);
});

/** Takes three calls in through the API as the agent: two general, one emergency. */
async function seed(page: Page): Promise<string[]> {
  return page.evaluate(async (tag) => {
    const codes: string[] = [];
    for (const [urgency, channel] of [['general', 'phone'], ['emergency', 'phone'], ['general', 'sms']]) {
      const r = await fetch('/api/work-orders', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ channel, requestType: 'complaint', urgency, title: `${tag} 路灯不亮`, text: `${tag} 东华门大街路灯不亮，晚上很黑。`, location: { address: '东华门大街1号' }, requester: { name: '王五', phone: '13611112222' } }),
      });
      codes.push(((await r.json()) as { code: string }).code);
    }
    return codes;
  }, TAG);
}

/** Runs `act` in the page and waits, in the page, until `done` holds: what the person waits for. */
async function timed(page: Page, label: string, act: string, done: string): Promise<number> {
  const ms = await page.evaluate(
    ([a, d]) =>
      new Promise<number>((resolve) => {
        const t0 = performance.now();
        new Function(a)();
        const tick = () => (new Function(`return (${d})`)() ? resolve(performance.now() - t0) : requestAnimationFrame(tick));
        tick();
      }),
    [act, done] as const,
  );
  timings.push(`${label}: ${Math.round(ms)}`);
  return ms;
}

const codesShown = (page: Page) => page.locator('[data-testid="queue-row"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-code')!));

describe('the queue as an inbox (issue 11)', () => {
  it('a dispatcher filters, sorts and bulk-dispatches, with per-row results', async () => {
    const agent = await loginAs('agent');
    const codes = await seed(agent);
    await closePage(agent);

    const page = await loginAs('dispatcher');
    await page.goto(`/console?queue=all&q=${encodeURIComponent(TAG)}`);
    await page.locator('[data-testid="queue-row"]').first().waitFor();
    const first = Math.round(await page.evaluate(() => performance.now()));
    timings.push(`first screen, queue with a search: ${first}`);
    expect(first).toBeLessThan(FIRST_SCREEN_MS * SLACK);
    expect((await codesShown(page)).sort()).toEqual([...codes].sort());
    // Every open row shows its clock.
    expect(await page.getByTestId('time-left').count()).toBe(3);

    // Filter: general urgency only (the emergency call drops out).
    await page.locator('.filter-box summary').click();
    await page.getByTestId('queue-urgency').selectOption('general');
    await expect.poll(async () => (await codesShown(page)).sort()).toEqual([codes[0], codes[2]].sort());
    await page.getByTestId('queue-channel').selectOption('sms');
    await expect.poll(() => codesShown(page)).toEqual([codes[2]]);
    await page.getByTestId('queue-channel').selectOption('');
    await expect.poll(async () => (await codesShown(page)).length).toBe(2);

    // Sort by code, both ways: the page is reordered in the browser, no request.
    const sortMs = await timed(page, 'sort by code (click → reordered)', `document.querySelector('[data-testid="sort-code"]').click()`, `document.querySelector('[data-testid="queue-row"]')?.getAttribute('data-code') === ${JSON.stringify([codes[0], codes[2]].sort()[1])}`);
    expect(sortMs).toBeLessThan(INTERACTION_MS * SLACK);
    expect(await codesShown(page)).toEqual([codes[0], codes[2]].sort().reverse());
    await page.getByTestId('sort-code').click();
    expect(await codesShown(page)).toEqual([codes[0], codes[2]].sort());

    // Bulk: select both, choose 东华门街道 from the picker by keyboard, dispatch.
    // The first selection mounts the bulk form (reported); toggling a row after that is the repeated interaction.
    await timed(page, 'select all rows (mounts the bulk form)', `document.querySelector('[data-testid="select-all"]').click()`, `document.querySelector('[data-testid="bulk-count"]')`);
    await timed(page, 'unselect one row', `document.querySelector('[data-testid="row-select"]').click()`, `document.querySelector('[data-testid="bulk-count"]')?.textContent.includes('1')`);
    const selMs = await timed(page, 'select one row', `document.querySelector('[data-testid="row-select"]').click()`, `document.querySelector('[data-testid="bulk-count"]')?.textContent.includes('2')`);
    expect(selMs).toBeLessThan(INTERACTION_MS * SLACK);
    await page.getByTestId('bulk-unit-search').fill('东华门');
    await page.getByTestId('bulk-unit-option').filter({ hasText: '东华门街道' }).first().waitFor();
    await page.getByTestId('bulk-unit-search').press('ArrowDown');
    await page.getByTestId('bulk-unit-search').press('Enter');
    await expect.poll(() => page.getByTestId('bulk-confirm').textContent()).toContain('东华门街道');
    await page.getByTestId('bulk-dispatch').click();
    await page.getByTestId('bulk-results').waitFor();
    const results = await page.getByTestId('bulk-result').evaluateAll((li) => li.map((l) => [l.textContent, l.getAttribute('data-ok')]));
    expect(results.map((r) => r[1])).toEqual(['true', 'true']);
    await page.getByTestId('queue-status').selectOption('dispatched');
    await expect.poll(async () => (await codesShown(page)).sort()).toEqual([codes[0], codes[2]].sort());
    // The rows before the filter were these two orders too: wait for the filtered answer, not just the codes.
    await expect.poll(() => page.locator('[data-testid="queue-row"] [data-testid="status"]').evaluateAll((b) => b.map((x) => x.getAttribute('data-status')))).toEqual(['dispatched', 'dispatched']);

    // A saved view comes back after a reload (it is kept on the server).
    await page.getByTestId('view-name').fill(`${TAG}已派`);
    await page.getByTestId('view-save').click();
    await page.getByTestId('view-open').filter({ hasText: `${TAG}已派` }).waitFor();
    await page.goto('/console?queue=all');
    await page.getByTestId('view-open').filter({ hasText: `${TAG}已派` }).click();
    await expect.poll(async () => (await codesShown(page)).sort()).toEqual([codes[0], codes[2]].sort());

    // Keys: j to the first row, o to open it.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('j');
    await page.keyboard.press('o');
    await page.getByTestId('order-page').waitFor();
    expect([codes[0], codes[2]]).toContain((await page.getByTestId('order-code').textContent())?.trim());
    await closePage(page);
  });

  it('the filtered queue with its bulk bar: no serious axe violation and no request to another host, at 1440 and 390 px', async () => {
    const page = await loginAs('dispatcher');
    const foreign = await isolate(page, base);
    for (const w of WIDTHS) {
      await page.setViewportSize({ width: w.width, height: w.height });
      await page.goto(`/console?queue=all&urgency=general&col=urgency&dir=asc`);
      await page.getByTestId('queue-table').waitFor();
      timings.push(`first screen, filtered queue ${w.name}: ${Math.round(await page.evaluate(() => performance.now()))}`);
      await page.locator('[data-testid="row-select"]').first().check();
      await page.getByTestId('bulk-count').waitFor();
      await page.waitForLoadState('networkidle');
      expect(await seriousViolations(page), `queue at ${w.width} px`).toEqual([]);
      if (w.width === 390) expect(await pageWidth(page)).toBeLessThanOrEqual(390);
      await screenshot(page, `console-queue-inbox-${w.name}`);
    }
    expect(foreign).toEqual([]);
    expect(pageErrors).toEqual([]);
    await closePage(page);
  });
});
