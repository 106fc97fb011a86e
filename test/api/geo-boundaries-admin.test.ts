import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const put = (id: number, geojson: unknown, as = 'admin') => t.call('PUT', `/api/geo/units/${id}/geometry`, { geojson: typeof geojson === 'string' ? geojson : JSON.stringify(geojson) }, as);
const locate = async (lon: number, lat: number) => (await t.get(`/api/geo/locate?lon=${lon}&lat=${lat}`, 'agent')).body;
const square = (lon: number, lat: number, h: number) => ({ type: 'Polygon', coordinates: [[[lon - h, lat - h], [lon + h, lat - h], [lon + h, lat + h], [lon - h, lat + h], [lon - h, lat - h]]] });
const stored = async (id: number) => (await t.db.query<{ geometry: unknown }>('select geometry from units where id = $1', [id])).rows[0].geometry;

describe('replacing a unit boundary', () => {
  it('answers 403 to anyone but an administrator and leaves the boundary as it was', async () => {
    const g = await t.unitId(DEMO.grid);
    const before = await stored(g);
    const f = (await t.get(`/api/geo/units/${g}/geometry`, 'agent')).body;
    for (const as of ['dispatcher', 'district', 'donghuamen', 'grid1', 'citizen']) {
      expectError(await put(g, square(f.properties.centroid[0], f.properties.centroid[1], 0.001), as), 403, 'forbidden');
      expectError(await t.get(`/api/geo/units/${g}/geometry/history`, as), 403, 'forbidden');
    }
    expect(await stored(g)).toEqual(before);
  });

  it('refuses text that is not JSON, not a polygon, open, crossing itself, outside the city, or a unit with no boundary', async () => {
    const g = await t.unitId(DEMO.grid);
    const before = await stored(g);
    const [x, y] = (await t.get(`/api/geo/units/${g}/geometry`, 'agent')).body.properties.centroid;
    const reason = async (body: unknown, id = g) => {
      const r = await put(id, body);
      expect(r.status, JSON.stringify(r.body)).toBe(422);
      return `${r.body.code}:${r.body.details.reason ?? ''}`;
    };
    expect(await reason('{"type": "Polygon", ')).toBe('invalid_geometry:json');
    expect(await reason({ type: 'Point', coordinates: [x, y] })).toBe('invalid_geometry:type');
    const open = square(x, y, 0.001);
    open.coordinates[0].pop();
    expect(await reason(open)).toBe('invalid_geometry:ring_not_closed');
    // a bow tie: the second and fourth edges cross in the middle
    const bowtie = { type: 'Polygon', coordinates: [[[x, y], [x + 0.002, y + 0.002], [x + 0.002, y], [x, y + 0.002], [x, y]]] };
    expect(await reason(bowtie)).toBe('invalid_geometry:self_intersecting');
    expect(await reason(square(121.47, 31.23, 0.001))).toBe('invalid_geometry:outside_city');
    expect(await reason({ type: 'Polygon', coordinates: [[[x, y], [x + 0.001, y], [x, y]]] })).toBe('invalid_geometry:ring_too_short');
    expect(await reason({ type: 'FeatureCollection', features: [] })).toBe('invalid_geometry:features');
    expect(await reason(square(x, y, 0.001), await t.unitId('D110101-UMC'))).toBe('unknown_unit:');
    expect(await stored(g)).toEqual(before);
    expect((await t.get(`/api/geo/units/${g}/geometry/history`, 'admin')).body.items).toEqual([]);
  });

  it('a point inside the new boundary and outside the old resolves to the unit at the next request, an order filed there too', async () => {
    const g = await t.unitId(DEMO.grid);
    const f = (await t.get(`/api/geo/units/${g}/geometry`, 'agent')).body;
    const [minLon, minLat, maxLon, maxLat] = f.properties.bbox;
    // just east of the grid's box: another grid of the city
    const p = { lon: Math.round((maxLon + 0.0015) * 1e6) / 1e6, lat: Math.round(((minLat + maxLat) / 2) * 1e6) / 1e6 };
    const was = await locate(p.lon, p.lat);
    expect(was.found).toBe(true);
    expect(was.grid.code).not.toBe(DEMO.grid);
    const old = f.properties.centroid;
    expect((await locate(old[0], old[1])).grid.code).toBe(DEMO.grid);

    // a Feature wrapping the polygon, as drawing tools export it; the neighbour keeps its polygon, and
    // where the two overlap the lower code (this grid, the first of the city) wins by the tie rule
    const r = await put(g, { type: 'Feature', properties: {}, geometry: square(p.lon, p.lat, 0.0005) });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body.geometry.type).toBe('Polygon');
    expect(r.body.properties.bbox).toEqual([p.lon - 0.0005, p.lat - 0.0005, p.lon + 0.0005, p.lat + 0.0005].map((v) => expect.closeTo(v, 9)));
    expect(r.body.properties.centroid).toEqual([expect.closeTo(p.lon, 6), expect.closeTo(p.lat, 6)]);
    expect((await locate(p.lon, p.lat)).grid.code).toBe(DEMO.grid);
    // the old centre is no longer in it (its box is far from the new square)
    expect(minLon).toBeLessThan(p.lon - 0.0015);
    expect((await locate(old[0], old[1])).grid?.code ?? null).not.toBe(DEMO.grid);

    const o = await t.post('/api/work-orders', { channel: 'phone', requestType: 'complaint', title: '井盖缺失', text: '路口井盖缺失，很危险。', location: { lon: p.lon, lat: p.lat }, requester: { anonymous: true } }, 'agent');
    expect(o.status, JSON.stringify(o.body)).toBe(201);
    const grid = (await t.db.query<{ code: string }>('select g.code from work_orders w join units g on g.id = w.grid_id where w.id = $1', [o.body.id])).rows[0].code;
    expect(grid).toBe(DEMO.grid);

    const h = (await t.get(`/api/geo/units/${g}/geometry/history`, 'admin')).body.items;
    expect(h).toHaveLength(1);
    expect(h[0]).toMatchObject({ action: 'replaced', actor: 'admin', before: { bbox: [minLon, minLat, maxLon, maxLat], geometry: { type: f.geometry.type } }, after: { points: 5, geometry: square(p.lon, p.lat, 0.0005) } });
  });
});
