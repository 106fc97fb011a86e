import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO } from '../support/factories.ts';
import { blowOk, ON_SITE, wactOk } from '../support/whistles.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('the streets’ ratings of a department enter its composite with the policy’s whistle weight (一哨一考核)', async () => {
  const [cg, sj] = [await t.unitId(DEMO.departments.chengguan), await t.unitId(DEMO.departments.shijian)];
  const before = (await t.get(`/api/evaluation/scores?period=2026-03&unitId=${cg}`, 'chengguan')).body;
  expect(before.whistleScore).toBeNull();

  const w = await blowOk(t);
  for (const as of ['chengguan', 'shijian']) {
    await wactOk(t, w.id, 'report-in', { person: `${as} 值班`, ...ON_SITE }, as);
    await wactOk(t, w.id, 'record-action', { text: '到场处置' }, as);
  }
  await wactOk(t, w.id, 'close', { result: '处置完毕' }, 'donghuamen');
  await wactOk(t, w.id, 'rate', { unitId: cg, timeliness: 5, attitude: 5, effectiveness: 4, comment: '' }, 'donghuamen');
  await wactOk(t, w.id, 'rate', { unitId: sj, timeliness: 2, attitude: 3, effectiveness: 4, comment: '' }, 'donghuamen');

  const s = (await t.get(`/api/evaluation/scores?period=2026-03&unitId=${cg}`, 'chengguan')).body;
  // mean mark 14/3 of 5 → 93.33; no callbacks yet, so the hotline part is what the rates give
  expect(s.whistleScore).toBe(93.33);
  const hotline = 100 * (0.1 * s.responseRate + 0.5 * s.resolutionRate + 0.4 * s.satisfactionRate);
  expect(s.compositeScore).toBeCloseTo((2 / 3) * hotline + (1 / 3) * 93.33, 1);
  expect((await t.get(`/api/evaluation/scores?period=2026-03&unitId=${sj}`, 'shijian')).body.whistleScore).toBe(60);
  // a rating in another period does not count for March
  expect((await t.get(`/api/evaluation/scores?period=2026-04&unitId=${cg}`, 'chengguan')).body.whistleScore).toBeNull();
});
