import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closePage } from './support/browser.ts';
import { checkFaceWidths } from './support/faces.ts';
import { pickUnitByKeys as pickUnit } from './support/console.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, loginAs, openPage } = useE2e();

async function signIn(username: string, password: string): Promise<Page> {
  const page = await openPage('/console');
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  return page;
}

const getJson = (page: Page, path: string) => page.evaluate(async (p) => (await fetch(p)).json(), path);

describe('accounts and units in the browser (issue 11)', () => {
  it('an administrator creates an account, gives it a role, the person signs in; deactivated, they are signed out and cannot sign in again', async () => {
    const admin = await loginAs('admin');
    admin.on('dialog', (d) => void d.accept());
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-link-users').click();
    await admin.getByTestId('users-table').waitFor();

    await admin.getByTestId('user-new-username').fill('e2e-wangxm');
    await admin.getByTestId('user-new-name').fill('王小明');
    await admin.getByTestId('user-create-submit').click();
    const password = (await admin.getByTestId('user-created-password').textContent())!.trim();
    expect(password.length).toBeGreaterThanOrEqual(12);

    // the list finds the new account by a fragment of its name; its edit page gives it a role in the hotline centre
    await admin.getByTestId('users-search').fill('小明');
    await expect.poll(() => admin.getByTestId('user-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-username')))).toEqual(['e2e-wangxm']);
    await admin.getByTestId('user-row').getByRole('link').click();
    await admin.getByTestId('user-edit-role-dispatcher').check();
    await pickUnit(admin, 'user-edit-unit-dispatcher', '12345');
    await admin.getByTestId('user-save').click();
    await admin.getByTestId('notice').waitFor();
    const saved = await getJson(admin, '/api/users/e2e-wangxm');
    expect(saved.grants).toEqual([expect.objectContaining({ role: 'dispatcher', unitName: '北京市12345市民服务热线' })]);
    await expect.poll(() => admin.locator('[data-testid="org-change"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).toEqual(['updated', 'created']);

    const person = await signIn('e2e-wangxm', password);
    await person.getByTestId('user-name').waitFor();
    expect(await person.getByTestId('user-name').textContent()).toContain('王小明');

    await admin.getByTestId('user-toggle-active').click();
    await expect.poll(() => admin.getByTestId('user-toggle-active').textContent()).toBe('重新启用');
    await person.reload();
    await person.getByTestId('login-form').waitFor();
    const again = await signIn('e2e-wangxm', password);
    await again.getByTestId('error').waitFor();
    expect(await again.getByTestId('user-name').count()).toBe(0);
    await closePage(again);
    await closePage(person);

    await checkFaceWidths(
      admin,
      [
        { what: 'users', path: '/console/admin/users', ready: 'users-table', shot: 'console-admin-users' },
        { what: 'user', path: '/console/admin/users/e2e-wangxm', ready: 'org-history', shot: 'console-admin-user' },
      ],
      { baseUrl: base },
    );
    // in English the page speaks English: headings, roles and the history's words
    await admin.getByTestId('lang-en').click();
    await expect.poll(() => admin.getByTestId('org-history').textContent()).toContain('Deactivated');
    expect(await admin.getByTestId('user-edit').textContent()).toContain('Dispatcher');
    expect(await admin.getByTestId('org-history').textContent()).not.toMatch(/修改|创建|停用|派单员/);
    await admin.getByTestId('lang-zh').click();
    await closePage(admin);
  });

  it('an administrator creates a community under a street and renames it; the tree and the history show it', async () => {
    const admin = await loginAs('admin');
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-link-units').click();
    await admin.getByTestId('unit-children').waitFor();
    await pickUnit(admin, 'units-find', '东华门街道');
    await expect.poll(() => admin.getByTestId('unit-chain').textContent()).toContain('东华门街道');

    // under a street only a community may be created: the form offers just that kind
    expect(await admin.getByTestId('unit-new-kind').locator('option').evaluateAll((o) => o.map((x) => (x as HTMLOptionElement).value))).toEqual(['community']);
    await admin.getByTestId('unit-new-code').fill('E2E-C1');
    await admin.getByTestId('unit-new-name').fill('东华门测试社区');
    await admin.getByTestId('unit-new-short-name').fill('测试');
    await admin.getByTestId('unit-create-submit').click();
    await admin.getByTestId('unit-created').waitFor();
    await admin.locator('[data-testid="unit-child"][data-code="E2E-C1"]').waitFor();
    await admin.getByTestId('unit-created-open').click();
    await expect.poll(() => admin.getByTestId('unit-chain').textContent()).toContain('东华门测试社区');

    await admin.getByTestId('unit-name').fill('东华门样板社区');
    await admin.getByTestId('unit-save').click();
    await admin.getByTestId('notice').waitFor();
    await expect.poll(() => admin.locator('[data-testid="org-change"]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')))).toEqual(['updated', 'created']);
    // the unit read again with its new version (the form remounted): the save's notice is still there
    await expect.poll(() => admin.getByTestId('unit-name').inputValue()).toBe('东华门样板社区');
    await admin.getByTestId('unit-chain').getByText('东华门样板社区').waitFor();
    expect(await admin.getByTestId('notice').isVisible()).toBe(true);
    expect(await admin.locator('[data-testid="org-change"]').first().textContent()).toContain('东华门测试社区 → 东华门样板社区');
    const found = await getJson(admin, `/api/units?q=${encodeURIComponent('样板社区')}`);
    expect(found.items.map((u: { code: string }) => u.code)).toEqual(['E2E-C1']);

    const url = new URL(admin.url()).pathname;
    const unitReady = async (page: Page) => {
      await page.getByTestId('unit-edit').waitFor();
      await page.getByTestId('org-history').or(page.getByText('暂无修改记录。')).first().waitFor();
    };
    await checkFaceWidths(
      admin,
      [
        { what: 'community', path: url, ready: unitReady, shot: 'console-admin-units-community' },
        { what: 'units', path: '/console/admin/units', ready: unitReady, shot: 'console-admin-units' },
      ],
      { baseUrl: base },
    );
    await closePage(admin);
  });
});
