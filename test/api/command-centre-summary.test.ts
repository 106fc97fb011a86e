import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, actOk, intake, orderIn } from '../support/factories.ts';
import { rebuildAnalysisCounts } from '../../src/server/modules/analysis/analysis-consumer.ts';

let t: TestApp;
let dhm: number;
let hpl: number;
beforeAll(async () => {
  t = await createTestApp();
  dhm = await t.unitId(DEMO.streets.donghuamen);
  hpl = await t.unitId(DEMO.streets.hepingli);
});
afterAll(() => t.close());

const summary = async (as: string, q = '') => {
  const r = await t.get(`/api/command-centre/summary${q}`, as);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};

describe('GET /api/command-centre/summary', () => {
  it('counts today, the trend and the areas over what the viewer may see, and follows new orders', async () => {
    // Two days ago: one order in 东华门, closed the same day.
    const old = await orderIn(t, 'closed');
    t.advance(2 * 24 * 3600_000);
    const e = await intake(t, { urgency: 'emergency', title: '燃气泄漏', text: '东华门大街楼道里有很重的燃气味' });
    await intake(t, { location: { streetId: hpl, address: '和平里七区' } });
    const d = await intake(t);
    await actOk(t, d.id, 'dispatch', { leadUnitId: dhm }, 'dispatcher');

    const s = await summary('supervisor');
    expect(s.scope.kind).toBe('all');
    expect(s.today).toMatchObject({ received: 3, dispatched: 1, closed: 0, emergencyOpen: 1, open: 3 });
    expect(s.trend).toHaveLength(30);
    expect(s.trend.at(-1)).toMatchObject({ received: 3, closed: 0 });
    expect(s.trend.at(-3)).toMatchObject({ received: 1, closed: 1 });
    expect(s.trend.reduce((n: number, x: any) => n + x.received, 0)).toBe(4);
    expect(s.emergencies.map((o: any) => o.code)).toEqual([e.code]);
    const area = (id: number) => s.areas.items.find((a: any) => a.id === id);
    expect(s.areas.kind).toBe('street');
    expect(area(dhm)).toMatchObject({ today: 2, window: 3, open: 2 });
    expect(area(hpl)).toMatchObject({ today: 1, window: 1, open: 1 });
    expect(s.byStatus).toMatchObject({ received: 2, dispatched: 1 });
    expect(old.status).toBe('closed');

    // A fourth order today is counted on the next refresh (today is never memoised).
    await intake(t);
    expect((await summary('supervisor')).today.received).toBe(4);
  });

  it('a street sees its own street by community, and not the other street’s orders', async () => {
    const s = await summary('donghuamen');
    expect(s.scope).toMatchObject({ kind: 'street', unitId: dhm });
    expect(s.areas.kind).toBe('community');
    expect(s.areas.parentId).toBe(dhm);
    expect(s.today.received).toBe(3);
    const other = await summary('hepingli');
    expect(other.today.received).toBe(1);
    expect(other.emergencies).toEqual([]);
  });

  it('a district supervisor sees the district by street and can open one street', async () => {
    const s = await summary('district');
    expect(s.scope.kind).toBe('district');
    const one = await summary('district', `?streetId=${hpl}`);
    expect(one.scope).toMatchObject({ kind: 'street', unitId: hpl });
    expect(one.today.received).toBeLessThanOrEqual(s.today.received);
  });

  it('a street’s board is the same whoever opens it, and is read from the kept daily counts', async () => {
    const pick = (b: any) => ({ today: b.today, trend: b.trend, areas: b.areas, byStatus: b.byStatus });
    const own = pick(await summary('donghuamen'));
    expect(own.today.received).toBe(3);
    expect(pick(await summary('district', `?streetId=${dhm}`))).toEqual(own);
    expect(pick(await summary('supervisor', `?streetId=${dhm}`))).toEqual(own);
    // Without the street's kept rows its board loses today's intake: it did not count the orders.
    await t.db.query(`delete from analysis_daily_counts where unit_id = $1 and dim = 'channel'`, [dhm]);
    expect((await summary('donghuamen')).today.received).toBe(0);
    expect((await summary('district', `?streetId=${dhm}`)).today.received).toBe(0);
    expect((await summary('hepingli')).today.received).toBe(1);
    await rebuildAnalysisCounts(t.db);
    expect(pick(await summary('donghuamen'))).toEqual(own);
  });

  it('refuses citizens, the signed-out and bad input', async () => {
    expect((await t.get('/api/command-centre/summary', null)).status).toBe(401);
    expect((await t.get('/api/command-centre/summary', 'citizen')).status).toBe(403);
    expect((await t.get('/api/command-centre/summary?streetId=abc', 'supervisor')).status).toBe(400);
    expect((await t.get(`/api/command-centre/summary?streetId=${await t.unitId(DEMO.departments.chengguan)}`, 'supervisor')).status).toBe(404);
  });
});
