import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, actOk, intake, orderIn } from '../support/factories.ts';

// The open side of the command centre: status, overdue, emergencies, the areas' open orders and
// the overdue list, hand-counted on a few orders and the same for every viewer of one board.
let t: TestApp;
let dhm: number;
let hpl: number;
let communities: number[];
const codes: Record<string, string> = {};
const HOUR = 3600_000;

beforeAll(async () => {
  t = await createTestApp();
  dhm = await t.unitId(DEMO.streets.donghuamen);
  hpl = await t.unitId(DEMO.streets.hepingli);
  communities = (await t.db.query<{ id: number }>(`select id from units where kind = 'community' and parent_id = $1 order by code limit 2`, [dhm])).rows.map((r) => Number(r.id));
  expect(communities).toHaveLength(2);
  const chengguan = await t.unitId(DEMO.departments.chengguan);
  const at = (communityId: number) => ({ location: { streetId: dhm, communityId, address: '东华门大街12号' } });

  // Oldest first, an hour apart, so the overdue list's order is the order they were taken in.
  codes.a = (await intake(t, at(communities[0]))).code; // 东华门, first community: left waiting for dispatch
  t.advance(HOUR);
  const b = await intake(t, { ...at(communities[1]), urgency: 'emergency', title: '燃气泄漏', text: '楼道里有很重的燃气味' });
  codes.b = b.code; // 东华门, second community, emergency, dispatched to 城管 and left unsigned
  await actOk(t, b.id, 'dispatch', { leadUnitId: chengguan }, 'dispatcher');
  t.advance(HOUR);
  codes.c = (await intake(t, { location: { streetId: hpl, address: '和平里七区' } })).code; // 和平里: left waiting
  t.advance(HOUR);
  const e = await intake(t, { location: { streetId: hpl, address: '和平里九区' } });
  codes.e = e.code; // 和平里, dispatched to the 东华门 street office and left unsigned: on 和平里's board, not 东华门's
  await actOk(t, e.id, 'dispatch', { leadUnitId: dhm }, 'dispatcher');
  t.advance(HOUR);
  await orderIn(t, 'closed', at(communities[0])); // 东华门, closed: on no open figure
  // Two days on, every open order has passed its next deadline; a sweep marks them overdue.
  t.advance(2 * 24 * HOUR);
  expect((await t.post('/api/deadlines/sweep', {}, 'supervisor')).status).toBe(200);
  codes.d = (await intake(t, at(communities[0]))).code; // 东华门, new today: open, not overdue
});
afterAll(() => t.close());

const board = async (as: string, q = '') => {
  const r = await t.get(`/api/command-centre/summary${q}`, as);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const area = (b: any, id: number) => b.areas.items.find((a: any) => a.id === id)?.open;

describe('the command centre’s open orders', () => {
  it('counts a street’s open orders by status, overdue, emergency and community', async () => {
    const s = await board('donghuamen');
    expect(s.today).toMatchObject({ open: 3, overdueOpen: 2, emergencyOpen: 1 });
    expect(s.byStatus).toMatchObject({ received: 2, dispatched: 1, signed: 0, in_progress: 0 });
    expect(area(s, communities[0])).toBe(2);
    expect(area(s, communities[1])).toBe(1);
    expect(s.overdue.map((o: any) => o.code)).toEqual([codes.a, codes.b]);
    expect(s.overdue.every((o: any) => o.overdueStages.length > 0)).toBe(true);
    expect(s.emergencies.map((o: any) => o.code)).toEqual([codes.b]);
  });

  it('shows another street only its own', async () => {
    const s = await board('hepingli');
    expect(s.today).toMatchObject({ open: 2, overdueOpen: 2, emergencyOpen: 0 });
    expect(s.byStatus).toMatchObject({ received: 1, dispatched: 1 });
    expect(s.overdue.map((o: any) => o.code)).toEqual([codes.c, codes.e]);
    expect(s.emergencies).toEqual([]);
  });

  it('counts the district and the city by street, and lists every overdue order oldest first', async () => {
    for (const who of ['district', 'supervisor']) {
      const s = await board(who);
      expect(s.today).toMatchObject({ open: 5, overdueOpen: 4, emergencyOpen: 1 });
      expect(s.byStatus).toMatchObject({ received: 3, dispatched: 2 });
      expect(area(s, dhm)).toBe(3);
      expect(area(s, hpl)).toBe(2);
      expect(s.overdue.map((o: any) => o.code)).toEqual([codes.a, codes.b, codes.c, codes.e]);
    }
  });

  it('is the same street board whoever opens it', async () => {
    const pick = (b: any) => ({ today: b.today, byStatus: b.byStatus, areas: b.areas, overdue: b.overdue, emergencies: b.emergencies });
    const own = pick(await board('donghuamen'));
    expect(pick(await board('district', `?streetId=${dhm}`))).toEqual(own);
    expect(pick(await board('supervisor', `?streetId=${dhm}`))).toEqual(own);
  });

  it('follows orders as they are answered and dispatched', async () => {
    const id = async (code: string) => Number((await t.db.query<{ id: number }>('select id from work_orders where code = $1', [code])).rows[0].id);
    await actOk(t, await id(codes.d), 'answer', { answer: '已电话解释' }, 'agent');
    await actOk(t, await id(codes.c), 'dispatch', { leadUnitId: await t.unitId(DEMO.departments.chengguan) }, 'dispatcher');
    const s = await board('donghuamen');
    expect(s.today).toMatchObject({ open: 2, overdueOpen: 2, emergencyOpen: 1 });
    expect(area(s, communities[0])).toBe(1);
    const h = await board('hepingli');
    expect(h.byStatus).toMatchObject({ received: 0, dispatched: 2 });
    expect(h.overdue.map((o: any) => o.code)).toEqual([codes.c, codes.e]);
    const d = await board('district');
    expect(d.byStatus).toMatchObject({ received: 1, dispatched: 3 });
    expect(d.today.open).toBe(4);
  });
});
