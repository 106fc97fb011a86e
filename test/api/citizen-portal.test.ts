import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { actOk, DEMO, expectError, orderAt } from '../support/factories.ts';
import type { OutboundMessage } from '../../src/server/modules/notifications/outbound-sender.ts';
import { consumeRequesterNotices } from '../../src/server/modules/notifications/requester-notices.ts';
import { deliverOutbound } from '../../src/server/modules/notifications/outbound-delivery.ts';
import { silentLogger } from '../../src/server/lib/ctx.ts';
import { catchUp } from '../../src/server/modules/evaluation/evaluation-consumer.ts';

const sent: OutboundMessage[] = [];
const sender = { name: 'test', send: async (m: OutboundMessage) => void sent.push(m) };
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp(undefined, { outbound: sender });
});
afterAll(() => t.close());

const codeIn = (m: OutboundMessage) => /(\d{6})/.exec(m.text)![1];
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

async function signIn(phone: string): Promise<string> {
  const r = await t.post('/api/portal/sign-in/code', { phone });
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  const v = await t.post('/api/portal/sign-in', { phone, code: codeIn(sent[sent.length - 1]) });
  expect(v.status, JSON.stringify(v.body)).toBe(200);
  return v.body.token;
}

describe('sign-in by one-time code', () => {
  it('sends a 6-digit code to the phone, stores only its hash, and opens a citizen session with it once', async () => {
    const phone = '13900001111';
    const r = await t.post('/api/portal/sign-in/code', { phone: '139 0000 1111' });
    expect(r.status).toBe(200);
    expect(r.body.sentTo).toBe('139****1111');
    const m = sent[sent.length - 1];
    expect(m).toMatchObject({ channel: 'sms', to: phone });
    const code = codeIn(m);
    const stored = (await t.db.query<{ code_hash: string }>('select code_hash from citizen_sign_in_codes where phone = $1', [phone])).rows;
    expect(stored).toHaveLength(1);
    expect(stored[0].code_hash).not.toContain(code);

    const v = await t.post('/api/portal/sign-in', { phone, code });
    expect(v.status).toBe(200);
    expect(v.headers.get('set-cookie')).toMatch(/sb_session=/);
    const me = await t.call('GET', '/api/auth/me', undefined, null, bearer(v.body.token));
    expect(me.body).toMatchObject({ kind: 'citizen', grants: [{ role: 'citizen', unitId: null }] });
    // used once
    expectError(await t.post('/api/portal/sign-in', { phone, code }), 401, 'invalid_credentials');
  });

  it('refuses an expired code', async () => {
    const phone = '13900002222';
    await t.post('/api/portal/sign-in/code', { phone });
    const code = codeIn(sent[sent.length - 1]);
    t.advance(5 * 60_000 + 1);
    expectError(await t.post('/api/portal/sign-in', { phone, code }), 401, 'invalid_credentials');
  });

  it('throttles sending per phone: a second code within a minute is 429 with Retry-After', async () => {
    const phone = '13900003333';
    expect((await t.post('/api/portal/sign-in/code', { phone })).status).toBe(200);
    const again = await t.post('/api/portal/sign-in/code', { phone });
    expectError(again, 429, 'too_many_requests');
    expect(Number(again.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(Number(again.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    t.advance(61_000);
    expect((await t.post('/api/portal/sign-in/code', { phone })).status).toBe(200);
  });

  it('voids a code after five wrong tries and locks the phone (429) even for the right code', async () => {
    const phone = '13900004444';
    await t.post('/api/portal/sign-in/code', { phone });
    const code = codeIn(sent[sent.length - 1]);
    const wrong = code === '000000' ? '111111' : '000000';
    for (let i = 0; i < 5; i++) expectError(await t.post('/api/portal/sign-in', { phone, code: wrong }), 401, 'invalid_credentials');
    const locked = await t.post('/api/portal/sign-in', { phone, code });
    expectError(locked, 429, 'too_many_requests');
    expect(Number(locked.headers.get('retry-after'))).toBe(60);
    t.advance(61_000);
    // the lock has passed, but the code was voided by the five misses
    expectError(await t.post('/api/portal/sign-in', { phone, code }), 401, 'invalid_credentials');
  });

  it('refuses what is no mainland mobile number with a validation error', async () => {
    expectError(await t.post('/api/portal/sign-in/code', { phone: '010-12345678' }), 400, 'validation_failed');
  });
});

describe('a signed-in citizen', () => {
  it('files with name and phone prefilled next time, sees hotline requests of their phone, answers the callback online and asks for re-handling', async () => {
    const phone = '13900005555';
    // An order taken by the hotline with this phone, before the citizen ever signed in.
    const hotline = await orderAt(t, 'awaiting_callback', { overrides: { requester: { name: '王五', phone } } });
    const token = await signIn(phone);
    const h = bearer(token);
    const profile = await t.call('GET', '/api/portal/profile', undefined, null, h);
    expect(profile.body).toEqual({ name: '王五', phone });
    const mine = await t.call('GET', '/api/portal/my-requests', undefined, null, h);
    expect(mine.body.items.map((i: { code: string }) => i.code)).toContain(hotline.code);

    const track = await t.call('GET', `/api/portal/requests/${hotline.code}`, undefined, null, h);
    expect(track.body).toMatchObject({ status: 'awaiting_callback', canAnswerCallback: true, canAskRehandling: false, canAddInformation: true });

    // Not solved, dissatisfied: a valid callback of channel online, exactly the row and event a hotline callback writes.
    const cb = await t.call('POST', `/api/portal/requests/${hotline.code}/callback`, { contacted: true, solved: false, satisfaction: 'dissatisfied' }, null, h);
    expect(cb.status, JSON.stringify(cb.body)).toBe(200);
    expect(cb.body.status).toBe('called_back');
    const row = (await t.db.query('select round, valid, contacted, solved, satisfaction, channel from callbacks where order_id = $1', [hotline.id])).rows;
    expect(row).toEqual([{ round: 1, valid: true, contacted: true, solved: false, satisfaction: 'dissatisfied', channel: 'online' }]);
    const ev = (await t.db.query<{ type: string; actor_role: string; data: Record<string, unknown> }>(
      `select type, actor_role, data from work_order_events where order_id = $1 order by seq desc limit 1`, [hotline.id])).rows[0];
    expect(ev).toMatchObject({ type: 'work_order.called_back', actor_role: 'citizen', data: { round: 1, valid: true, solved: false, satisfaction: 'dissatisfied', channel: 'online' } });

    // Evaluation counts it as it counts the hotline's: a fact for the lead unit, with the answers given.
    await catchUp({ db: t.db, actor: null, now: t.now, log: silentLogger });
    const fact = (await t.db.query('select valid, contacted, solved, satisfaction, lead_unit_id from evaluation_callback_facts where order_id = $1', [hotline.id])).rows;
    expect(fact).toEqual([{ valid: true, contacted: true, solved: false, satisfaction: 'dissatisfied', lead_unit_id: await t.unitId(DEMO.streets.donghuamen) }]);

    const after = await t.call('GET', `/api/portal/requests/${hotline.code}`, undefined, null, h);
    expect(after.body).toMatchObject({ canAnswerCallback: false, canAskRehandling: true });
    const re = await t.call('POST', `/api/portal/requests/${hotline.code}/reopen`, { reason: '路灯还是不亮' }, null, h);
    expect(re.status, JSON.stringify(re.body)).toBe(200);
    expect(re.body.status).toBe('in_progress');
  });

  it('may not answer the callback of another person’s request, in the portal or through the staff route', async () => {
    const token = await signIn('13900006666');
    const h = bearer(token);
    const other = await orderAt(t, 'awaiting_callback');
    expectError(await t.call('POST', `/api/portal/requests/${other.code}/callback`, { contacted: true, solved: true, satisfaction: 'satisfied' }, null, h), 404, 'not_found');
    // and the staff route refuses them too (no scope over it)
    expectError(await t.call('POST', `/api/work-orders/${other.id}/callback`, { version: other.version, valid: true, contacted: true, solved: true, satisfaction: 'satisfied' }, null, h), 404, 'not_found');
  });

  it('adds information to an open request; it shows on their timeline and the staff order page', async () => {
    const phone = '13900007777';
    const o = await orderAt(t, 'in_progress', { overrides: { requester: { name: '李四', phone } } });
    const h = bearer(await signIn(phone));
    const r = await t.call('POST', `/api/portal/requests/${o.code}/information`, { text: '晚上十点以后最严重' }, null, h);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const track = await t.call('GET', `/api/portal/requests/${o.code}`, undefined, null, h);
    expect(track.body.timeline.at(-1)).toMatchObject({ type: 'work_order.information_added', text: '晚上十点以后最严重' });
    const staff = await t.get(`/api/work-orders/${o.id}`, 'donghuamen');
    expect(JSON.stringify(staff.body)).toContain('晚上十点以后最严重');
    expect(staff.body.version).toBe(o.version);
  });

  it('hears of progress in the portal inbox and by SMS to their phone, in words for citizens', async () => {
    const phone = '13900008888';
    const h = bearer(await signIn(phone));
    const filed = await t.call('POST', '/api/portal/requests', { requestType: 'complaint', title: '楼道灯坏了', text: '东华门街道某小区3号楼楼道灯坏了一个月。', requester: { name: '赵六', phone } }, null, h);
    expect(filed.status, JSON.stringify(filed.body)).toBe(201);
    const id = Number((await t.db.query<{ id: number }>('select id from work_orders where code = $1', [filed.body.code])).rows[0].id);
    await actOk(t, id, 'dispatch', { leadUnitId: await t.unitId(DEMO.streets.donghuamen) }, 'dispatcher');
    const ctx = { db: t.db, actor: null, now: t.now, log: silentLogger };
    await consumeRequesterNotices(ctx);
    const inbox = await t.call('GET', '/api/notifications', undefined, null, h);
    expect(inbox.body.items.map((n: { title: { zh: string } }) => n.title.zh)).toEqual([`您的诉求已转交承办单位办理（${filed.body.code}）`]);
    const before = sent.length;
    await deliverOutbound(ctx, sender);
    const sms = sent.slice(before).filter((m) => m.to === phone);
    expect(sms).toHaveLength(1);
    expect(sms[0].text).toContain('已转交承办单位办理');
  });
});

describe('grid members', () => {
  it('file only in their own grid: a place in another grid is refused with 422 outside_own_grid and nothing is written', async () => {
    const otherGrid = await t.unitId('110101010003001');
    const before = (await t.db.query<{ n: number }>('select count(*)::int as n from work_orders')).rows[0].n;
    const r = await t.post('/api/work-orders', { channel: 'grid', requestType: 'report', title: '井盖缺失', text: '路口井盖缺失，有安全隐患。', location: { gridId: otherGrid } }, 'grid1');
    expectError(r, 422, 'outside_own_grid');
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from work_orders')).rows[0].n).toBe(before);
    const ok = await t.post('/api/work-orders', { channel: 'grid', requestType: 'report', title: '井盖缺失', text: '路口井盖缺失，有安全隐患。', location: {} }, 'grid1');
    expect(ok.status, JSON.stringify(ok.body)).toBe(201);
  });

  it('must verify a grid-reported order on site before it closes; the task list shows it until then', async () => {
    const grid = await t.unitId(DEMO.grid);
    const r = await t.post('/api/work-orders', { channel: 'grid', requestType: 'report', title: '垃圾堆放', text: '多福巷口垃圾堆放多日无人清理。', location: {} }, 'grid1');
    let o = r.body;
    o = await actOk(t, o.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.streets.donghuamen) }, 'dispatcher');
    for (const [a, b] of [['sign', {}], ['contact', {}], ['feedback', { result: '已清运', solved: true }]] as const) o = await actOk(t, o.id, a, b, 'donghuamen');
    o = await actOk(t, o.id, 'callback', { valid: true, contacted: true, solved: true, satisfaction: 'satisfied' }, 'callback');
    expect(o.allowedActions).not.toContain('close');
    expectError(await t.post(`/api/work-orders/${o.id}/close`, { version: o.version }, 'callback'), 409, 'invalid_transition');
    const tasks = await t.get('/api/grid/tasks', 'grid1');
    expect(tasks.body.gridId).toBe(grid);
    expect(tasks.body.verify.map((x: { code: string }) => x.code)).toContain(o.code);
    // 'not_fixed' records the visit but does not clear the way to close
    await actOk(t, o.id, 'verify', { outcome: 'not_fixed', note: '仍有部分垃圾' }, 'grid1');
    expect((await t.get(`/api/work-orders/${o.id}`, 'callback')).body.allowedActions).not.toContain('close');
    await actOk(t, o.id, 'verify', { outcome: 'confirmed', lon: 116.4115, lat: 39.9093 }, 'grid1');
    expect((await t.get('/api/grid/tasks', 'grid1')).body.verify.map((x: { code: string }) => x.code)).not.toContain(o.code);
    const closed = await actOk(t, o.id, 'close', {}, 'callback');
    expect(closed.status).toBe('closed');
    // another grid's member cannot see it at all
    expectError(await t.post(`/api/work-orders/${o.id}/verify`, { version: closed.version, outcome: 'confirmed' }, 'grid2'), 404, 'not_found');
  });
});
