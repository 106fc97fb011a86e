import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { notify } from '../../src/server/modules/notifications/notify.ts';

let t: TestApp;
let donghuamenUnit: number;
let hepingliUnit: number;

const tell = (unitId: number, i: number) =>
  t.db.transaction((tx) =>
    notify(tx, t, { kind: 'test.inbox', subjectKind: 'work_order', subjectId: 1000 + i, unitIds: [unitId], title: { zh: `通知${i}`, en: `Notice ${i}` }, link: `/console/orders/${1000 + i}` }),
  );

beforeAll(async () => {
  t = await createTestApp();
  donghuamenUnit = await t.unitId('110101001');
  hepingliUnit = await t.unitId('110101010');
  for (let i = 1; i <= 25; i++) {
    await tell(donghuamenUnit, i);
    t.advance(1000);
  }
  await tell(hepingliUnit, 99);
});
afterAll(() => t.close());

describe('GET /api/notifications', () => {
  it('lists only the caller’s own notifications, newest first, in pages', async () => {
    const p1 = await t.get('/api/notifications?pageSize=10', 'donghuamen');
    expect(p1.status).toBe(200);
    expect(p1.body.total).toBe(25);
    expect(p1.body.unread).toBe(25);
    expect(p1.body.items.map((n: any) => n.title.en)).toEqual(Array.from({ length: 10 }, (_, i) => `Notice ${25 - i}`));
    const p3 = await t.get('/api/notifications?pageSize=10&page=3', 'donghuamen');
    expect(p3.body.items.map((n: any) => n.title.en)).toEqual(['Notice 5', 'Notice 4', 'Notice 3', 'Notice 2', 'Notice 1']);
    expect(p1.body.items[0]).toMatchObject({ subjectKind: 'work_order', subjectId: 1025, link: '/console/orders/1025', readAt: null, unitId: donghuamenUnit });

    const other = await t.get('/api/notifications', 'hepingli');
    expect(other.body.items.map((n: any) => n.title.en)).toEqual(['Notice 99']);
    const none = await t.get('/api/notifications', 'chengguan');
    expect(none.body).toMatchObject({ total: 0, unread: 0, items: [] });
  });

  it('needs a session and rejects a bad page size without changing anything', async () => {
    expect((await t.get('/api/notifications', null)).status).toBe(401);
    const bad = await t.get('/api/notifications?pageSize=1000', 'donghuamen');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
  });

  it('marks one read, refuses another user’s as not found, then marks all read', async () => {
    const list = (await t.get('/api/notifications?pageSize=1', 'donghuamen')).body;
    const id = list.items[0].id;
    const foreign = (await t.get('/api/notifications', 'hepingli')).body.items[0].id;

    const stolen = await t.post(`/api/notifications/${foreign}/read`, {}, 'donghuamen');
    expect(stolen.status).toBe(404);
    expect((await t.get('/api/notifications/unread-count', 'hepingli')).body.unread).toBe(1);

    const r = await t.post(`/api/notifications/${id}/read`, {}, 'donghuamen');
    expect(r.status).toBe(200);
    expect(r.body.unread).toBe(24);
    const again = await t.post(`/api/notifications/${id}/read`, {}, 'donghuamen');
    expect(again.body.readAt).toBe(r.body.readAt);

    const unread = await t.get('/api/notifications?unread=true&pageSize=100', 'donghuamen');
    expect(unread.body.total).toBe(24);
    expect(unread.body.items.some((n: any) => n.id === id)).toBe(false);

    const all = await t.post('/api/notifications/read-all', {}, 'donghuamen');
    expect(all.body).toEqual({ updated: 24, unread: 0 });
    expect((await t.get('/api/notifications/unread-count', 'donghuamen')).body.unread).toBe(0);
    // Someone else's inbox is untouched.
    expect((await t.get('/api/notifications/unread-count', 'hepingli')).body.unread).toBe(1);
  });
});
