import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { expectError } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const patch = (path: string, body: unknown, as = 'admin') => t.call('PATCH', path, body, as);
// 簋街 lies in grid 110101005002001 of 北新桥街道 in the demo gazetteer; a new place goes at its point
const GRID = '110101005002001';
const guijie = async () => (await t.db.query<{ id: number; lon: number; lat: number; unit_id: number }>(`select id, lon, lat, unit_id from gazetteer where name = '簋街'`)).rows[0];
const gridOf = async (orderId: number) => (await t.db.query<{ code: string }>('select g.code from work_orders w join units g on g.id = w.grid_id where w.id = $1', [orderId])).rows[0]?.code ?? null;
const fileAt = async (address: string | null, text = '路面坑洼，车辆经过颠簸。') => {
  const r = await t.post('/api/work-orders', { channel: 'phone', requestType: 'complaint', title: '路面坑洼', text, location: address ? { address } : {}, requester: { anonymous: true } }, 'agent');
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as number;
};
const placeCount = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from gazetteer')).rows[0].n;

describe('gazetteer administration: who may change it', () => {
  it('answers 403 to staff who are not administrators and 401 signed out, and changes nothing', async () => {
    const g = await guijie();
    const before = await placeCount();
    for (const as of ['dispatcher', 'agent', 'district', 'donghuamen', 'citizen']) {
      expectError(await t.get('/api/geo/gazetteer?q=簋', as), 403, 'forbidden');
      expectError(await t.get(`/api/geo/gazetteer/${g.id}`, as), 403, 'forbidden');
      expectError(await t.get(`/api/geo/gazetteer/${g.id}/history`, as), 403, 'forbidden');
      expectError(await t.post('/api/geo/gazetteer', { name: '不该建成', kind: 'road', unitId: g.unit_id, lon: g.lon, lat: g.lat }, as), 403, 'forbidden');
      expectError(await patch(`/api/geo/gazetteer/${g.id}`, { version: 1, name: '改名' }, as), 403, 'forbidden');
    }
    expectError(await t.get('/api/geo/gazetteer', null), 401, 'unauthenticated');
    expect(await placeCount()).toBe(before);
    expect((await guijie()).id).toBe(g.id);
  });
});

describe('creating, correcting and retiring a place', () => {
  it('refuses an unknown unit, a duplicate name in the unit, a point outside the city and an empty name', async () => {
    const g = await guijie();
    const before = await placeCount();
    const body = { name: '哨报测试胡同', kind: 'road', unitId: g.unit_id, lon: g.lon, lat: g.lat };
    expectError(await t.post('/api/geo/gazetteer', { ...body, unitId: 2_000_000 }, 'admin'), 422, 'unknown_unit');
    // a department is a unit, but no address lies in it
    expectError(await t.post('/api/geo/gazetteer', { ...body, unitId: await t.unitId('D110101-UMC') }, 'admin'), 422, 'unknown_unit');
    expectError(await t.post('/api/geo/gazetteer', { ...body, name: '簋街' }, 'admin'), 409, 'duplicate_name');
    // Shanghai: a valid coordinate, but in no district of the city
    expectError(await t.post('/api/geo/gazetteer', { ...body, lon: 121.47, lat: 31.23 }, 'admin'), 422, 'outside_city');
    // lon and lat swapped is the commonest slip
    expectError(await t.post('/api/geo/gazetteer', { ...body, lon: g.lat, lat: g.lon }, 'admin'), 400, 'validation_failed');
    expectError(await t.post('/api/geo/gazetteer', { ...body, name: '   ' }, 'admin'), 400, 'validation_failed');
    expect(await placeCount()).toBe(before);
  });

  it('a new place resolves at the very next intake, by address and in the text', async () => {
    const g = await guijie();
    // not yet in the gazetteer: the address is not found and the order falls back to the district
    expect(await gridOf(await fileAt('哨报测试胡同'))).toBeNull();
    const r = await t.post('/api/geo/gazetteer', { name: '哨报测试胡同', kind: 'road', aliases: ['哨报胡同', '哨报测试胡同'], unitId: g.unit_id, lon: g.lon, lat: g.lat }, 'admin');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    // the name itself is not kept as an alias
    expect(r.body).toMatchObject({ name: '哨报测试胡同', aliases: ['哨报胡同'], unitId: g.unit_id, unitKind: 'grid', streetName: '北新桥街道', active: true, version: 1 });
    expect(await gridOf(await fileAt('哨报测试胡同'))).toBe(GRID);
    expect(await gridOf(await fileAt(null, '哨报胡同的路面坑洼，车辆经过颠簸。'))).toBe(GRID);
    const list = await t.get(`/api/geo/gazetteer?q=${encodeURIComponent('哨报')}`, 'admin');
    expect(list.body.items.map((p: any) => p.name)).toEqual(['哨报测试胡同']);
  });

  it('a rename is seen by the next intake, and a stale version is refused', async () => {
    const id = (await t.get(`/api/geo/gazetteer?q=${encodeURIComponent('哨报测试')}`, 'admin')).body.items[0].id;
    const r = await patch(`/api/geo/gazetteer/${id}`, { version: 1, name: '晨光测试胡同', aliases: [] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ name: '晨光测试胡同', aliases: [], version: 2 });
    expect(await gridOf(await fileAt('晨光测试胡同'))).toBe(GRID);
    expect(await gridOf(await fileAt('哨报测试胡同'))).toBeNull();
    expectError(await patch(`/api/geo/gazetteer/${id}`, { version: 1, name: '再改' }), 409, 'version_conflict');
    expectError(await patch(`/api/geo/gazetteer/${id}`, { version: 2, name: '簋街' }), 409, 'duplicate_name');
    expect((await t.get(`/api/geo/gazetteer/${id}`, 'admin')).body.name).toBe('晨光测试胡同');
  });

  it('retiring stops the place matching at once, keeps the row, and the history tells who did what', async () => {
    const id = (await t.get(`/api/geo/gazetteer?q=${encodeURIComponent('晨光测试')}`, 'admin')).body.items[0].id;
    expect((await patch(`/api/geo/gazetteer/${id}`, { version: 2, active: false })).status).toBe(200);
    expect((await t.get(`/api/geo/places?q=${encodeURIComponent('晨光测试胡同')}`, 'agent')).body.items.map((p: any) => p.name)).not.toContain('晨光测试胡同');
    expect(await gridOf(await fileAt('晨光测试胡同'))).toBeNull();
    expect((await t.get(`/api/geo/gazetteer?q=${encodeURIComponent('晨光')}`, 'admin')).body.items).toEqual([]);
    expect((await t.get(`/api/geo/gazetteer?q=${encodeURIComponent('晨光')}&state=retired`, 'admin')).body.items.map((p: any) => p.id)).toEqual([id]);
    const h = await t.get(`/api/geo/gazetteer/${id}/history`, 'admin');
    expect(h.body.items.map((c: any) => c.action)).toEqual(['retired', 'updated', 'created']);
    expect(h.body.items.every((c: any) => c.actor === 'admin')).toBe(true);
    expect(h.body.items[1]).toMatchObject({ before: { name: '哨报测试胡同', aliases: ['哨报胡同'] }, after: { name: '晨光测试胡同', aliases: [] } });
    expect(h.body.items[0]).toMatchObject({ before: { active: true }, after: { active: false } });
    // restoring is a change too, and the name is free again for a new place only while it is retired
    expect((await patch(`/api/geo/gazetteer/${id}`, { version: 3, active: true })).status).toBe(200);
    expect(await gridOf(await fileAt('晨光测试胡同'))).toBe(GRID);
    expectError(await t.get('/api/geo/gazetteer/2000000/history', 'admin'), 404, 'not_found');
  });
});
