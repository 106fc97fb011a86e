import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { closePage } from './support/browser.ts';
import { checkFaceWidths } from './support/faces.ts';
import { pickUnitByKeys as pickUnit } from './support/console.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, loginAs } = useE2e();

const getJson = (page: Page, path: string) => page.evaluate(async (p) => (await fetch(p)).json(), path);
const actions = (page: Page, table: string) => page.locator(`[data-testid="${table}"] [data-testid="org-change"]`).evaluateAll((rows) => rows.map((r) => r.getAttribute('data-action')));

describe('gazetteer places and unit boundaries in the browser (issue 11)', () => {
  it('an administrator adds a place, renames it, and the place search finds it by its new name in its grid', async () => {
    const admin = await loginAs('admin');
    await admin.getByTestId('nav-admin').click();
    await admin.getByTestId('admin-link-places').click();
    await admin.getByTestId('places-page').waitFor();
    // the new place goes at 簋街's point, in 簋街's grid
    const guijie = (await getJson(admin, `/api/geo/gazetteer?q=${encodeURIComponent('簋街')}`)).items.find((p: { name: string }) => p.name === '簋街');
    expect(guijie.unitName).toBe('北新仓社区第1网格');

    await admin.getByTestId('place-new-name').fill('浏览器测试胡同');
    await admin.getByTestId('place-new-kind').selectOption('road');
    await admin.getByTestId('place-new-aliases').fill('浏览器胡同、测试胡同甲');
    await pickUnit(admin, 'place-new-unit', '北新仓社区第1网格');
    await admin.getByTestId('place-new-lon').fill(String(guijie.lon));
    await admin.getByTestId('place-new-lat').fill(String(guijie.lat));
    await admin.getByTestId('place-new-submit').click();
    await admin.getByTestId('notice').waitFor();

    await admin.getByTestId('places-q').fill('浏览器测试');
    await expect.poll(() => admin.getByTestId('place-row').count()).toBe(1);
    await admin.getByTestId('place-row').getByRole('link').click();
    await admin.getByTestId('place-edit-page').waitFor();
    await admin.getByTestId('place-edit-form-name').fill('浏览器样板胡同');
    await admin.getByTestId('place-edit-form-submit').click();
    await expect.poll(() => admin.getByTestId('place-edit').locator('h2').textContent()).toBe('浏览器样板胡同');
    await expect.poll(() => actions(admin, 'org-history')).toEqual(['updated', 'created']);
    expect(await admin.getByTestId('org-history').locator('[data-testid="org-change"]').first().textContent()).toContain('浏览器测试胡同 → 浏览器样板胡同');

    // what intake sees: the new name, in 簋街's grid and street; the old name no longer
    const found = await getJson(admin, `/api/geo/places?q=${encodeURIComponent('浏览器样板胡同')}`);
    expect(found.items[0]).toMatchObject({ name: '浏览器样板胡同', unit: { grid: { name: '北新仓社区第1网格' }, street: { name: '北新桥街道' } } });
    const old = await getJson(admin, `/api/geo/places?q=${encodeURIComponent('浏览器测试胡同')}`);
    expect(old.items.map((p: { name: string }) => p.name)).not.toContain('浏览器测试胡同');

    const placePath = new URL(admin.url()).pathname;
    await checkFaceWidths(
      admin,
      [
        { what: 'places', path: '/console/admin/places', ready: 'places-table', shot: 'console-admin-places' },
        { what: placePath, path: placePath, ready: 'org-history', shot: 'console-admin-place' },
      ],
      { baseUrl: base },
    );
    // in English the history speaks English
    await admin.getByTestId('lang-en').click();
    await expect.poll(() => admin.getByTestId('org-history').textContent()).toContain('Changed');
    expect(await admin.getByTestId('org-history').textContent()).not.toMatch(/修改|新增/);
    await admin.getByTestId('lang-zh').click();
    await closePage(admin);
  });

  it("an administrator replaces a grid's boundary with pasted GeoJSON; the map, the geometry API and the history show it", async () => {
    const admin = await loginAs('admin');
    const id = (await getJson(admin, `/api/units?q=${encodeURIComponent('望坛新苑社区第2网格')}&limit=5`)).items[0].id as number;
    const before = await getJson(admin, `/api/geo/units/${id}/geometry`);
    // the grid shrunk to 90 % around its centre: same place, a boundary that differs at every vertex
    const [x0, y0, x1, y1] = before.properties.bbox as number[];
    const [cx, cy] = (before.properties.centroid as [number, number] | null) ?? [(x0 + x1) / 2, (y0 + y1) / 2];
    const centreWasIn = (await getJson(admin, `/api/geo/locate?lon=${cx}&lat=${cy}`)).grid?.id === id;
    const outer = (before.geometry.type === 'Polygon' ? before.geometry.coordinates : before.geometry.coordinates[0])[0] as number[][];
    const r6 = (v: number) => Math.round(v * 1e6) / 1e6;
    const ring = outer.map(([x, y]) => [r6(cx + (x - cx) * 0.9), r6(cy + (y - cy) * 0.9)]);
    const xs = ring.map((p) => p[0]);
    const ys = ring.map((p) => p[1]);

    await admin.goto(`/console/admin/units/${id}`);
    await admin.getByTestId('boundary-card').waitFor();
    await admin.locator('[data-testid="boundary-map"] path').first().waitFor();
    // a ring left open is refused with the reason in words, and nothing changes
    await admin.getByTestId('boundary-text').fill(JSON.stringify({ type: 'Polygon', coordinates: [ring.slice(0, -1)] }));
    await admin.getByTestId('boundary-save').click();
    await expect.poll(() => admin.getByTestId('boundary-card').getByTestId('error').textContent()).toContain('未闭合');
    expect((await getJson(admin, `/api/geo/units/${id}/geometry`)).properties.bbox).toEqual(before.properties.bbox);

    await admin.getByTestId('boundary-text').fill(JSON.stringify({ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [ring] } }));
    await admin.getByTestId('boundary-save').click();
    await admin.getByTestId('boundary-card').getByTestId('notice').waitFor();
    await expect.poll(() => actions(admin, 'boundary-history')).toEqual(['replaced']);
    const after = await getJson(admin, `/api/geo/units/${id}/geometry`);
    expect(after.geometry).toEqual({ type: 'Polygon', coordinates: [ring] });
    expect(after.properties.bbox).toEqual([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)]);
    await expect.poll(() => admin.getByTestId('boundary-extent').textContent()).toBe([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].map((v) => v.toFixed(6)).join(', '));
    // shrunk around it, the centre stays in the grid by the new boundary
    if (centreWasIn) expect((await getJson(admin, `/api/geo/locate?lon=${cx}&lat=${cy}`)).grid.id).toBe(id);

    await checkFaceWidths(admin, { what: 'unit boundary', path: `/console/admin/units/${id}`, ready: 'boundary-history', shot: 'console-admin-unit-boundary' }, { baseUrl: base });
    await closePage(admin);
  });

  it('an administrator gives one account a role in a street and another in a grid of it, each with its own unit', async () => {
    const admin = await loginAs('admin');
    await admin.goto('/console/admin/users');
    await admin.getByTestId('user-new-username').fill('e2e-two-units');
    await admin.getByTestId('user-new-name').fill('赵两单位');
    await admin.getByTestId('user-create-submit').click();
    await admin.getByTestId('user-created-password').waitFor();
    await admin.goto('/console/admin/users/e2e-two-units');
    await admin.getByTestId('user-edit-role-street_staff').check();
    await pickUnit(admin, 'user-edit-unit-street_staff', '东华门街道');
    await admin.getByTestId('user-edit-role-grid_member').check();
    await pickUnit(admin, 'user-edit-unit-grid_member', '多福巷社区第1网格');
    await admin.getByTestId('user-save').click();
    await admin.getByTestId('notice').waitFor();
    const saved = await getJson(admin, '/api/users/e2e-two-units');
    const held = saved.grants.map((g: { role: string; unitName: string }) => `${g.role}@${g.unitName}`).sort();
    expect(held).toEqual(['grid_member@多福巷社区第1网格', 'street_staff@东华门街道']);
    await expect.poll(() => actions(admin, 'org-history')).toEqual(['updated', 'created']);
    expect(await admin.getByTestId('org-history').locator('[data-testid="org-change"]').first().textContent()).toMatch(/街乡工作人员（东华门街道）.*网格员（多福巷社区第1网格）|网格员（多福巷社区第1网格）.*街乡工作人员（东华门街道）/);
    await checkFaceWidths(admin, { what: 'user grants', path: '/console/admin/users/e2e-two-units', ready: 'user-edit-grant-grid_member', shot: 'console-admin-user-grants' }, { baseUrl: base });
    await closePage(admin);
  });
});
