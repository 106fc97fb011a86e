import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError, intake } from '../support/factories.ts';
import { recordingDb } from '../support/explain.ts';
import { listAnalysisOrders } from '../../src/server/modules/analysis/drilldown-queries.ts';

/*
 * Five orders this March and one the March before, placed by hand on the Shanghai clock so that
 * every figure below can be counted on fingers: two sit on either side of Shanghai midnight,
 * which UTC would put on the same date.
 */
let t: TestApp;
let dhm: number;
let hpl: number;
let catA: string;
let catB: string;
const ids: Record<string, number> = {};

const at = (iso: string) => {
  t.clock.t = Date.parse(iso);
};

beforeAll(async () => {
  t = await createTestApp();
  dhm = await t.unitId(DEMO.streets.donghuamen);
  hpl = await t.unitId(DEMO.streets.hepingli);
  const cats = (await t.db.query<{ code: string }>(`select code from categories c where active and parent_code is not null
     and not exists (select 1 from categories d where d.parent_code = c.code and d.taxonomy_version_id = c.taxonomy_version_id)
     order by taxonomy_version_id desc, code limit 2`)).rows;
  [catA, catB] = cats.map((c) => c.code);
  const inHpl = { location: { streetId: hpl, address: '和平里七区3号楼' } };

  at('2026-03-02T02:00:00Z'); // Mon 10:00
  // Last year's order: taken in now and moved back a year (sessions and the taxonomy in force are this year's).
  ids.lastYear = (await intake(t, { category: catA })).id;
  await t.db.query(`update work_orders set received_at = '2025-03-03T02:00:00Z' where id = $1`, [ids.lastYear]);
  await t.db.query('select work_order_visibility_sync($1)', [ids.lastYear]);
  ids.o1 = (await intake(t, { category: catA })).id;
  ids.o2 = (await intake(t, { category: catB, channel: 'web', requestType: 'inquiry' })).id;
  at('2026-03-02T15:30:00Z'); // Mon 23:30
  ids.o3 = (await intake(t, { category: catA, ...inHpl })).id;
  at('2026-03-02T16:30:00Z'); // Tue 00:30, still Monday in UTC
  ids.o4 = (await intake(t, { category: catA, channel: 'wechat' })).id;
  at('2026-03-05T01:00:00Z'); // Thu 09:00
  ids.o5 = (await intake(t, { category: catB, ...inHpl })).id;
});
afterAll(() => t.close());

const vol = async (q: string, as = 'supervisor') => {
  const r = await t.get(`/api/analysis/volume?${q}`, as);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const counts = (body: any) => Object.fromEntries(body.items.filter((i: any) => i.count || i.lastYear).map((i: any) => [String(i.key), i.count]));

describe('GET /api/analysis/volume', () => {
  it('counts by Shanghai day, both ends inclusive, with every day listed', async () => {
    const b = await vol('from=2026-03-02&to=2026-03-03&by=day');
    expect(b.items).toEqual([
      { key: '2026-03-02', name: '2026-03-02', nameEn: '2026-03-02', count: 3 },
      { key: '2026-03-03', name: '2026-03-03', nameEn: '2026-03-03', count: 1 },
    ]);
    expect(b.total).toBe(4);
    expect((await vol('from=2026-03-05&to=2026-03-05&by=day')).total).toBe(1);
    expect((await vol('from=2026-03-04&to=2026-03-04&by=day')).items).toEqual([{ key: '2026-03-04', name: '2026-03-04', nameEn: '2026-03-04', count: 0 }]);
  });

  it('counts by place (unit ids), channel, request type, hour and weekday', async () => {
    const q = 'from=2026-03-01&to=2026-03-31';
    const streets = await vol(`${q}&by=street`);
    expect(counts(streets)).toEqual({ [dhm]: 3, [hpl]: 2 });
    expect(streets.items[0]).toMatchObject({ key: dhm, name: '东华门街道' });
    expect(counts(await vol(`${q}&by=channel`))).toEqual({ phone: 3, web: 1, wechat: 1 });
    expect(counts(await vol(`${q}&by=requestType`))).toEqual({ complaint: 4, inquiry: 1 });
    const hours = await vol(`${q}&by=hour`);
    expect(hours.items).toHaveLength(24);
    expect(counts(hours)).toEqual({ 10: 2, 23: 1, 0: 1, 9: 1 });
    expect(counts(await vol(`${q}&by=weekday`))).toEqual({ 1: 3, 2: 1, 4: 1 });
    expect(counts(await vol(`${q}&by=month`))).toEqual({ '2026-03': 5 });
  });

  it('compares with the same dates last year', async () => {
    const b = await vol('from=2026-03-01&to=2026-03-31&by=category&compare=lastYear');
    expect(b.compare).toEqual({ from: '2025-03-01', to: '2025-03-31', total: 1 });
    const byKey = Object.fromEntries(b.items.map((i: any) => [i.key, [i.count, i.lastYear]]));
    expect(byKey).toEqual({ [catA]: [3, 1], [catB]: [2, 0] });
    const days = await vol('from=2026-03-03&to=2026-03-03&by=day&compare=lastYear');
    expect(days.items[0]).toMatchObject({ key: '2026-03-03', count: 1, lastYear: 1 });
  });

  it('a street counts only what it may see', async () => {
    const q = 'from=2026-03-01&to=2026-03-31&by=street';
    expect(counts(await vol(q, 'donghuamen'))).toEqual({ [dhm]: 3 });
    expect(counts(await vol(q, 'hepingli'))).toEqual({ [hpl]: 2 });
    expect((await vol(`from=2026-03-01&to=2026-03-31&by=day&streetId=${hpl}`, 'donghuamen')).total).toBe(0);
  });

  it('filters by the cuts a drill-down repeats', async () => {
    const q = 'from=2026-03-01&to=2026-03-31&by=street';
    expect(counts(await vol(`${q}&category=${catA}`))).toEqual({ [dhm]: 2, [hpl]: 1 });
    expect(counts(await vol(`${q}&hour=23`))).toEqual({ [hpl]: 1 });
    expect(counts(await vol(`${q}&weekday=2`))).toEqual({ [dhm]: 1 });
    expect(counts(await vol(`${q}&channel=web`))).toEqual({ [dhm]: 1 });
  });

  it('refuses bad dates and ranges with stable codes, citizens and the signed-out', async () => {
    const bad = async (q: string, reason: string) => {
      const r = await t.get(`/api/analysis/volume?${q}`, 'supervisor');
      expectError(r, 400, 'bad_request');
      expect(r.body.details.reason).toBe(reason);
    };
    await bad('from=2026-02-30&to=2026-03-03&by=day', 'bad_date');
    await bad('from=2026-3-1&to=2026-03-03&by=day', 'bad_date');
    await bad('from=2026-03-04&to=2026-03-03&by=day', 'bad_range');
    await bad('from=2020-01-01&to=2026-03-03&by=day', 'bad_range');
    expectError(await t.get('/api/analysis/volume?to=2026-03-03&by=day', 'supervisor'), 400, 'validation_failed');
    expectError(await t.get('/api/analysis/volume?from=2026-03-01&to=2026-03-03&by=planet', 'supervisor'), 400, 'validation_failed');
    expectError(await t.get('/api/analysis/volume?from=2026-03-01&to=2026-03-03&by=day', 'citizen'), 403, 'forbidden');
    expectError(await t.get('/api/analysis/volume?from=2026-03-01&to=2026-03-03&by=day', null), 401, 'unauthenticated');
  });
});

describe('GET /api/analysis/orders (drill-down)', () => {
  it('lists exactly the orders a figure counted, newest first, in keyset pages', async () => {
    const q = `from=2026-03-01&to=2026-03-31&streetId=${dhm}`;
    const first = (await t.get(`/api/analysis/orders?${q}&pageSize=2`, 'supervisor')).body;
    expect(first.total).toBe(3);
    expect(first.items.map((o: any) => o.id)).toEqual([ids.o4, ids.o2]);
    const next = (await t.get(`/api/analysis/orders?${q}&pageSize=2&cursor=${first.nextCursor}`, 'supervisor')).body;
    expect(next.items.map((o: any) => o.id)).toEqual([ids.o1]);
    expect(next.nextCursor).toBeNull();
    const hour = (await t.get('/api/analysis/orders?from=2026-03-01&to=2026-03-31&hour=23', 'supervisor')).body;
    expect(hour.items.map((o: any) => o.id)).toEqual([ids.o3]);
  });

  it('applies the same visibility', async () => {
    const other = (await t.get(`/api/analysis/orders?from=2026-03-01&to=2026-03-31&streetId=${hpl}`, 'donghuamen')).body;
    expect(other).toMatchObject({ total: 0, items: [] });
    const own = (await t.get('/api/analysis/orders?from=2026-03-01&to=2026-03-31', 'hepingli')).body;
    expect(own.items.map((o: any) => o.id).sort()).toEqual([ids.o3, ids.o5].sort());
    expectError(await t.get('/api/analysis/orders?from=2026-03-01&to=2026-03-31&cursor=nonsense', 'supervisor'), 400, 'validation_failed');
  });
});

describe('drill-down totals', () => {
  const total = async (q: string, as = 'supervisor') => {
    const r = await t.get(`/api/analysis/orders?from=2026-03-01&to=2026-03-31${q}`, as);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body.total;
  };

  it('count every order behind the figure, whichever single cut, and with two cuts', async () => {
    // March: o1 (A, Mon 10:00), o2 (B, web, inquiry, Mon 10:00), o3 (A, 和平里, Mon 23:30),
    // o4 (A, wechat, Tue 00:30), o5 (B, 和平里, Thu 09:00); last year's order is outside.
    expect(await total('')).toBe(5);
    expect(await total(`&category=${catA}`)).toBe(3);
    expect(await total(`&category=${catA.split('.')[0]}`)).toBe(catA.split('.')[0] === catB.split('.')[0] ? 5 : 3);
    expect(await total('&channel=web')).toBe(1);
    expect(await total('&requestType=inquiry')).toBe(1);
    expect(await total(`&streetId=${hpl}`)).toBe(2);
    expect(await total('&hour=23')).toBe(1);
    expect(await total('&weekday=1')).toBe(3);
    expect(await total('&weekday=2')).toBe(1);
    expect(await total('&month=2026-03')).toBe(5);
    expect(await total(`&category=${catA}&streetId=${dhm}`)).toBe(2);
    expect(await total('', 'hepingli')).toBe(2);
    expect(await total(`&category=${catB}`, 'hepingli')).toBe(1);
    expect(await total(`&streetId=${dhm}`, 'hepingli')).toBe(0);
  });

  it('come from the kept counts for one cut, and from the orders for two', async () => {
    const ctx = await t.ctxAs('supervisor');
    const countsOrders = async (f: Record<string, unknown>) => {
      const rec = recordingDb(t.db);
      await listAnalysisOrders({ db: rec.db, now: () => t.now() }, ctx.actor!, { from: '2026-03-01', to: '2026-03-31', pageSize: 20, ...f });
      return rec.take().some((r) => /count\(\*\)/.test(r.text));
    };
    expect(await countsOrders({ channel: 'web' })).toBe(false);
    expect(await countsOrders({ category: catA, streetId: dhm })).toBe(true);
  });
});
