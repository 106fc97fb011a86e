import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const suggest = (title: string, text: string, location: Record<string, unknown> = {}, as = 'agent') =>
  t.post('/api/routing/suggest', { title, text, location }, as);

const file = async (title: string, text: string, location: Record<string, unknown> = {}) => {
  const r = await t.post('/api/work-orders', { channel: 'phone', requestType: 'complaint', title, text, location, requester: { anonymous: true } }, 'agent');
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return (await t.get(`/api/work-orders/${r.body.id}`, 'supervisor')).body;
};

describe('places recognised in the request text (issue 11)', () => {
  it('proposes 东直门街道 for 东直门街道路灯不亮 and routes by it when no place was given', async () => {
    const r = await suggest('路灯不亮', '东直门街道路灯不亮，晚上很黑。');
    expect(r.status).toBe(200);
    const dzm = await t.unitId('110101009');
    expect(r.body.textPlace).toMatchObject({ status: 'found', place: { name: '东直门街道', kind: 'street', unitId: dzm } });
    expect(r.body.textPlace.mentions.map((m: any) => m.text)).toEqual(['东直门街道']);
    expect(r.body.place).toMatchObject({ method: 'text', streetId: dzm });
  });

  it('is proposed but does not override a place the agent chose', async () => {
    const dhm = await t.unitId('110101001');
    const r = await suggest('路灯不亮', '东直门街道路灯不亮', { streetId: dhm });
    expect(r.body.place).toMatchObject({ method: 'ids', streetId: dhm });
    expect(r.body.textPlace.place.name).toBe('东直门街道');
    // nor an address the agent typed that was not found
    const a = await suggest('路灯不亮', '东直门街道路灯不亮', { address: 'xyzzy不存在的路' });
    expect(a.body.place.method).toBe('fallback');
  });

  it('an order filed without a place is placed where its text says, and records how', async () => {
    const o = await file('簋街夜间噪音', '簋街的餐馆每天凌晨还在营业，噪音很大。');
    const place = (await t.db.query<{ grid: string }>('select g.code as grid from work_orders w join units g on g.id = w.grid_id where w.id = $1', [o.id])).rows[0];
    // the demo gazetteer puts 簋街 in grid 110101005002001 (北新桥街道)
    expect(place.grid).toBe('110101005002001');
    const received = o.events.find((e: any) => e.type === 'work_order.received');
    expect(received.data.location).toMatchObject({ method: 'text', confidence: 0.9 });
  });

  it('names nothing for near misses, and nothing silently for places in two streets', async () => {
    const none = await suggest('路灯不亮', '东值门街道附近的路灯不亮'); // one character off: not a name
    expect(none.body.textPlace).toMatchObject({ status: 'none', mentions: [] });
    expect(none.body.place.method).toBe('fallback');
    const two = await suggest('路灯不亮', '从东直门街道到和平里街道一路的路灯都不亮');
    expect(two.body.textPlace.status).toBe('ambiguous');
    expect(two.body.textPlace.mentions.map((m: any) => m.text)).toEqual(['东直门街道', '和平里街道']);
    expect(two.body.place.method).toBe('fallback');
    const o = await file('路灯不亮', '从东直门街道到和平里街道一路的路灯都不亮');
    expect(o.events.find((e: any) => e.type === 'work_order.received').data.location.method).toBe('fallback');
  });
});
