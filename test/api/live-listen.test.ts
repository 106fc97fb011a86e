import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, intake } from '../support/factories.ts';
import { intakeWorkOrder } from '../../src/server/modules/work-orders/intake-work-order.ts';
import { IntakeInput } from '../../src/server/modules/work-orders/work-order-schemas.ts';
import { openSse } from '../support/sse.ts';
import { LIVE_CHANNEL } from '../../src/server/modules/live/live-channel.ts';
import { notify } from '../../src/server/modules/notifications/notify.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const waitUntil = async (ok: () => boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!ok() && Date.now() < until) await new Promise((r) => setTimeout(r, 10));
  return ok();
};

describe('live updates without NOTIFY on the write path', () => {
  it('an intake and a notification commit without a NOTIFY (which would serialise commits); a read mark still sends one', async () => {
    const got: string[] = [];
    const stop = await t.db.listen!(LIVE_CHANNEL, (p) => got.push(p));
    try {
      await intake(t);
      const unit = (await t.db.query<{ unit_id: number }>(`select unit_id from user_roles where unit_id is not null limit 1`)).rows[0].unit_id;
      await t.db.transaction((tx) => notify(tx, t, { kind: 'test.listen', subjectKind: 'work_order', subjectId: 1, unitIds: [unit], title: { zh: '听', en: 'Listen' } }));
      await new Promise((r) => setTimeout(r, 300));
      expect(got).toEqual([]);
      const r = await t.post('/api/notifications/read-all', {}, 'donghuamen');
      expect(r.status).toBe(200);
      const me = (await t.db.query<{ id: number }>(`select id from users where username = 'donghuamen'`)).rows[0].id;
      expect(await waitUntil(() => got.includes(`r:${me}`), 2000)).toBe(true);
    } finally {
      await stop();
    }
  });

  it("this process's own intake reaches a stream at once, well before the poll would bring it", async () => {
    const s = await openSse(t, 'supervisor');
    try {
      await s.waitFor((e) => e.event === 'hello');
      const times: number[] = [];
      for (let i = 0; i < 5; i++) {
        const o = await intake(t);
        const at = Date.now();
        await s.waitFor((e) => e.event === 'order.received' && e.data.id === o.id, 5000);
        times.push(Date.now() - at);
      }
      times.sort((a, b) => a - b);
      // The poll runs every second; a median well under half of it shows the local wake-up carried them.
      expect(times[2]).toBeLessThan(400);
    } finally {
      await s.close();
    }
  });

  it("an order written outside this process's HTTP path (another server) arrives by the poll", async () => {
    const s = await openSse(t, 'supervisor');
    try {
      await s.waitFor((e) => e.event === 'hello');
      const ctx = await t.ctxAs('agent');
      const streetId = await t.unitId(DEMO.streets.donghuamen);
      const { order } = await intakeWorkOrder(ctx, IntakeInput.parse({
        channel: 'phone', requestType: 'complaint', title: '另一进程受理', text: '另一台服务器受理的诉求。',
        location: { streetId, address: '东华门大街1号' }, requester: { name: '李四', phone: '13900000000' },
      }));
      const at = Date.now();
      await s.waitFor((e) => e.event === 'order.received' && e.data.id === Number(order.id), 3000);
      expect(Date.now() - at).toBeLessThan(3000);
    } finally {
      await s.close();
    }
  });
});
