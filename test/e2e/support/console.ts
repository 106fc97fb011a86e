import type { Locator, Page } from 'playwright-core';

/** Helpers that drive the console the way a person does: through its forms and buttons. */

export type NewOrder = { id: number; code: string };

export async function intakeViaConsole(
  page: Page,
  o: { title: string; text: string; street: string; address: string; name: string; phone: string },
): Promise<NewOrder> {
  await page.getByTestId('nav-intake').click();
  await page.getByTestId('intake-channel').selectOption('phone');
  await page.getByTestId('intake-requestType').selectOption('complaint');
  await page.getByTestId('intake-urgency').selectOption('general');
  await page.getByTestId('intake-title').fill(o.title);
  await page.getByTestId('intake-text').fill(o.text);
  // The street list arrives from /api/units; selectOption waits for the option to exist.
  await page.getByTestId('loc-street').selectOption({ label: o.street });
  await page.getByTestId('loc-address').fill(o.address);
  await page.getByTestId('intake-name').fill(o.name);
  await page.getByTestId('intake-phone').fill(o.phone);
  await page.getByTestId('intake-submit').click();
  await page.waitForURL(/\/console\/orders\/\d+$/);
  const code = (await page.getByTestId('order-code').textContent())?.trim() ?? '';
  const id = Number(/\/orders\/(\d+)$/.exec(page.url())![1]);
  return { id, code };
}

/** Finds the order in the queue by its code (as staff do) and clicks it: the page stands on the queue's row. */
export async function clickFromQueue(page: Page, code: string, queue: 'mine' | 'all' = 'mine'): Promise<void> {
  await page.goto(`/console${queue === 'all' ? '?queue=all' : ''}`);
  await page.getByTestId('queue-search').fill(code);
  await page.getByTestId('queue-search-submit').click();
  await page.locator(`[data-testid="queue-row"][data-code="${code}"] [data-testid="queue-row-link"]`).click();
  await page.getByTestId('order-code').filter({ hasText: code }).waitFor();
}

/** Opens the order from the queue and waits for its full detail (what the journeys act on). */
export async function openFromQueue(page: Page, code: string, queue: 'mine' | 'all' = 'mine'): Promise<void> {
  await clickFromQueue(page, code, queue);
  await page.locator('[data-testid="order-page"][data-version]').waitFor();
}

export function badges(page: Page): Locator {
  return page.locator('.order-head .badges');
}

export async function waitForStatus(page: Page, status: string, label: string): Promise<void> {
  await badges(page).locator(`[data-status="${status}"]`).filter({ hasText: label }).waitFor();
}

/** The version of the order on the page, once its full detail is shown (the row shown before it has none). */
export async function version(page: Page): Promise<number> {
  return Number(await page.locator('[data-testid="order-page"][data-version]').getAttribute('data-version'));
}

/**
 * Opens an action's form from the action panel, lets `fill` complete it, submits, and waits for
 * the page to show the order's next version.
 */
export async function act(page: Page, action: string, fill?: (form: Locator) => Promise<unknown>): Promise<void> {
  const before = await version(page);
  await page.getByTestId(`action-${action}`).click();
  const form = page.getByTestId(`action-form-${action}`);
  await form.waitFor();
  if (fill) await fill(form);
  await form.getByTestId('action-submit').click();
  const next = page.waitForFunction(
    (v) => Number(document.querySelector('[data-testid="order-page"]')?.getAttribute('data-version')) > v,
    before,
    { timeout: 15_000 },
  );
  // Routing decisions ask "派往 X？" first; everything else is sent at once.
  const confirm = form.getByTestId('action-confirm');
  await Promise.race([next, confirm.waitFor({ timeout: 15_000 }).then(() => confirm.click(), () => undefined)]);
  await next;
}

/** Types into a unit picker and chooses the unit with exactly this name. */
export async function pickUnit(form: Locator, field: string, search: string, name: string): Promise<void> {
  await form.getByTestId(`field-${field}-search`).fill(search);
  await form.getByTestId(`field-${field}-option`).filter({ hasText: new RegExp(`^${name}`) }).first().click();
  await form.getByTestId(`field-${field}-selected`).filter({ hasText: name }).waitFor();
}

/** Types into a unit picker (by its test id) and takes the first match with the keyboard, as the combobox allows. */
export async function pickUnitByKeys(page: Page, testid: string, text: string): Promise<void> {
  await page.getByTestId(`${testid}-search`).fill(text);
  await page.getByTestId(`${testid}-option`).first().waitFor();
  await page.getByTestId(`${testid}-search`).press('ArrowDown');
  await page.getByTestId(`${testid}-search`).press('Enter');
}
