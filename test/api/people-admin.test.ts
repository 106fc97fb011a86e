import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError, intake } from '../support/factories.ts';
import { updateUser } from '../../src/server/modules/org/user-edit-commands.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const patch = (path: string, body: unknown, as = 'admin') => t.call('PATCH', path, body, as);
const names = (r: { body: { items: { username: string }[] } }) => r.body.items.map((u) => u.username);
const login = (username: string, password: string) => t.app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
const row = async (username: string) => (await t.db.query('select u.display_name, u.phone, u.active, u.version, array(select role || \'@\' || coalesce(unit_id::text, \'\') from user_roles where user_id = u.id order by 1) as grants from users u where username = $1', [username])).rows[0];

async function newUser(username: string, roles: { role: string; unitCode: string | null }[]) {
  const r = await t.post('/api/users', { username, displayName: `新用户${username}`, roles }, 'admin');
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.password as string;
}

describe('accounts: who may read and change them', () => {
  it('every account route answers 403 to staff who are not administrators and 401 signed out', async () => {
    for (const as of ['dispatcher', 'district', 'supervisor', 'donghuamen', 'citizen']) {
      expectError(await t.get('/api/users', as), 403, 'forbidden');
      expectError(await t.get('/api/users/agent', as), 403, 'forbidden');
      expectError(await t.get('/api/users/agent/history', as), 403, 'forbidden');
      expectError(await patch('/api/users/agent', { version: 1, displayName: '改名' }, as), 403, 'forbidden');
      expectError(await t.post('/api/units', { parentId: await t.unitId(DEMO.streets.donghuamen), kind: 'community', code: 'X-403', name: '不该建成' }, as), 403, 'forbidden');
      expectError(await patch(`/api/units/${await t.unitId(DEMO.streets.donghuamen)}`, { version: 1, name: '改名' }, as), 403, 'forbidden');
    }
    expectError(await t.get('/api/users', null), 401, 'unauthenticated');
    expect((await row('agent')).display_name).toBe('李静');
    expect((await t.db.query(`select count(*)::int as n from units where code = 'X-403'`)).rows[0].n).toBe(0);
  });
});

describe('the account list', () => {
  it('searches a fragment of the name, username or phone', async () => {
    expect(names(await t.get(`/api/users?q=${encodeURIComponent('刘洋')}`, 'admin'))).toEqual(['donghuamen']);
    expect(names(await t.get('/api/users?q=grid', 'admin'))).toEqual(['grid1', 'grid2']);
    const v = (await t.get('/api/users/tiantan', 'admin')).body.version;
    expect((await patch('/api/users/tiantan', { version: v, phone: '13900001234' })).status).toBe(200);
    expect(names(await t.get('/api/users?q=0001234', 'admin'))).toEqual(['tiantan']);
    // a LIKE wildcard typed in the box is a character, not "anything"
    expect(names(await t.get('/api/users?q=%25', 'admin'))).toEqual([]);
  });

  it('filters by unit (with the units under it), by role, by both in the same grant, and pages', async () => {
    const dhm = await t.unitId(DEMO.streets.donghuamen);
    // 东华门 street: its own staff and the grid member of 东华门's first grid, not 和平里's
    expect(names(await t.get(`/api/users?unitId=${dhm}`, 'admin'))).toEqual(['donghuamen', 'grid1']);
    expect(names(await t.get(`/api/users?unitId=${dhm}&role=grid_member`, 'admin'))).toEqual(['grid1']);
    expect(names(await t.get(`/api/users?unitId=${dhm}&role=department_staff`, 'admin'))).toEqual([]);
    expect(names(await t.get('/api/users?role=department_staff', 'admin'))).toEqual(['chengguan', 'shijian', 'water', 'zhujian']);
    expect(names(await t.get('/api/users?kind=citizen', 'admin'))).toEqual(['citizen']);
    // the 15 staff accounts of the demo city, two a page, by username
    const p1 = await t.get('/api/users?kind=staff&pageSize=2', 'admin');
    expect(p1.body.total).toBe(15);
    expect(names(p1)).toEqual(['admin', 'agent']);
    expect(names(await t.get('/api/users?kind=staff&pageSize=2&page=2', 'admin'))).toEqual(['callback', 'chengguan']);
    const one = (await t.get('/api/users/grid1', 'admin')).body;
    expect(one).toMatchObject({ username: 'grid1', displayName: '马兰', kind: 'staff', active: true, grants: [{ role: 'grid_member', unitCode: DEMO.grid, unitKind: 'grid' }] });
    expectError(await t.get('/api/users?role=wizard', 'admin'), 400, 'validation_failed');
    expectError(await t.get('/api/users/nobody-here', 'admin'), 404, 'not_found');
  });
});

describe('changing an account', () => {
  it('changes name, phone and roles with a version, and keeps the history of before and after', async () => {
    await newUser('pa-edit', [{ role: 'dispatcher', unitCode: 'HC110000' }]);
    const u = (await t.get('/api/users/pa-edit', 'admin')).body;
    expect(u.version).toBe(1);
    const hc = await t.unitId('HC110000');
    const r = await patch('/api/users/pa-edit', { version: 1, displayName: '赵晓', phone: '010-6512 3456', grants: [{ role: 'dispatcher', unitId: hc }, { role: 'callback_agent', unitId: hc }] });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ displayName: '赵晓', phone: '010-6512 3456', version: 2 });
    expect((await row('pa-edit')).grants).toEqual([`callback_agent@${hc}`, `dispatcher@${hc}`]);
    // the same values again change nothing: no new version, no history row
    expect((await patch('/api/users/pa-edit', { version: 2, displayName: '赵晓' })).body.version).toBe(2);

    const h = (await t.get('/api/users/pa-edit/history', 'admin')).body.items;
    expect(h.map((x: { action: string }) => x.action)).toEqual(['updated', 'created']);
    expect(h[0]).toMatchObject({ actor: 'admin', before: { displayName: '新用户pa-edit', phone: null }, after: { displayName: '赵晓', phone: '010-6512 3456' } });
    expect(h[0].before.grants).toEqual([{ role: 'dispatcher', unitId: hc, unitName: '北京市12345市民服务热线' }]);
    expect(h[0].after.grants).toEqual([
      { role: 'callback_agent', unitId: hc, unitName: '北京市12345市民服务热线' },
      { role: 'dispatcher', unitId: hc, unitName: '北京市12345市民服务热线' },
    ]);
    expect(h[0].before.locale).toBeUndefined();
  });

  it('refuses bad input with 400 and a stale version with 409, changing nothing', async () => {
    const before = await row('pa-edit');
    const street = await t.unitId(DEMO.streets.donghuamen);
    const refusals: [unknown, number, string][] = [
      [{ version: 2, grants: [{ role: 'grid_member', unitId: street }] }, 400, 'validation_failed'], // a grid member belongs in a grid
      [{ version: 2, grants: [{ role: 'dispatcher', unitId: null }] }, 400, 'validation_failed'], // a dispatcher needs a unit
      [{ version: 2, grants: [{ role: 'citizen', unitId: null }] }, 400, 'validation_failed'], // a staff account is not a citizen
      [{ version: 2, grants: [{ role: 'dispatcher', unitId: 999999 }] }, 400, 'validation_failed'],
      [{ version: 2, phone: 'call me' }, 400, 'validation_failed'],
      [{ version: 2, displayName: '' }, 400, 'validation_failed'],
      [{ displayName: '无版本' }, 400, 'validation_failed'],
      [{ version: 1, displayName: '旧版本' }, 409, 'version_conflict'],
    ];
    for (const [body, status, code] of refusals) expectError(await patch('/api/users/pa-edit', body), status, code);
    expectError(await patch('/api/users/citizen', { version: 1, grants: [{ role: 'dispatcher', unitId: await t.unitId('HC110000') }] }), 400, 'validation_failed');
    expect(await row('pa-edit')).toEqual(before);
    expect((await t.get('/api/users/pa-edit/history', 'admin')).body.items).toHaveLength(2);
  });

  it('a deactivated account is signed out at once and cannot sign in; reactivated, it can', async () => {
    const password = await newUser('pa-off', [{ role: 'intake_agent', unitCode: 'HC110000' }]);
    const token = ((await (await login('pa-off', password)).json()) as { token: string }).token;
    const me = () => t.app.request('/api/auth/me', { headers: { authorization: `Bearer ${token}` } });
    expect((await me()).status).toBe(200);
    const r = await patch('/api/users/pa-off', { version: 1, active: false });
    expect(r.body).toMatchObject({ active: false, version: 2 });
    expect((await me()).status).toBe(401);
    expect((await t.db.query('select count(*)::int as n from sessions s join users u on u.id = s.user_id where u.username = $1', ['pa-off'])).rows[0].n).toBe(0);
    expect((await login('pa-off', password)).status).toBe(401);
    expect(names(await t.get('/api/users?active=false', 'admin'))).toEqual(['pa-off']);
    expect((await patch('/api/users/pa-off', { version: 2, active: true })).body.active).toBe(true);
    expect((await login('pa-off', password)).status).toBe(200);
    expect((await t.get('/api/users/pa-off/history', 'admin')).body.items.map((x: { action: string }) => x.action)).toEqual(['reactivated', 'deactivated', 'created']);
  });


  it('a password reset is in the history; resetting a deactivated account reactivates it, and the history says so', async () => {
    const v = (await t.get('/api/users/pa-off', 'admin')).body.version;
    expect((await patch('/api/users/pa-off', { version: v, active: false })).status).toBe(200);
    const r = await t.post('/api/users/pa-off/reset-password', {}, 'admin');
    expect(r.status).toBe(200);
    const after = (await t.get('/api/users/pa-off', 'admin')).body;
    expect(after).toMatchObject({ active: true, version: v + 2 });
    const h = (await t.get('/api/users/pa-off/history', 'admin')).body.items;
    expect(h[0]).toMatchObject({ action: 'password_reset', actor: 'admin', before: { active: false }, after: { active: true } });
    expect(JSON.stringify(h)).not.toContain(r.body.password);
    // a reset of an active account changes no field the history shows, and no version
    expect((await t.post('/api/users/pa-off/reset-password', {}, 'admin')).status).toBe(200);
    expect((await t.get('/api/users/pa-off', 'admin')).body.version).toBe(v + 2);
    expect((await t.get('/api/users/pa-off/history', 'admin')).body.items[0]).toMatchObject({ action: 'password_reset', before: {}, after: {} });
  });
});

describe('units', () => {
  it('creates a unit under a parent whose level admits its kind; routing and intake see it at once', async () => {
    const street = await t.unitId(DEMO.streets.donghuamen);
    await intake(t); // the unit tree is now in the reference cache
    const r = await t.post('/api/units', { parentId: street, kind: 'community', code: 'PA-C1', name: '东华门试点社区', shortName: '试点', phone: '010-65120000' }, 'admin');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    const streetRow = (await t.db.query('select path, district_id from units where id = $1', [street])).rows[0];
    expect(r.body).toMatchObject({ code: 'PA-C1', kind: 'community', parent_id: street, district_id: streetRow.district_id, short_name: '试点', phone: '010-65120000', version: 1, active: true });
    expect((await t.db.query('select path from units where id = $1', [r.body.id])).rows[0].path).toBe(`${streetRow.path}${r.body.id}/`);
    expect((await t.get(`/api/units?parentId=${street}&q=${encodeURIComponent('试点')}`, 'agent')).body.items.map((u: { code: string }) => u.code)).toEqual(['PA-C1']);
    const o = await intake(t, { location: { streetId: street, communityId: r.body.id, address: '试点社区1号' } });
    expect((await t.db.query('select community_id from work_orders where id = $1', [o.id])).rows[0].community_id).toBe(r.body.id);
  });

  it('refuses a kind the parent level does not admit, a taken code and an unknown parent, creating nothing', async () => {
    const count = async () => (await t.db.query('select count(*)::int as n from units')).rows[0].n;
    const n = await count();
    const street = await t.unitId(DEMO.streets.donghuamen);
    expectError(await t.post('/api/units', { parentId: street, kind: 'grid', code: 'PA-G1', name: '街道下的网格' }, 'admin'), 400, 'validation_failed');
    expectError(await t.post('/api/units', { parentId: await t.unitId(DEMO.grid), kind: 'grid', code: 'PA-G2', name: '网格下的网格' }, 'admin'), 400, 'validation_failed');
    expectError(await t.post('/api/units', { parentId: street, kind: 'community', code: 'PA-C1', name: '重复编码' }, 'admin'), 409, 'conflict');
    expectError(await t.post('/api/units', { parentId: 999999, kind: 'community', code: 'PA-C9', name: '无上级' }, 'admin'), 400, 'validation_failed');
    expectError(await t.post('/api/units', { parentId: street, kind: 'community', code: 'bad code!', name: '坏编码' }, 'admin'), 400, 'validation_failed');
    expect(await count()).toBe(n);
  });

  it('renames with a version, refuses deactivating a unit still in use, and keeps the history', async () => {
    const id = (await t.db.query(`select id from units where code = 'PA-C1'`)).rows[0].id;
    const r = await patch(`/api/units/${id}`, { version: 1, name: '东华门示范社区', shortName: null });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    expect(r.body).toMatchObject({ name: '东华门示范社区', short_name: null, version: 2 });
    expect((await t.get(`/api/units?q=${encodeURIComponent('示范社区')}`, 'agent')).body.items.map((u: { id: number }) => u.id)).toEqual([id]);
    expectError(await patch(`/api/units/${id}`, { version: 1, name: '过期版本' }), 409, 'version_conflict');
    // the order filed there in the first test is still open
    const busy = await patch(`/api/units/${id}`, { version: 2, active: false });
    expectError(busy, 409, 'unit_in_use');
    expect(busy.body.details).toEqual({ children: 0, users: 0, orders: 1 });
    // 东华门 street has communities under it and its own staff
    const street = await patch(`/api/units/${await t.unitId(DEMO.streets.donghuamen)}`, { version: 1, active: false });
    expectError(street, 409, 'unit_in_use');
    expect(street.body.details.users).toBe(1);
    expect((await t.db.query('select active, name from units where id = $1', [id])).rows[0]).toEqual({ active: true, name: '东华门示范社区' });

    const h = (await t.get(`/api/units/${id}/history`, 'admin')).body.items;
    expect(h.map((x: { action: string }) => x.action)).toEqual(['updated', 'created']);
    expect(h[0]).toMatchObject({ actor: 'admin', before: { name: '东华门试点社区', shortName: '试点' }, after: { name: '东华门示范社区', shortName: null } });
    expect(Object.keys(h[0].after).sort()).toEqual(['name', 'shortName']);
  });

  it('a deactivated unit leaves the lists and intake at once; administrators still list it', async () => {
    const street = await t.unitId(DEMO.streets.donghuamen);
    const c = (await t.post('/api/units', { parentId: street, kind: 'community', code: 'PA-C2', name: '待撤销社区' }, 'admin')).body;
    await intake(t, { location: { streetId: street, communityId: c.id, address: '1号' } });
    const open = (await t.db.query<{ id: number }>('select id from work_orders where community_id = $1', [c.id])).rows;
    // the one order filed there is closed (set directly: its workflow has its own tests), so nothing keeps the unit in use
    await t.db.query(`update work_orders set status = 'closed' where id = any($1::bigint[])`, [open.map((o) => o.id)]);
    const off = await patch(`/api/units/${c.id}`, { version: 1, active: false });
    expect(off.status, JSON.stringify(off.body)).toBe(200);
    expect((await t.get(`/api/units?parentId=${street}`, 'agent')).body.items.some((u: { id: number }) => u.id === c.id)).toBe(false);
    expect((await t.get(`/api/units?parentId=${street}&includeInactive=true`, 'admin')).body.items.find((u: { id: number }) => u.id === c.id)).toMatchObject({ active: false });
    expectError(await t.get(`/api/units?parentId=${street}&includeInactive=true`, 'agent'), 403, 'forbidden');
    const refused = await t.post('/api/work-orders', { channel: 'phone', requestType: 'complaint', title: '撤销社区的诉求', text: '撤销的社区里路灯不亮，请处理。', location: { streetId: street, communityId: c.id, address: '1号' }, requester: { anonymous: true } }, 'agent');
    expectError(refused, 400, 'validation_failed');
    expect((await t.get(`/api/units/${c.id}/history`, 'admin')).body.items.map((x: { action: string }) => x.action)).toEqual(['deactivated', 'created']);
  });
});

// Last: the administrator's own sessions end here when a second administrator deactivates them.
describe('the last administrator', () => {
  it('an administrator cannot deactivate themself or drop their own administrator role; one active administrator always remains', async () => {
    const me = (await t.get('/api/users/admin', 'admin')).body;
    expectError(await patch('/api/users/admin', { version: me.version, active: false }), 409, 'self_lockout');
    expectError(await patch('/api/users/admin', { version: me.version, grants: [{ role: 'dispatcher', unitId: await t.unitId('HC110000') }] }), 409, 'self_lockout');
    expect((await row('admin')).active).toBe(true);

    // a second administrator deactivates the first; the first's request, already past sign-in, then tries the same
    const password = await newUser('pa-admin2', [{ role: 'admin', unitCode: null }]);
    expect((await login('pa-admin2', password)).status).toBe(200);
    const admin2 = (await t.get('/api/users/pa-admin2', 'admin')).body;
    const at = t.now();
    await updateUser(t.db, 'admin', { version: me.version, active: false }, { at, actorId: admin2.id, ip: null });
    const err = await updateUser(t.db, 'pa-admin2', { version: admin2.version, active: false }, { at, actorId: me.id, ip: null }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'last_admin', status: 409 });
    expect((await row('pa-admin2')).active).toBe(true);
    await updateUser(t.db, 'admin', { version: me.version + 1, active: true }, { at, actorId: admin2.id, ip: null });
    expect((await row('admin')).active).toBe(true);
  });
});
