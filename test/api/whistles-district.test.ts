import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError } from '../support/factories.ts';
import { blowOk } from '../support/whistles.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

it('the coordination platform shows each department’s load and each street’s whistle rate; only for the district', async () => {
  const w = await blowOk(t, { units: [DEMO.departments.chengguan, DEMO.departments.shijian] });
  t.advance(31 * 60_000);
  await t.post('/api/deadlines/sweep', {}, 'supervisor');
  expectError(await t.get('/api/whistles/stats', 'donghuamen'), 403, 'forbidden');
  const s = await t.get('/api/whistles/stats', 'district');
  expect(s.status).toBe(200);
  const dhm = s.body.streets.find((x: any) => x.streetId === w.streetId);
  expect(dhm).toMatchObject({ whistles: 1, open: 1 });
  const sj = s.body.units.find((u: any) => u.unitId === w.reportIns[1].unitId);
  expect(sj).toMatchObject({ openSummons: 1, lateReportIns: 1, lateNow: 1, streets: 1 });
});

it('streets keep a register of stationed staff; the district records supervision and tells the unit', async () => {
  const street = await t.unitId(DEMO.streets.donghuamen);
  const cg = await t.unitId(DEMO.departments.chengguan);
  const r = await t.post(`/api/streets/${street}/stationed-staff`, { departmentId: cg, name: '王执法', phone: '13900000001' }, 'donghuamen');
  expect(r.status).toBe(201);
  expectError(await t.post(`/api/streets/${street}/stationed-staff`, { departmentId: cg, name: '越权' }, 'hepingli'), 403, 'forbidden');
  expectError(await t.post(`/api/streets/${street}/stationed-staff`, { departmentId: street, name: '不是部门' }, 'donghuamen'), 400, 'validation_failed');
  expect((await t.get(`/api/streets/${street}/stationed-staff`, 'donghuamen')).body.items).toMatchObject([{ departmentId: cg, name: '王执法' }]);

  expectError(await t.post('/api/whistle-supervisions', { unitId: cg, kind: 'interview', note: '街道不能约谈' }, 'donghuamen'), 403, 'forbidden');
  const sup = await t.post('/api/whistle-supervisions', { unitId: cg, kind: 'interview', note: '本月两次报到超时，约谈分管负责人' }, 'district');
  expect(sup.status).toBe(201);
  const told = await t.db.query(`select n.kind from notifications n join users u on u.id = n.user_id where u.username = 'chengguan' and n.kind like 'whistle.supervision.%'`);
  expect(told.rows).toEqual([{ kind: 'whistle.supervision.interview' }]);
  const stats = (await t.get('/api/whistles/stats', 'district')).body;
  expect(stats.units.find((u: any) => u.unitId === cg).supervisions).toBe(1);
});
