import fs from 'node:fs';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { closePage, pageErrors } from './support/browser.ts';
import { useE2e } from './support/use-e2e.ts';

const { api, loginAs } = useE2e({ locale: 'en' });
const { call, act } = api;

/** An order to 东华门街道 walked to its callback through the API, as the other roles would. */
async function calledBack(answer: { contacted: boolean; solved: boolean; satisfaction: string }) {
  const units = await call('supervisor', 'GET', '/api/units?kind=street');
  const street = (units.items ?? units).find((u: any) => u.code === '110101001');
  const o = await call('agent', 'POST', '/api/work-orders', {
    channel: 'phone', requestType: 'complaint', title: '东华门大街夜间施工扰民', text: '东华门大街夜间施工噪音很大，影响休息，请有关部门处理。',
    location: { streetId: street.id, address: '东华门大街8号' }, requester: { name: '王五', phone: '13900001111' },
  });
  await act('dispatcher', o.id, 'dispatch', { leadUnitId: street.id });
  await act('donghuamen', o.id, 'sign', {});
  await act('donghuamen', o.id, 'contact', {});
  await act('donghuamen', o.id, 'feedback', { result: '已协调施工单位停止夜间施工', solved: true });
  await act('callback', o.id, 'callback', { valid: true, ...answer });
  return { orderId: o.id as number, streetId: street.id as number };
}

const period = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);

describe('考评 in the console', () => {
  it('rankings, a score card and a drill-down show the API’s figures; the XLSX export reads back', async () => {
    const a = await calledBack({ contacted: true, solved: true, satisfaction: 'satisfied' });
    await calledBack({ contacted: true, solved: false, satisfaction: 'dissatisfied' });
    await calledBack({ contacted: true, solved: true, satisfaction: 'basically_satisfied' });
    const unitId = a.streetId;
    const score = await call('supervisor', 'GET', `/api/evaluation/scores?period=${period}&unitId=${unitId}`);
    expect(score.validCallbacks).toBeGreaterThanOrEqual(3);
    const ranking = await call('supervisor', 'GET', `/api/evaluation/rankings?period=${period}&group=streets`);
    const mine = ranking.items.find((i: any) => i.unitId === unitId);

    const page = await loginAs('supervisor', `/console/evaluation?group=streets&period=${period}`);
    await page.getByTestId('ranking-table').waitFor();
    const row = page.getByTestId(`rank-row-${unitId}`);
    expect(await row.getByTestId('rank-composite').textContent()).toBe(mine.compositeScore.toFixed(2));
    expect(await row.getByTestId('rank-n').textContent()).toBe(String(mine.validCallbacks));

    const download = page.waitForEvent('download');
    await page.getByTestId('ev-export-xlsx').click();
    const file = await (await download).path();
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(file!);
    const ws = wb.worksheets[0];
    expect(ws.getRow(1).getCell(2).value).toBe('单位 Unit');
    const rows = ws.getSheetValues().slice(2).filter(Boolean) as unknown[][];
    expect(rows).toHaveLength(ranking.items.length);
    const xRow = rows.find((r) => r[2] === mine.name)!;
    expect(xRow[3]).toBe(mine.compositeScore);
    expect(xRow[7]).toBe(mine.validCallbacks);
    fs.rmSync(file!, { force: true });

    await row.getByTestId('rank-unit').click();
    await page.getByTestId('score-card').waitFor();
    await page.getByTestId('card-policy').waitFor();
    expect(await page.getByTestId('card-composite').textContent()).toBe(score.compositeScore.toFixed(2));
    expect(await page.getByTestId('card-n').textContent()).toBe(String(score.validCallbacks));
    expect(await page.getByTestId('card-resolution').textContent()).toBe(`${(score.resolutionRate * 100).toFixed(2)}%`);
    await page.getByTestId('trend-chart').locator('svg').waitFor();

    await page.getByTestId('card-resolution').click();
    await page.getByTestId('drill-table').waitFor();
    const drill = await call('supervisor', 'GET', `/api/evaluation/drilldown?period=${period}&unitId=${unitId}&filter=not_solved`);
    expect(drill.total).toBe(score.validCallbacks - score.solved);
    await expect.poll(() => page.locator('[data-testid^="drill-row-"]').count()).toBe(drill.items.length);
    for (const i of drill.items) await page.getByTestId(`drill-row-${i.orderId}`).waitFor();
    await closePage(page);
    expect(pageErrors).toEqual([]);
  });
});
