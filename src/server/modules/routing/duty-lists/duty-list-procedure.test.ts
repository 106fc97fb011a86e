import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../../../../test/support/test-app.ts';
import { actOk, intake } from '../../../../../test/support/factories.ts';
import { addStaff } from '../../../../../test/support/org.ts';
import { seedRouting } from '../seed-routing.ts';
import { routingTestApp } from '../catalogue/routing-test-app.ts';
import { proposeRouting } from '../catalogue/propose-routing.ts';

let t: TestApp;
let r: ReturnType<typeof routingTestApp>;
let dhm: number;
beforeAll(async () => {
  t = await createTestApp();
  await seedRouting(t.db);
  r = routingTestApp(t);
  dhm = await t.unitId('110101001');
});
afterAll(() => t.close());

const propose = (categoryCode: string, at = t.now()) =>
  proposeRouting(t.db, { categoryCode, requestType: 'complaint', urgency: 'general', streetId: dhm, districtId: null, at });
const activeStreetList = async () => (await r.get('/api/duty-lists?listKind=duty&unitKind=street&status=active', 'dispatcher')).body.items[0];

describe('duty list change procedure', () => {
  it('draft → edit → submit → approve switches the active list; what was routed before keeps the old list', async () => {
    const old = await activeStreetList();
    // before: 共享单车 (CG-20) is only assisted by the street, the transport commission leads
    const before = await propose('01.02.24');
    expect([before.leadUnit.code, before.dutyItem?.role, before.versions.dutyListId]).toEqual(['M110000-TRANSPORT', 'assist', old.id]);
    const order = await intake(t, { title: '共享单车堆满胡同口', category: '01.02.24' });
    // Dispatched under the old list: dispatch records the list in force on the order.
    await actOk(t, order.id, 'dispatch', { leadUnitId: await t.unitId('M110000-TRANSPORT'), coHandlerUnitIds: [dhm] }, 'dispatcher');

    expect((await r.post('/api/duty-lists', { listKind: 'duty', unitKind: 'street' }, 'chengguan')).status).toBe(403);
    const draft = await r.post('/api/duty-lists', { listKind: 'duty', unitKind: 'street' }, 'donghuamen');
    expect(draft.status, JSON.stringify(draft.body)).toBe(201);
    expect(draft.body).toMatchObject({ status: 'draft', copiedFrom: old.id, version: old.version + 1 });
    const id = draft.body.id;
    expect((await r.get(`/api/duty-lists/${id}`, 'donghuamen')).body.items).toHaveLength(old.items);
    expect((await r.post('/api/duty-lists', { listKind: 'duty', unitKind: 'street' }, 'donghuamen')).body.code).toBe('invalid_transition');

    const up = await r.patch(`/api/duty-lists/${id}/items/CG-20`, { role: 'lead', text: '负责辖区共享单车停放秩序的日常巡查和清理' }, 'donghuamen');
    expect(up.status, JSON.stringify(up.body)).toBe(200);
    expect([up.body.role, up.body.lead_department_code]).toEqual(['lead', null]);
    const added = await r.post(`/api/duty-lists/${id}/items`, { block: '城市管理', text: '组织开展辖区架空线入地和规范梳理', role: 'coordinate', leadDepartmentCode: 'D110101-UMC', categoryCodes: ['01.02.04'] }, 'donghuamen');
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    expect(added.body.code).toBe('CG-22');
    expect((await r.del(`/api/duty-lists/${id}/items/ZB-07`, 'donghuamen')).status).toBe(200);
    const bad = [
      { block: '城市管理', text: '协助做好某项工作', role: 'assist', categoryCodes: ['01.02.04'] },
      { block: '城市管理', text: '负责某项工作', role: 'lead', categoryCodes: ['99.01'] },
      { block: '城市管理', text: '协助做好某项工作', role: 'assist', leadDepartmentCode: '110101001', categoryCodes: ['01.02.04'] },
    ];
    for (const b of bad) expect((await r.post(`/api/duty-lists/${id}/items`, b, 'donghuamen')).body.code).toBe('validation_failed');

    expect((await r.post(`/api/duty-lists/${id}/approve`, {}, 'district')).body.code).toBe('invalid_transition');
    expect((await r.post(`/api/duty-lists/${id}/submit`, {}, 'donghuamen')).body.status).toBe('submitted');
    expect((await r.patch(`/api/duty-lists/${id}/items/CG-01`, { text: '负责辖区环境卫生工作' }, 'donghuamen')).body.code).toBe('invalid_transition');
    expect((await r.post(`/api/duty-lists/${id}/approve`, {}, 'donghuamen')).status).toBe(403);
    expect((await propose('01.02.24')).versions.dutyListId).toBe(old.id); // submitted is not in force

    const beforeApproval = t.now();
    t.advance(60_000);
    const ok = await r.post(`/api/duty-lists/${id}/approve`, { note: '同意' }, 'district');
    // 东华门's own variant is in force for 东华门 only: the city's base list stays as it was
    expect(ok.body).toEqual({ id, status: 'active', replaced: null });
    expect((await activeStreetList()).id).toBe(old.id);
    expect((await r.get(`/api/duty-lists?listKind=duty&unitKind=street&status=active&scope=${dhm}`, 'dispatcher')).body.items.map((l: { id: number }) => l.id)).toEqual([id]);
    const base = (await r.get(`/api/duty-lists/${old.id}`, 'dispatcher')).body;
    expect([base.status, base.valid_to]).toEqual(['active', null]);
    expect(base.items.find((i: { code: string }) => i.code === 'CG-20').role).toBe('assist');

    const after = await propose('01.02.24');
    expect([after.target, after.leadUnit.code, after.versions.dutyListId]).toEqual(['territorial', '110101001', id]);
    const replay = await propose('01.02.24', beforeApproval);
    expect([replay.leadUnit.code, replay.versions.dutyListId]).toEqual(['M110000-TRANSPORT', old.id]);
    const stored = (await t.db.query<{ duty_list_id: number }>('select duty_list_id from work_orders where id = $1', [order.id])).rows[0];
    expect(stored.duty_list_id).toBe(old.id);

    const events = (await r.get(`/api/duty-lists/${id}/events`, 'dispatcher')).body.items;
    expect(events.map((e: { type: string }) => e.type)).toEqual([
      'duty_list.drafted', 'duty_list.item_updated', 'duty_list.item_added', 'duty_list.item_removed', 'duty_list.submitted', 'duty_list.approved',
    ]);
    expect(events.map((e: { actor_username: string }) => e.actor_username)).toEqual(['donghuamen', 'donghuamen', 'donghuamen', 'donghuamen', 'donghuamen', 'district']);
    expect(events[1].data.before.role).toBe('assist');
    expect(events[1].data.after.role).toBe('lead');
    expect(events[3].data.before.code).toBe('ZB-07');
    const oldEvents = (await r.get(`/api/duty-lists/${old.id}/events`, 'dispatcher')).body.items;
    expect(oldEvents.map((e: { type: string }) => e.type)).not.toContain('duty_list.retired');
  });

  it('the submitter cannot approve their own change; a rejection needs a reason and is kept', async () => {
    const draft = await r.post('/api/duty-lists', { listKind: 'duty', unitKind: 'community' }, 'admin');
    expect(draft.status).toBe(201);
    await r.post(`/api/duty-lists/${draft.body.id}/submit`, {}, 'admin');
    const own = await r.post(`/api/duty-lists/${draft.body.id}/approve`, {}, 'admin');
    expect([own.status, own.body.code]).toEqual([403, 'forbidden']);
    // the city's base list is decided at city level: a district may not, another administrator may
    expect((await r.post(`/api/duty-lists/${draft.body.id}/reject`, { note: '未说明调整依据' }, 'district')).status).toBe(403);
    await addStaff(t, 'admin2', 'admin', '110000');
    expect((await r.post(`/api/duty-lists/${draft.body.id}/reject`, {}, 'admin2')).body.code).toBe('validation_failed');
    const rej = await r.post(`/api/duty-lists/${draft.body.id}/reject`, { note: '未说明调整依据' }, 'admin2');
    expect(rej.body).toMatchObject({ status: 'rejected' });
    const list = (await r.get(`/api/duty-lists/${draft.body.id}`, 'dispatcher')).body;
    expect([list.status, list.decision_note]).toEqual(['rejected', '未说明调整依据']);
    expect((await r.get('/api/duty-lists?listKind=duty&unitKind=community&status=active', 'dispatcher')).body.items[0].version).toBe(1);
    // with the rejected version closed, a new request can be opened
    expect((await r.post('/api/duty-lists', { listKind: 'duty', unitKind: 'community' }, 'admin')).status).toBe(201);
  });

  it('reading is for staff only', async () => {
    expect((await r.get('/api/duty-lists', 'citizen')).status).toBe(403);
    expect((await r.get('/api/duty-lists', null)).status).toBe(401);
  });
});
