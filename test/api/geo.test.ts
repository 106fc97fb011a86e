import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { router } from '../../src/server/http/openapi.ts';
import { contextMiddleware } from '../../src/server/http/http-context.ts';
import { errorHandler } from '../../src/server/http/http-errors.ts';
import { silentLogger } from '../../src/server/lib/ctx.ts';
import { geoRoutes } from '../../src/server/modules/routing/geo/geo-routes.ts';
import { locatePoint } from '../../src/server/modules/routing/geo/locate-point.ts';
import { resolveAddress } from '../../src/server/modules/routing/geo/gazetteer.ts';
import { resolvePlace } from '../../src/server/modules/routing/geo/resolve-place.ts';
import { seedGazetteer } from '../../src/server/modules/routing/geo/seed-gazetteer.ts';

type Ring = [number, number][];
type Unit = { id: number; code: string; centroid_lon: number; centroid_lat: number; geometry: { coordinates: Ring[] } };

let t: TestApp;
let get: (path: string, as?: string | null) => Promise<{ status: number; body: any }>;
let districtId: number;
beforeAll(async () => {
  t = await createTestApp();
  await seedGazetteer(t.db); // until the template seeds it
  districtId = await t.unitId('110101');
  // Through the real app once geoRoutes is mounted there; until then through the same middleware and error mapper.
  const mounted = ((await t.get('/api/openapi.json')).body?.paths ?? {})['/api/geo/locate'];
  if (mounted) get = (path, as = 'agent') => t.get(path, as);
  else {
    const app = router();
    app.onError(errorHandler(silentLogger));
    app.use('/api/*', contextMiddleware({ db: t.db, now: t.now, log: silentLogger, sessionHours: 24 }));
    app.route('/', geoRoutes);
    const tokens = new Map<string, string>();
    get = async (path, as = 'agent') => {
      const headers: Record<string, string> = { 'x-locale': 'en' };
      if (as) {
        if (!tokens.has(as)) tokens.set(as, (await t.post('/api/auth/login', { username: as, password: `demo-${as}-2026` })).body.token);
        headers.authorization = `Bearer ${tokens.get(as)}`;
      }
      const r = await app.request(path, { headers });
      return { status: r.status, body: await r.json() };
    };
  }
});
afterAll(() => t.close());

const units = async (kind: string) =>
  (await t.db.query<Unit>('select id, code, centroid_lon, centroid_lat, geometry from units where kind = $1 order by code', [kind])).rows;

describe('GET /api/geo/locate', () => {
  it("puts every grid's centroid in that grid", async () => {
    const grids = await units('grid');
    expect(grids.length).toBe(412);
    for (const g of grids) expect((await locatePoint(t.db, g.centroid_lon, g.centroid_lat))?.grid?.code, g.code).toBe(g.code);
    // and a sample of them over HTTP (each request also authenticates, which costs more than the lookup)
    for (const g of grids.filter((_, i) => i % 20 === 0)) {
      const r = await get(`/api/geo/locate?lon=${g.centroid_lon}&lat=${g.centroid_lat}`);
      expect(r.status).toBe(200);
      expect(r.body.grid?.code, g.code).toBe(g.code);
    }
  });

  it('gives the whole chain', async () => {
    const r = await get('/api/geo/locate?lon=116.4113&lat=39.9135');
    expect(r.body).toMatchObject({ found: true, level: 'grid', match: 'inside', street: { code: '110101001', name: '东华门街道' }, district: { code: '110101' } });
    expect(r.body.grid.code.startsWith(r.body.community.code)).toBe(true);
  });

  it('resolves a vertex shared by grids of two streets to the lowest grid code, deterministically', async () => {
    const grids = await units('grid');
    const at = new Map<string, string[]>();
    for (const g of grids) for (const [x, y] of g.geometry.coordinates[0]) at.set(`${x},${y}`, [...new Set([...(at.get(`${x},${y}`) ?? []), g.code])]);
    const [key, codes] = [...at].find(([, cs]) => new Set(cs.map((c) => c.slice(0, 9))).size === 2)!;
    const [lon, lat] = key.split(',');
    const first = await get(`/api/geo/locate?lon=${lon}&lat=${lat}`);
    expect(first.body).toMatchObject({ found: true, match: 'border', grid: { code: [...codes].sort()[0] } });
    expect((await get(`/api/geo/locate?lon=${lon}&lat=${lat}`)).body).toEqual(first.body);
  });

  it('resolves the middle of a shared street edge to exactly one of the two streets', async () => {
    const streets = await units('street');
    const owner = new Map<string, string>();
    let found: { mid: [number, number]; pair: string[] } | null = null;
    for (const s of streets) {
      const ring = s.geometry.coordinates[0];
      for (let i = 0; i + 1 < ring.length && !found; i++) {
        const [a, b] = [ring[i], ring[i + 1]];
        const other = owner.get(`${b}|${a}`); // a neighbour walks the shared edge the other way round
        if (other) found = { mid: [(a[0] + b[0]) / 2, (a[1] + b[1]) / 2], pair: [other, s.code] };
        owner.set(`${a}|${b}`, s.code);
      }
    }
    expect(found).not.toBeNull();
    const results = await Promise.all([1, 2, 3].map(() => locatePoint(t.db, ...found!.mid)));
    expect(found!.pair).toContain(results[0]!.street!.code);
    expect(new Set(results.map((r) => r!.street!.code)).size).toBe(1);
  });

  it('answers found:false outside the district (西城区, far away)', async () => {
    for (const [lon, lat] of [[116.3735, 39.9075], [116.5, 40.1], [0, 0]]) {
      const r = await get(`/api/geo/locate?lon=${lon}&lat=${lat}`);
      expect(r.status).toBe(200);
      expect(r.body).toMatchObject({ found: false, grid: null, district: null });
      expect(r.body.message).toMatch(/outside/);
    }
  });

  it('refuses bad coordinates with validation_failed', async () => {
    for (const qs of ['lon=999&lat=39.9', 'lon=116.4&lat=-91', 'lon=abc&lat=39.9', 'lon=116.4', 'lon=NaN&lat=39.9', 'lon=&lat=39.9']) {
      const r = await get(`/api/geo/locate?${qs}`);
      expect(r.status, qs).toBe(400);
      expect(r.body.code).toBe('validation_failed');
    }
    await expect(locatePoint(t.db, NaN, 39.9)).rejects.toMatchObject({ code: 'validation_failed' });
  });

  it('documents every route in OpenAPI', () => {
    const doc = geoRoutes.getOpenAPI31Document({ openapi: '3.1.0', info: { title: 'geo', version: '0' } });
    expect(Object.keys(doc.paths ?? {}).sort()).toEqual(['/api/geo/features', '/api/geo/locate', '/api/geo/places', '/api/geo/units/{id}/geometry']);
  });

  it('is for staff', async () => {
    expect((await get('/api/geo/locate?lon=116.41&lat=39.91', null)).status).toBe(401);
    expect((await get('/api/geo/locate?lon=116.41&lat=39.91', 'citizen')).body.code).toBe('forbidden');
  });
});

describe('GET /api/geo/places and resolveAddress', () => {
  const top = async (q: string) => (await get(`/api/geo/places?q=${encodeURIComponent(q)}`)).body.items[0];

  it('matches 王府井大街 exactly, in 东华门街道', async () => {
    expect(await top('王府井大街')).toMatchObject({ name: '王府井大街', kind: 'road', score: 1, unit: { street: { code: '110101001' } } });
  });

  it('matches a partial name, a typo and an address with a house number', async () => {
    expect((await top('王府井大')).name).toBe('王府井大街');
    expect((await top('王府景大街')).name).toBe('王府井大街');
    expect((await top('北京市东城区东华门大街12号')).name).toBe('东华门大街');
    const r = await resolveAddress(t.db, '东华门大街12号');
    expect(r).toMatchObject({ found: true, place: { name: '东华门大街' }, houseNumber: '12号' });
  });

  it('says not found, and asks for a pin, for an unknown address', async () => {
    expect((await get(`/api/geo/places?q=${encodeURIComponent('xyzzy不存在的路')}`)).body.items).toEqual([]);
    const r = await resolveAddress(t.db, 'xyzzy不存在的路');
    expect(r).toMatchObject({ found: false, reason: 'not_found' });
    expect(!r.found && r.message).toContain('请在地图上标注位置');
    expect((await resolveAddress(t.db, '大街')).found).toBe(false);
  });

  it('places every gazetteer entry inside the unit it names', async () => {
    const rows = (await t.db.query<{ name: string; unit_id: number; lon: number; lat: number }>('select name, unit_id, lon, lat from gazetteer')).rows;
    expect(rows.length).toBeGreaterThanOrEqual(150);
    for (const g of rows) {
      const r = await locatePoint(t.db, g.lon, g.lat);
      expect([r?.grid?.id, r?.community?.id], g.name).toContain(g.unit_id);
    }
  });

  it('seeds idempotently', async () => {
    expect((await seedGazetteer(t.db)).inserted).toBe(0);
  });
});

describe('GeoJSON', () => {
  it('gives a unit as a Feature and 404 for an unknown one', async () => {
    const id = await t.unitId('110101001');
    const r = await get(`/api/geo/units/${id}/geometry`);
    expect(r.body).toMatchObject({ type: 'Feature', id, geometry: { type: 'Polygon' }, properties: { code: '110101001', kind: 'street' } });
    expect(r.body.properties.bbox).toHaveLength(4);
    expect((await get('/api/geo/units/999999/geometry')).body.code).toBe('not_found');
  });

  it('lists features by kind, under a unit and within a box', async () => {
    expect((await get('/api/geo/features?kind=street')).body.features).toHaveLength(17);
    const street = await t.unitId('110101001');
    const grids = (await get(`/api/geo/features?kind=grid&parentId=${street}`)).body.features;
    expect(grids.length).toBeGreaterThan(10);
    expect(grids.every((f: any) => f.properties.code.startsWith('110101001'))).toBe(true);
    const boxed = (await get('/api/geo/features?kind=grid&bbox=116.410,39.912,116.412,39.914')).body.features;
    expect(boxed.length).toBeGreaterThan(0);
    expect(boxed.length).toBeLessThan(10);
    expect((await get('/api/geo/features?kind=planet')).status).toBe(400);
  });
});

describe('resolvePlace', () => {
  it('prefers explicit ids, then the point, then the address', async () => {
    const grid = await t.unitId('110101001001001');
    expect(await resolvePlace(t.db, { gridId: grid, lon: 116.4, lat: 39.95, address: '天坛公园' }, districtId)).toMatchObject({ gridId: grid, method: 'ids', confidence: 1 });
    const byPoint = await resolvePlace(t.db, { lon: 116.4113, lat: 39.9135, address: '天坛公园' }, districtId);
    expect(byPoint).toMatchObject({ method: 'point', streetId: await t.unitId('110101001'), districtId });
    const byAddress = await resolvePlace(t.db, { address: '天坛公园' }, districtId);
    expect(byAddress).toMatchObject({ method: 'address', streetId: await t.unitId('110101016'), confidence: 1 });
    expect(byAddress.gridId).not.toBeNull();
  });

  it('falls back to the district government when nothing places the order', async () => {
    for (const input of [{}, { address: 'xyzzy不存在的路' }, { lon: 116.3735, lat: 39.9075 }]) {
      const r = await resolvePlace(t.db, input, districtId);
      expect(r).toMatchObject({ districtId, streetId: null, communityId: null, gridId: null, method: 'fallback', confidence: 0 });
      expect(r.message).toContain('区政府');
    }
    const outsideButAddressed = await resolvePlace(t.db, { lon: 116.3735, lat: 39.9075, address: '雍和宫' }, districtId);
    expect(outsideButAddressed).toMatchObject({ method: 'address', streetId: await t.unitId('110101005') });
  });

  it('refuses contradictory ids and half a coordinate', async () => {
    const grid = await t.unitId('110101001001001');
    await expect(resolvePlace(t.db, { streetId: grid }, districtId)).rejects.toMatchObject({ code: 'validation_failed' });
    await expect(resolvePlace(t.db, { lon: 116.41 }, districtId)).rejects.toMatchObject({ code: 'validation_failed' });
  });
});
