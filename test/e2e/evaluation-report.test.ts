import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { useE2e } from './support/use-e2e.ts';

const { base, api, loginAs } = useE2e({ locale: 'en' });
const { call, act } = api;

const period = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

describe('the monthly report and 七有/五性 in the console', () => {
  it('the report page shows the API’s figures and downloads its PDF; 七有/五性 drills down to the order', async () => {
    const streets = await call('supervisor', 'GET', '/api/units?kind=street');
    const street = (streets.items ?? streets).find((u: any) => u.code === '110101001');
    // 占道经营 (01.02.17) falls under 宜居性 through 01.02 in the default mapping.
    const o = await call('agent', 'POST', '/api/work-orders', {
      channel: 'phone', requestType: 'complaint', title: '东华门大街占道经营', text: '每天傍晚东华门大街有摊贩占道经营，影响通行，请城管处理。', category: '01.02.17',
      location: { streetId: street.id, address: '东华门大街20号' }, requester: { name: '赵六', phone: '13900002222' },
    });
    await act('dispatcher', o.id, 'dispatch', { leadUnitId: street.id });
    for (const a of ['sign', 'contact']) await act('donghuamen', o.id, a, {});
    await act('donghuamen', o.id, 'feedback', { result: '已劝离摊贩', solved: true });
    await act('callback', o.id, 'callback', { valid: true, contacted: true, solved: true, satisfaction: 'basically_satisfied' });
    const report = await call('supervisor', 'GET', `/api/evaluation/reports/${street.id}?period=${period}`);

    const page = await loginAs('supervisor', `/console/evaluation/reports/${street.id}?period=${period}`);
    await page.getByTestId('report-figures').waitFor();
    const cells = await page.getByTestId('report-composite').locator('td').allTextContents();
    expect(cells[0]).toBe(report.current.compositeScore.toFixed(2));
    expect(cells[1]).toBe(report.previous.compositeScore.toFixed(2));
    expect((await page.getByTestId('report-satisfaction').locator('td').allTextContents())[0]).toBe(`${(report.current.satisfactionRate * 100).toFixed(2)}%`);
    const download = page.waitForEvent('download');
    await page.getByTestId('report-pdf').click();
    const file = await (await download).path();
    const pdf = fs.readFileSync(file!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect((pdf.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBeGreaterThanOrEqual(2);

    const district = (await call('supervisor', 'GET', '/api/units?kind=district')).items.find((u: any) => u.code === '110101').id;
    const dims = await call('supervisor', 'GET', `/api/evaluation/dimensions?period=${period}&unitId=${district}`);
    const livability = dims.items.find((d: any) => d.key === 'livability');
    expect(livability.volume).toBeGreaterThanOrEqual(1);
    await page.goto(`${base}/console/evaluation/dimensions?unitId=${district}&period=${period}`);
    await page.getByTestId('dim-row-livability').waitFor();
    expect(await page.getByTestId('dim-volume-livability').textContent()).toBe(String(livability.volume));
    await page.getByTestId('dim-charts').locator('svg').first().waitFor();
    await page.getByTestId('dim-volume-livability').click();
    await page.getByTestId('dim-orders').getByText(o.code).waitFor();
    await closePage(page);
    expect(pageErrors).toEqual([]);
  });
});
