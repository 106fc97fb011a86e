import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, intake } from '../support/factories.ts';
import { openSse } from '../support/sse.ts';
import { liveBusFor, MAX_STREAMS_PER_USER } from '../../src/server/modules/live/live-bus.ts';
import { LIVE_TIMINGS } from '../../src/server/modules/live/live-routes.ts';
import { notify } from '../../src/server/modules/notifications/notify.ts';
import { silentLogger } from '../../src/server/lib/ctx.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const bus = () => liveBusFor(t.db, silentLogger);
// Stream ends and heartbeats arrive on timers: polled for, with room for a loaded machine.
const SETTLE = { timeout: 5000, interval: 20 };

describe('GET /api/live', () => {
  it('needs a session', async () => {
    const r = await t.app.request('/api/live');
    expect(r.status).toBe(401);
  });

  it('delivers an intake the user may see with its id and code, and not one they may not', async () => {
    const street = await openSse(t, 'donghuamen');
    const other = await openSse(t, 'hepingli');
    const centre = await openSse(t, 'supervisor');
    try {
      const hello = await street.waitFor((e) => e.event === 'hello');
      expect(hello.data).toMatchObject({ unread: expect.any(Number) });
      expect(hello.id).toMatch(/^\d+-\d+$/);

      const started = Date.now();
      const order = await intake(t, { urgency: 'emergency' });
      const got = await street.waitFor((e) => e.event === 'order.received' && e.data.id === order.id, 5000);
      expect(Date.now() - started).toBeLessThan(5000);
      expect(got.data).toMatchObject({ id: order.id, code: order.code, urgency: 'emergency', status: 'received' });
      await centre.waitFor((e) => e.event === 'order.received' && e.data.code === order.code);

      // 和平里 may not see an order in 东华门: once everything committed has been fanned out, it has nothing.
      const theirs = await intake(t, { location: { streetId: await t.unitId(DEMO.streets.hepingli), address: '和平里七区' } });
      await other.waitFor((e) => e.event === 'order.received' && e.data.id === theirs.id);
      await bus().settle();
      expect(other.events.some((e) => e.data?.id === order.id)).toBe(false);
      expect(street.events.some((e) => e.data?.id === theirs.id)).toBe(false);
    } finally {
      await Promise.all([street.close(), other.close(), centre.close()]);
    }
  });

  it('pushes new notifications and the unread count, and read marks from elsewhere', async () => {
    const s = await openSse(t, 'chengguan');
    try {
      await s.waitFor((e) => e.event === 'hello');
      const unit = await t.unitId(DEMO.departments.chengguan);
      await t.db.transaction((tx) => notify(tx, t, { kind: 'test.live', subjectKind: 'work_order', subjectId: 1, unitIds: [unit], title: { zh: '实时', en: 'Live' } }));
      const n = await s.waitFor((e) => e.event === 'notification' && e.data.kind === 'test.live');
      expect(n.data.title).toEqual({ zh: '实时', en: 'Live' });
      await s.waitFor((e) => e.event === 'unread' && e.data.unread === 1);
      await t.post('/api/notifications/read-all', {}, 'chengguan');
      await s.waitFor((e) => e.event === 'unread' && e.data.unread === 0);
    } finally {
      await s.close();
    }
  });

  it('replays what was missed after Last-Event-ID', async () => {
    const first = await openSse(t, 'donghuamen');
    const hello = await first.waitFor((e) => e.event === 'hello');
    await first.close();
    const missed = await intake(t);
    const unit = await t.unitId(DEMO.streets.donghuamen);
    await t.db.transaction((tx) => notify(tx, t, { kind: 'test.missed', subjectKind: 'work_order', subjectId: missed.id, unitIds: [unit], title: { zh: '错过', en: 'Missed' } }));
    const again = await openSse(t, 'donghuamen', { 'last-event-id': hello.id! });
    try {
      await again.waitFor((e) => e.event === 'order.received' && e.data.code === missed.code);
      await again.waitFor((e) => e.event === 'notification' && e.data.kind === 'test.missed');
      expect(again.events.filter((e) => e.event === 'order.received' && e.data.code === missed.code)).toHaveLength(1);
    } finally {
      await again.close();
    }
  });

  it('bounds a user’s streams by closing the oldest, and forgets closed streams', async () => {
    const streams: Awaited<ReturnType<typeof openSse>>[] = [];
    for (let i = 0; i < MAX_STREAMS_PER_USER + 1; i++) {
      const s = await openSse(t, 'tiantan');
      await s.waitFor((e) => e.event === 'hello');
      streams.push(s);
    }
    await streams[0].waitFor((e) => e.event === 'bye' && e.data.reason === 'too_many_streams');
    await vi.waitFor(() => expect(streams[0].ended).toBe(true), SETTLE);
    expect(bus().size).toBe(MAX_STREAMS_PER_USER);
    await Promise.all(streams.map((s) => s.close()));
    await vi.waitFor(() => expect(bus().size).toBe(0), SETTLE);
  });

  it('sends heartbeats and ends the stream when its session is revoked', async () => {
    const saved = { ...LIVE_TIMINGS };
    Object.assign(LIVE_TIMINGS, { heartbeatMs: 100, reauthMs: 150 });
    const s = await openSse(t, 'zhujian');
    try {
      await s.waitFor((e) => e.event === 'hello');
      await vi.waitFor(() => expect(s.comments).toContain(': ping'), SETTLE);
      await t.app.request('/api/auth/logout', { method: 'POST', headers: { authorization: `Bearer ${s.token}` } });
      await s.waitFor((e) => e.event === 'bye' && e.data.reason === 'session_expired', 3000);
      await vi.waitFor(() => expect(s.ended).toBe(true), SETTLE);
      const live = await t.app.request('/api/live', { headers: { authorization: `Bearer ${s.token}` } });
      expect(live.status).toBe(401);
    } finally {
      Object.assign(LIVE_TIMINGS, saved);
      await s.close();
    }
  });
});
