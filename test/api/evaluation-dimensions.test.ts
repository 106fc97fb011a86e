import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError, intake } from '../support/factories.ts';
import { BASIC, calledBack, SAT, SILENT, UNSOLVED } from '../support/evaluation-factories.ts';

// 七有/五性 on a handful of orders in 2026-03, worked out by hand from the default mapping:
//   A 09.08.06 养老服务   东华门  satisfied            → 老有所养
//   B 14.08   体育        东华门  unsolved, dissatisfied → 多样性 only (14.08 narrows 14)
//   C 14.02   教育行政管理 东华门  basically satisfied  → 学有所教 (from 14)
//   D 01.10.03 物业服务    和平里  not contacted        → 住有所居 and 宜居性
//   E 14.02               东华门  received, no callback → 学有所教 volume only

let t: TestApp;
let district: number;
let dhm: number;
let hpl: number;
const orders: Record<string, any> = {};

beforeAll(async () => {
  t = await createTestApp();
  district = await t.unitId(DEMO.district);
  dhm = await t.unitId(DEMO.streets.donghuamen);
  hpl = await t.unitId(DEMO.streets.hepingli);
  orders.A = await calledBack(t, DEMO.streets.donghuamen, SAT);
  orders.B = await calledBack(t, DEMO.streets.donghuamen, UNSOLVED);
  orders.C = await calledBack(t, DEMO.streets.donghuamen, BASIC);
  orders.D = await calledBack(t, DEMO.streets.hepingli, SILENT, [], { location: { streetId: hpl, address: '和平里七区' } });
  orders.E = await intake(t);
  // The categories are set afterwards: the duty lists would refuse these streets as leads for them,
  // and the dimensions read an order's category as it is now.
  const cats: Record<string, string> = { A: '09.08.06', B: '14.08', C: '14.02', D: '01.10.03', E: '14.02' };
  for (const [k, code] of Object.entries(cats)) await t.db.query('update work_orders set category = $2 where id = $1', [orders[k].id, code]);
});
afterAll(() => t.close());

const dims = async (unitId: number, as = 'supervisor') => {
  const r = await t.get(`/api/evaluation/dimensions?period=2026-03&unitId=${unitId}`, as);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return Object.fromEntries(r.body.items.map((i: any) => [i.key, i])) as Record<string, any>;
};
const pick = (x: any) => ({ volume: x.volume, n: x.validCallbacks, r: x.responseRate, s: x.resolutionRate, m: x.satisfactionRate });

describe('七有/五性 per dimension and place', () => {
  it('the district: volumes and the three rates per dimension', async () => {
    const d = await dims(district);
    expect(pick(d.elderly)).toEqual({ volume: 1, n: 1, r: 1, s: 1, m: 1 });
    expect(pick(d.diversity)).toEqual({ volume: 1, n: 1, r: 1, s: 0, m: 0 });
    expect(pick(d.education)).toEqual({ volume: 2, n: 1, r: 1, s: 1, m: 0.9 });
    expect(pick(d.housing)).toEqual({ volume: 1, n: 1, r: 0, s: 0, m: 0 });
    expect(pick(d.livability)).toEqual({ volume: 1, n: 1, r: 0, s: 0, m: 0 });
    expect(pick(d.childcare)).toEqual({ volume: 0, n: 0, r: 0, s: 0, m: 0 });
    expect(d.elderly.family).toBe('sevenHaves');
    expect(d.safety.family).toBe('fiveQualities');
  });

  it('the district’s streets, a street alone, and the monthly trend', async () => {
    const r = (await t.get(`/api/evaluation/dimensions?period=2026-03&unitId=${district}`, 'district')).body;
    const byStreet = Object.fromEntries(r.places.map((p: any) => [p.unitId, p.dims]));
    expect(byStreet[dhm].education.volume).toBe(2);
    expect(byStreet[dhm].housing.volume).toBe(0);
    expect(byStreet[hpl].housing.volume).toBe(1);
    expect(r.trend).toHaveLength(12);
    expect(r.trend[11].period).toBe('2026-03');
    expect(r.trend[10].dims.education.volume).toBe(0);
    expect(r.trend[11].dims.education.volume).toBe(2);
    const s = await dims(dhm, 'donghuamen');
    expect(pick(s.education)).toEqual({ volume: 2, n: 1, r: 1, s: 1, m: 0.9 });
    expect(s.housing.volume).toBe(0);
  });

  it('drill-down lists the orders behind a dimension, keyset-paged', async () => {
    const page1 = (await t.get(`/api/evaluation/dimensions/orders?period=2026-03&unitId=${district}&dimension=education&limit=1`, 'supervisor')).body;
    expect(page1.items.map((i: any) => i.orderId)).toEqual([orders.C.id]);
    expect(page1.items[0]).toMatchObject({ satisfaction: 'basically_satisfied', category: '14.02' });
    const page2 = (await t.get(`/api/evaluation/dimensions/orders?period=2026-03&unitId=${district}&dimension=education&limit=1&after=${page1.next}`, 'supervisor')).body;
    expect(page2.items.map((i: any) => [i.orderId, i.satisfaction])).toEqual([[orders.E.id, null]]);
    expect(page2.next).toBeNull();
  });

  it('visibility: the unit, its district and the hotline centre; a department by the orders it leads', async () => {
    expectError(await t.get(`/api/evaluation/dimensions?period=2026-03&unitId=${district}`, 'hepingli'), 403, 'forbidden');
    expectError(await t.get(`/api/evaluation/dimensions?period=2026-03&unitId=${dhm}`, 'hepingli'), 403, 'forbidden');
    expectError(await t.get(`/api/evaluation/dimensions/orders?period=2026-03&unitId=${dhm}&dimension=education`, 'hepingli'), 403, 'forbidden');
    const dept = await t.unitId(DEMO.departments.chengguan);
    expect((await dims(dept)).education.volume).toBe(0);
    expectError(await t.get(`/api/evaluation/dimensions?period=2026-03&unitId=${dept}`, 'donghuamen'), 403, 'forbidden');
  });
});

describe('the mapping is versioned data', () => {
  it('an edit makes a new version with its changes; the figures follow it', async () => {
    const cur = (await t.get('/api/evaluation/dimension-map', 'donghuamen')).body;
    expect(cur.version).toBe(1);
    expect(cur.entries.find((e: any) => e.categoryCode === '14.08').dimensions).toEqual(['diversity']);
    const entries = cur.entries.map((e: any) => (e.categoryCode === '14.08' ? { ...e, dimensions: ['diversity', 'education'] } : e));
    expectError(await t.call('PUT', '/api/evaluation/dimension-map', { baseVersion: 1, entries }, 'donghuamen'), 403, 'forbidden');
    expectError(await t.call('PUT', '/api/evaluation/dimension-map', { baseVersion: 1, entries: [...entries, { categoryCode: '99.99', dimensions: ['safety'] }] }, 'supervisor'), 400, 'validation_failed');
    expectError(await t.call('PUT', '/api/evaluation/dimension-map', { baseVersion: 1, entries: [...entries, entries[0]] }, 'supervisor'), 400, 'validation_failed');
    const saved = await t.call('PUT', '/api/evaluation/dimension-map', { baseVersion: 1, entries, note: '体育也算学有所教' }, 'supervisor');
    expect(saved.status, JSON.stringify(saved.body)).toBe(200);
    expect(saved.body.version).toBe(2);
    expect(saved.body.changes).toEqual([{ categoryCode: '14.08', before: ['diversity'], after: ['diversity', 'education'] }]);
    expectError(await t.call('PUT', '/api/evaluation/dimension-map', { baseVersion: 1, entries }, 'supervisor'), 409, 'version_conflict');
    // education now: B, C, E → volume 3; callbacks B (unsolved, dissatisfied) and C (basic): 2 contacted, 1 solved, 0.9 / 2
    const d = await dims(district);
    expect(pick(d.education)).toEqual({ volume: 3, n: 2, r: 1, s: 0.5, m: 0.45 });
    const hist = (await t.get('/api/evaluation/dimension-map/history', 'district')).body.items;
    expect(hist.map((h: any) => h.version)).toEqual([2, 1]);
    expect(hist[0].note).toBe('体育也算学有所教');
    const audit = await t.db.query(`select data from evaluation_audit where kind = 'dimension_map.saved'`);
    expect(audit.rows).toHaveLength(1);
  });
});
