import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { intake } from '../support/factories.ts';
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

describe('LISTEN/NOTIFY through the Db interface', () => {
  it('wakes a listener once per committed statement on work_order_events and notifications, not on a rollback', async () => {
    const got: string[] = [];
    const stop = await t.db.listen!(LIVE_CHANNEL, (p) => got.push(p));
    try {
      await intake(t);
      expect(await waitUntil(() => got.includes('e'), 2000)).toBe(true);
      const unit = (await t.db.query<{ unit_id: number }>(`select unit_id from user_roles where unit_id is not null limit 1`)).rows[0].unit_id;
      await t.db.transaction((tx) => notify(tx, t, { kind: 'test.listen', subjectKind: 'work_order', subjectId: 1, unitIds: [unit], title: { zh: '听', en: 'Listen' } }));
      expect(await waitUntil(() => got.includes('n'), 2000)).toBe(true);
      got.length = 0;
      await t.db
        .transaction(async (tx) => {
          await notify(tx, t, { kind: 'test.listen', subjectKind: 'work_order', subjectId: 2, unitIds: [unit], title: { zh: '回滚', en: 'Rollback' } });
          throw new Error('abort');
        })
        .catch(() => undefined);
      await new Promise((r) => setTimeout(r, 300));
      expect(got).toEqual([]);
    } finally {
      await stop();
    }
  });

  it('a stream receives an intake faster than the fallback poll would bring it', async () => {
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
      // The poll runs every 2 s; a median well under it shows the NOTIFY path carried them.
      expect(times[2]).toBeLessThan(1000);
    } finally {
      await s.close();
    }
  });
});
