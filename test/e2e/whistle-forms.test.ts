import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { apiAs as apiAsOn } from './support/whistle-api.ts';
import { closePage } from './support/browser.ts';
import { checkReloadedFace } from './support/faces.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, loginAs } = useE2e();

const apiAs = (username: string) => apiAsOn(base, username);

const chip = (page: Page, unitCode: string) => page.locator(`[data-testid="whistle-report-ins"] [data-testid="report-in-chip"][data-unit="${unitCode}"]`);
// a 1×1 PNG: the photo input downscales images in the page, and the server checks the bytes are a PNG
const PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==', 'base64');

/** A routine whistle dispatching the named stationed officer, with a photo of the scene. */
async function fillRoutineBlow(street: Page, name: string) {
    await street.getByTestId('blow-type').selectOption('routine');
    await street.getByTestId('blow-trigger').selectOption('joint_enforcement');
    await street.getByTestId('blow-title').fill('东华门大街占道经营');
    await street.getByTestId('blow-description').fill('东华门大街夜市占道经营，需派驻城管队员到场劝离。');
    await street.locator(`[data-testid="blow-stationed-person"][data-name="${name}"]`).check();
    await street.getByTestId('blow-photos').setInputFiles({ name: '现场.png', mimeType: 'image/png', buffer: PNG });
    await street.getByTestId('blow-photos-picked').waitFor();
}

describe('whistle forms in the console', () => {
  it('东华门 registers a stationed 城管 officer, dispatches them on a routine whistle with a photo, and reports in and acts for 城管', async () => {
    const street = await loginAs('donghuamen', '/console/whistles/stationed');
    await street.getByTestId('stationed-page').waitFor();
    await checkReloadedFace(street, base, 'whistle-stationed', 'stationed-form');
    const name = `王执法${Date.now() % 10000}`;
    await street.getByTestId('stationed-dept-search').fill('城市管理委员会');
    await street.getByTestId('stationed-dept-option').filter({ hasText: '东城区城市管理委员会' }).click();
    await street.getByTestId('stationed-name').fill(name);
    await street.getByTestId('stationed-phone').fill('13900001111');
    await street.getByTestId('stationed-submit').click();
    await street.locator(`[data-testid="stationed-row"][data-name="${name}"]`).waitFor();

    await street.goto('/console/whistles/new');
    await fillRoutineBlow(street, name);
    await checkReloadedFace(street, base, 'whistle-blow-routine', 'blow-form');
    // the reload of the face check dropped the form: fill it again
    await fillRoutineBlow(street, name);
    await street.getByTestId('blow-submit').click();
    await street.getByTestId('whistle-page').waitFor();
    await expect.poll(() => chip(street, 'D110101-UMC').getAttribute('data-status')).toBe('pending');
    await expect(street.getByTestId('stationed-names').textContent()).resolves.toContain(name);
    await street.getByTestId('whistle-photo-thumb').first().waitFor();
    await expect.poll(() => street.getByTestId('whistle-photo-thumb').first().evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBeGreaterThan(0);

    // The street reports in for 城管 through the officer it commands, then records what they did.
    const report = street.getByTestId('wf-report_in');
    await expect(report.getByTestId('wf-report_in-behalf').textContent()).resolves.toContain('东城区城市管理委员会');
    await report.getByTestId('wf-report_in-person').fill(`${name} 13900001111`);
    await report.getByTestId('wf-report_in-submit').click();
    await expect.poll(() => chip(street, 'D110101-UMC').getAttribute('data-status')).toBe('reported');
    const act = street.getByTestId('wf-record_action');
    await act.getByTestId('wf-record_action-text').fill('派驻队员现场劝离占道摊贩三处');
    await act.getByTestId('wf-record_action-submit').click();
    await expect.poll(() => chip(street, 'D110101-UMC').getAttribute('data-status')).toBe('acted');
    await checkReloadedFace(street, base, 'whistle-page-stationed', 'whistle-page');
    await closePage(street);
  });

  it('the street summons one more unit to an open whistle from its page; the unit is told', async () => {
    const api = await apiAs('donghuamen');
    const units = (await api('/api/units?kind=department&limit=100')).body.items as { id: number; code: string }[];
    const street = (await api('/api/units?kind=street&limit=50')).body.items.find((u: { code: string }) => u.code === '110101001').id;
    const cg = units.find((u) => u.code === 'D110101-UMC')!.id;
    const blown = await api('/api/whistles', { type: 'key_task', trigger: 'key_task', title: '背街小巷环境整治', description: '胡同内违建与堆物，需多部门联合整治。', streetId: street, workOrderIds: [], summonedUnitIds: [cg] });
    expect(blown.status, JSON.stringify(blown.body)).toBe(201);

    const page = await loginAs('donghuamen', `/console/whistles/${blown.body.id}`);
    await page.getByTestId('wf-summon').waitFor();
    await page.getByTestId('wf-summon-units-search').fill('住房和城市建设');
    await page.getByTestId('wf-summon-units-option').filter({ hasText: '东城区住房和城市建设委员会' }).click();
    await page.getByTestId('wf-summon-submit').click();
    await expect.poll(() => chip(page, 'D110101-HUD').getAttribute('data-status')).toBe('pending');
    const zj = await apiAs('zhujian');
    const inbox = (await zj('/api/notifications')).body.items as { kind: string; subjectId: number | null }[];
    expect(inbox.some((n) => n.kind === 'whistle.summoned' && n.subjectId === blown.body.id)).toBe(true);
    await checkReloadedFace(page, base, 'whistle-page-summon', 'wf-summon');
    await closePage(page);
  });

  it('the district records a 约谈 with a department on the coordination platform; the department is told', async () => {
    const page = await loginAs('district', '/console/whistles/coordination');
    await page.getByTestId('coordination-page').waitFor();
    await page.getByTestId('street-needs-group').first().waitFor();
    await checkReloadedFace(page, base, 'whistle-coordination', 'supervision-form');
    await page.locator('[data-testid="load-row"][data-unit-name="东城区城市管理委员会"] [data-testid="load-supervise"]').click();
    await page.getByTestId('supervision-kind').selectOption('interview');
    await page.getByTestId('supervision-note').fill('本月多次报到超时，约谈分管负责人，限期整改。');
    await page.getByTestId('supervision-submit').click();
    await page.locator('[data-testid="supervision-record"][data-kind="interview"][data-unit-name="东城区城市管理委员会"]').waitFor();
    const cg = await apiAs('chengguan');
    const inbox = (await cg('/api/notifications')).body.items as { kind: string }[];
    expect(inbox.some((n) => n.kind === 'whistle.supervision.interview')).toBe(true);
    await closePage(page);
  });
});
