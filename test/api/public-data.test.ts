import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import { silentLogger } from '../../src/server/lib/ctx.ts';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError, intake, orderIn } from '../support/factories.ts';

/*
 * Off by default; on, it publishes aggregates only. Four orders in one grid of 东华门 in March
 * (one closed with a satisfied callback), two in 和平里 without a grid, one in February.
 */
let t: TestApp;
let on: ReturnType<typeof buildApp>;
let dhm: number;
let hpl: number;
let grid: number;
const get = async (path: string) => {
  const r = await on.request(path, { headers: { 'x-locale': 'zh-CN' } });
  return { status: r.status, body: (await r.json()) as any };
};

beforeAll(async () => {
  t = await createTestApp(new Date('2026-02-27T02:00:00Z'));
  on = buildApp({ db: t.db, now: t.now, log: silentLogger, sessionHours: 24, webDir: null, publicData: true });
  dhm = await t.unitId(DEMO.streets.donghuamen);
  hpl = await t.unitId(DEMO.streets.hepingli);
  grid = await t.unitId(DEMO.grid);
  const inGrid = { location: { streetId: dhm, gridId: grid, address: '东华门大街12号' }, requester: { name: '李四', phone: '13912345678' } };
  await intake(t, inGrid); // February
  t.clock.t = Date.parse('2026-03-03T02:00:00Z');
  await orderIn(t, 'closed', inGrid);
  for (let i = 0; i < 3; i++) await intake(t, inGrid);
  for (let i = 0; i < 2; i++) await intake(t, { location: { streetId: hpl, address: '和平里七区' } });
  await t.get('/api/command-centre/summary', 'supervisor'); // lets the evaluation catch up with the callback
  t.clock.t = Date.parse('2026-04-10T02:00:00Z');
});
afterAll(() => t.close());

describe('public data', () => {
  it('is off by default: 404 without the setting, and the setting parses', async () => {
    expectError(await t.get('/api/public/data', null), 404, 'not_found');
    expectError(await t.get(`/api/public/notices/${dhm}`, null), 404, 'not_found');
    expect(loadConfig({}).SHAOBAO_PUBLIC_DATA).toBe('off');
    expect(loadConfig({ SHAOBAO_PUBLIC_DATA: 'on' }).SHAOBAO_PUBLIC_DATA).toBe('on');
    expect(() => loadConfig({ SHAOBAO_PUBLIC_DATA: 'yes' })).toThrow(/SHAOBAO_PUBLIC_DATA/);
  });

  it('publishes the last whole month by street, category, grid and rates, signed out', async () => {
    const r = await get('/api/public/data');
    expect(r.status).toBe(200);
    const d = r.body;
    expect(d).toMatchObject({ month: '2026-03', from: '2026-03-01', to: '2026-03-31', total: 6 });
    const street = (id: number) => d.byStreet.find((s: any) => s.key === id).count;
    expect([street(dhm), street(hpl)]).toEqual([4, 2]);
    expect(d.map.grids).toEqual([expect.objectContaining({ gridId: grid, count: 4 })]);
    const rate = d.rates.find((x: any) => x.unitId === dhm);
    expect(rate).toMatchObject({ validCallbacks: 1, responseRate: 1, satisfactionRate: 1 });
    expect(d.outlines.features.length).toBeGreaterThan(0);
    expect((await get('/api/public/data?month=2026-02')).body.total).toBe(1);
  });

  it('carries no personal data', async () => {
    const text = JSON.stringify((await get('/api/public/data')).body);
    for (const secret of ['李四', '13912345678', '12号', '东华门大街12号', '占道经营', 'GD2026']) expect(text).not.toContain(secret);
  });

  it('leaves a grid with fewer than three requests off the map', async () => {
    expect((await get('/api/public/data?month=2026-02')).body.map.grids).toEqual([]);
  });

  it('writes each street’s monthly notice (通报)', async () => {
    const n = (await get(`/api/public/notices/${dhm}?month=2026-03`)).body;
    expect(n).toMatchObject({ streetName: '东华门街道', received: 4, previousMonth: 1 });
    expect(n.text).toContain('2026年3月，东华门街道共受理群众诉求4件，较上月增加3件（+300.0%）');
    expect(n.text).toContain('响应率100.0%');
    expect(JSON.stringify(n)).not.toContain('13912345678');
  });

  it('refuses months not yet over and unknown streets', async () => {
    const r = await get('/api/public/data?month=2026-04');
    expect(r.status).toBe(400);
    expect(r.body.details.reason).toBe('bad_range');
    expect((await get('/api/public/data?month=2026-13')).status).toBe(400);
    expect((await get(`/api/public/notices/${await t.unitId(DEMO.departments.chengguan)}?month=2026-03`)).status).toBe(404);
  });
});
