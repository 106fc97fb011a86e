import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { orderIn } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

describe('main path', () => {
  it('walks an order from intake to closure', async () => {
    const o = await orderIn(t, 'closed');
    expect(o.status).toBe('closed');
    expect(o.events.map((e: { type: string }) => e.type)).toEqual([
      'work_order.received',
      'work_order.dispatched',
      'work_order.signed',
      'work_order.contacted',
      'work_order.feedback_submitted',
      'work_order.called_back',
      'work_order.closed',
    ]);
  });
  it('answers health', async () => {
    const r = await t.get('/api/health');
    expect(r.status).toBe(200);
    expect(r.body.status).toBe('ok');
  });
});
