import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, PHONE, act, expectError, intake, orderAt, tableCounts } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const HOTLINE = ['agent', 'dispatcher', 'callback', 'supervisor', 'admin'];
const EVERYONE = [...HOTLINE, 'district', 'donghuamen', 'hepingli', 'tiantan', 'chengguan', 'zhujian', 'shijian', 'water', 'grid1', 'grid2', 'citizen'];

/** Asserts exactly `who` can read the order, both one by one and in their lists. */
async function expectVisibleTo(o: { id: number; code: string }, who: string[]) {
  for (const u of EVERYONE) {
    const one = await t.get(`/api/work-orders/${o.id}`, u);
    const list = await t.get(`/api/work-orders?q=${o.code}`, u);
    expect(list.status).toBe(200);
    if (who.includes(u)) {
      expect(one.status, u).toBe(200);
      expect(one.body.id).toBe(o.id);
      expect(list.body.items.map((i: any) => i.id), u).toEqual([o.id]);
    } else {
      expectError(one, 404, 'not_found');
      expect(list.body.total, u).toBe(0);
      expect(list.body.items).toEqual([]);
    }
  }
}

describe('visibility', () => {
  it('an order in 东华门 led by 东华门 is seen by the centre, the district and 东华门 only', async () => {
    const o = await orderAt(t, 'dispatched');
    await expectVisibleTo(o, [...HOTLINE, 'district', 'donghuamen']);
  });

  it('a grid member sees an order located in their grid', async () => {
    const o = await orderAt(t, 'dispatched', { overrides: { location: { gridId: await t.unitId(DEMO.grid), address: '多福巷3号' } } });
    expect(o.location.street.id).toBe(await t.unitId(DEMO.streets.donghuamen));
    await expectVisibleTo(o, [...HOTLINE, 'district', 'donghuamen', 'grid1']);
  });

  it('a grid member files only in their own grid: another street is refused with 422 outside_own_grid', async () => {
    const streetId = await t.unitId(DEMO.streets.tiantan);
    const r = await t.post('/api/work-orders', { channel: 'phone', requestType: 'report', title: '井盖缺失', text: '路口井盖缺失，存在安全隐患。', location: { streetId } }, 'grid2');
    expect(r.status).toBe(422);
    expect(r.body.code).toBe('outside_own_grid');
  });

  it('a grid member reports through their own channel, whatever they send', async () => {
    const r = await t.post('/api/work-orders', { channel: 'phone', requestType: 'report', title: '井盖缺失', text: '路口井盖缺失，存在安全隐患。' }, 'grid2');
    expect(r.status).toBe(201);
    expect((await t.get(`/api/work-orders/${r.body.id}`, 'grid2')).body.channel).toBe('grid');
  });

  it('a grid member’s report without a location is placed in their own grid', async () => {
    const r = await t.post('/api/work-orders', { channel: 'grid', requestType: 'report', title: '井盖缺失', text: '路口井盖缺失，存在安全隐患。' }, 'grid2');
    const o = (await t.get(`/api/work-orders/${r.body.id}`, 'grid2')).body;
    expect(o.location.street.name).toBe('和平里街道');
    expect(o.location.grid.id).toBeGreaterThan(0);
    await expectVisibleTo(r.body, [...HOTLINE, 'grid2', 'district', 'hepingli']);
  });

  it('a department sees an order only once it is assigned to it', async () => {
    const o = await intake(t);
    expectError(await t.get(`/api/work-orders/${o.id}`, 'chengguan'), 404, 'not_found');
    await act(t, o.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.departments.chengguan) }, 'dispatcher');
    expect((await t.get(`/api/work-orders/${o.id}`, 'chengguan')).status).toBe(200);
  });
});

describe('citizen', () => {
  it('sees their own requests (portal and console API) and nobody else’s', async () => {
    const streetId = await t.unitId(DEMO.streets.donghuamen);
    const filed = await t.post(
      '/api/portal/requests',
      { requestType: 'complaint', title: '楼道堆物', text: '楼道内长期堆放杂物，存在消防隐患。', location: { streetId }, requester: { phone: '13600002222' } },
      'citizen',
    );
    expect(filed.status).toBe(201);
    expect(filed.body).toEqual({ code: expect.stringMatching(/^GD\d{14}$/), status: 'received', trackingSecret: expect.stringMatching(/^[0-9A-Z]{5}-[0-9A-Z]{5}$/) });
    const mine = await t.get('/api/portal/my-requests', 'citizen');
    expect(mine.body.items.map((i: any) => i.code)).toContain(filed.body.code);

    const id = (await t.db.query<{ id: number }>('select id from work_orders where code = $1', [filed.body.code])).rows[0].id;
    const own = await t.get(`/api/work-orders/${id}`, 'citizen');
    expect(own.status).toBe(200);
    expect(own.body).toMatchObject({ code: filed.body.code, channel: 'web', requester: { phone: '13600002222', masked: false } });
    expect(own.body.allowedActions).toEqual([]);
    expectError(await act(t, id, 'answer', { answer: '自己答复自己' }, 'citizen'), 403, 'forbidden');

    const other = await intake(t);
    expectError(await t.get(`/api/work-orders/${other.id}`, 'citizen'), 404, 'not_found');
    const list = await t.get('/api/work-orders?pageSize=200', 'citizen');
    expect(list.body.items.length).toBeGreaterThan(0);
    const ownIds = (await t.db.query<{ id: number }>(`select o.id from work_orders o join users u on u.id = o.requester_user_id where u.username = 'citizen'`)).rows.map((r) => r.id);
    for (const item of list.body.items) expect(ownIds).toContain(item.id);
    expect(mine.body.items.map((i: any) => i.code)).not.toContain(other.code);
  });

  it('reading their own order through the console API shows no internal notes, disputes or staff', async () => {
    const streetId = await t.unitId(DEMO.streets.donghuamen);
    const filed = await t.post('/api/portal/requests', { requestType: 'complaint', title: '噪音', text: '夜间噪音扰民。', location: { streetId } }, 'citizen');
    const id = (await t.db.query<{ id: number }>('select id from work_orders where code = $1', [filed.body.code])).rows[0].id;
    await act(t, id, 'dispatch', { leadUnitId: streetId, note: '内部备注：重复来电人' }, 'dispatcher');
    await act(t, id, 'dispute', { reason: '内部理由：非本街道' }, 'donghuamen');
    await act(t, id, 'adjudicate', { decision: 'reject', note: '驳回退单' }, 'supervisor');
    await act(t, id, 'supervise', { note: '督办：街道拖延' }, 'supervisor');
    const staff = (await t.db.query<{ display_name: string }>(`select display_name from users where username in ('dispatcher', 'donghuamen', 'supervisor')`)).rows;
    const r = await t.get(`/api/work-orders/${id}`, 'citizen');
    const text = JSON.stringify(r.body);
    for (const secret of ['内部备注', '内部理由', '督办：街道拖延', ...staff.map((s) => s.display_name)]) expect(text).not.toContain(secret);
  });
});

describe('requester contact details', () => {
  const CONTACT_FULL = { name: '张三', phone: PHONE, anonymous: false, masked: false };
  // The last four digits at most: seven of eleven were enough to guess the rest.
  const CONTACT_MASKED = { name: '张*', phone: '*******5678', anonymous: false, masked: true };
  const CALLERS = HOTLINE.filter((u) => u !== 'admin');

  it('full for the centre’s callers and the lead unit, masked for the district, co-handlers and the account admin', async () => {
    const o = await orderAt(t, 'dispatched', { co: [DEMO.departments.chengguan] });
    for (const u of [...CALLERS, 'donghuamen']) {
      expect((await t.get(`/api/work-orders/${o.id}`, u)).body.requester, u).toEqual(CONTACT_FULL);
    }
    for (const u of ['district', 'chengguan', 'admin']) {
      const d = await t.get(`/api/work-orders/${o.id}`, u);
      expect(d.body.requester, u).toEqual(CONTACT_MASKED);
      expect(JSON.stringify(d.body), u).not.toContain(PHONE);
    }
  });

  it('an anonymous requester is hidden from every unit, even the lead', async () => {
    const o = await orderAt(t, 'dispatched', {
      co: [DEMO.departments.chengguan],
      overrides: { requester: { name: '王五', phone: '13700001234', anonymous: true } },
    });
    for (const u of CALLERS) {
      expect((await t.get(`/api/work-orders/${o.id}`, u)).body.requester).toMatchObject({ name: '王五', phone: '13700001234', anonymous: true });
    }
    for (const u of ['donghuamen', 'district', 'chengguan', 'admin']) {
      const d = await t.get(`/api/work-orders/${o.id}`, u);
      expect(d.body.requester, u).toEqual({ name: null, phone: null, anonymous: true, masked: true });
      expect(JSON.stringify(d.body)).not.toContain('13700001234');
      expect(JSON.stringify(d.body)).not.toContain('王五');
    }
  });
});

describe('authentication', () => {
  it.each([
    ['GET', '/api/work-orders'],
    ['GET', '/api/work-orders/1'],
    ['POST', '/api/work-orders/1/sign'],
    ['GET', '/api/auth/me'],
    ['GET', '/api/portal/my-requests'],
    ['POST', '/api/deadlines/sweep'],
    ['GET', '/api/calendar/2026'],
    ['GET', '/api/units'],
  ])('%s %s without a session → 401 unauthenticated', async (method, path) => {
    const body = method === 'POST' ? { version: 1 } : undefined;
    expectError(await t.call(method, path, body, null), 401, 'unauthenticated');
    expectError(await t.call(method, path, body, null, { authorization: 'Bearer not-a-real-token' }), 401, 'unauthenticated');
  });

  it('POST /api/work-orders without a session → 401 and no order', async () => {
    const before = await tableCounts(t);
    const r = await t.post('/api/work-orders', { channel: 'web', requestType: 'complaint', title: '匿名', text: '未登录提交', urgency: 'emergency' }, null);
    expect(await tableCounts(t)).toEqual(before);
    expectError(r, 401, 'unauthenticated');
  });

  it('a wrong password or an unknown user → 401 invalid_credentials; the right one signs in', async () => {
    const login = (username: string, password: string) => t.call('POST', '/api/auth/login', { username, password }, null);
    const wrong = await login('dispatcher', 'demo-dispatcher-2025');
    expectError(wrong, 401, 'invalid_credentials');
    const unknown = await login('nobody', 'demo-nobody-2026');
    expectError(unknown, 401, 'invalid_credentials');
    expect(unknown.body.message).toBe(wrong.body.message); // no hint which usernames exist
    const ok = await login('dispatcher', 'demo-dispatcher-2026');
    expect(ok.status).toBe(200);
    expect(ok.body.me).toMatchObject({ username: 'dispatcher', grants: [{ role: 'dispatcher' }] });
  });

  it('a session ends at logout', async () => {
    const ok = await t.call('POST', '/api/auth/login', { username: 'tiantan', password: 'demo-tiantan-2026' }, null);
    const auth = { authorization: `Bearer ${ok.body.token}` };
    expect((await t.call('GET', '/api/auth/me', undefined, null, auth)).status).toBe(200);
    expect((await t.call('POST', '/api/auth/logout', {}, null, auth)).status).toBe(200);
    expectError(await t.call('GET', '/api/auth/me', undefined, null, auth), 401, 'unauthenticated');
  });
});
