import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError, tableCounts } from '../support/factories.ts';

let t: TestApp;
let street: number;
let water: number;
beforeAll(async () => {
  t = await createTestApp();
  street = await t.unitId(DEMO.streets.donghuamen);
  water = await t.unitId(DEMO.departments.water);
});
afterAll(() => t.close());

const order = (category: string) => ({
  channel: 'phone',
  requestType: 'complaint',
  title: '小区停水',
  text: '东华门大街12号小区从早上开始停水，没有通知。',
  category,
  location: { streetId: street, address: '东华门大街12号' },
  requester: { name: '张三', phone: '13812345678' },
});

describe('受理并派单: intake and dispatch in one command', () => {
  it('creates the order already dispatched to the confirmed units, with one received and one dispatched event', async () => {
    const r = await t.post('/api/work-orders/intake-and-dispatch', { order: order('01.02.16'), dispatch: { leadUnitId: water, coHandlerUnitIds: [street] } }, 'dispatcher');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body.status).toBe('dispatched');
    const o = (await t.get(`/api/work-orders/${r.body.id}`, 'supervisor')).body;
    expect(o.leadUnit.id).toBe(water);
    expect(o.events.map((e: { type: string }) => e.type)).toEqual(['work_order.received', 'work_order.dispatched']);
    expect(o.version).toBe(r.body.version);
  });

  it('leaves nothing behind when the dispatch is refused (准入), and goes through with the exception stated', async () => {
    const before = await tableCounts(t);
    // A street may not lead a water-supply matter: the whole command is refused.
    const r = await t.post('/api/work-orders/intake-and-dispatch', { order: order('01.02.16'), dispatch: { leadUnitId: street } }, 'dispatcher');
    expectError(r, 409, 'entry_refused');
    expect(await tableCounts(t)).toEqual(before);
    const ok = await t.post('/api/work-orders/intake-and-dispatch', { order: order('01.02.16'), dispatch: { leadUnitId: street, emergency: true } }, 'dispatcher');
    expect(ok.status).toBe(201);
    expect((await tableCounts(t)).orders).toBe(before.orders + 1);
  });

  it('replays a retry with the same Idempotency-Key instead of creating a twin', async () => {
    const body = { order: order('01.02.16'), dispatch: { leadUnitId: water } };
    const headers = { 'Idempotency-Key': 'intake-dispatch-retry-0001' };
    const first = await t.post('/api/work-orders/intake-and-dispatch', body, 'dispatcher', headers);
    const before = await tableCounts(t);
    const again = await t.post('/api/work-orders/intake-and-dispatch', body, 'dispatcher', headers);
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body.id).toBe(first.body.id);
    expect(await tableCounts(t)).toEqual(before);
  });

  it('is refused to an agent who may take in but not dispatch, and creates nothing', async () => {
    const before = await tableCounts(t);
    const r = await t.post('/api/work-orders/intake-and-dispatch', { order: order('01.02.16'), dispatch: { leadUnitId: water } }, 'agent');
    expectError(r, 403, 'forbidden');
    expect(await tableCounts(t)).toEqual(before);
  });
});
