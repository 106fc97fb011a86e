import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, act, actOk, expectError, intake, lastEvent, orderAt, snapshot } from '../support/factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ms = (iso: string) => new Date(iso).getTime();
const detail = async (id: number, as = 'supervisor') => (await t.get(`/api/work-orders/${id}`, as)).body;

/** A new order dispatched to the named unit as lead (and co-handlers), as the dispatcher. */
async function dispatchedTo(leadCode: string, co: string[] = []) {
  const o = await intake(t);
  const coHandlerUnitIds = await Promise.all(co.map((c) => t.unitId(c)));
  return actOk(t, o.id, 'dispatch', { leadUnitId: await t.unitId(leadCode), coHandlerUnitIds }, 'dispatcher');
}

describe('dispute', () => {
  it.each(['dispatched', 'signed'])('a rejected dispute returns the order to %s, where it came from', async (via) => {
    const o = await orderAt(t, 'disputed', { via });
    expect(o.status).toBe('disputed');
    expect(o.disputes).toMatchObject([{ status: 'pending', reason: '不属于本街道职责' }]);
    const r = await actOk(t, o.id, 'adjudicate', { decision: 'reject', note: '属地管理，退单不成立' }, 'supervisor');
    expect(r.status).toBe(via);
    expect(r.leadUnit.id).toBe(await t.unitId(DEMO.streets.donghuamen));
    expect(r.disputes).toMatchObject([{ status: 'rejected', decision_note: '属地管理，退单不成立' }]);
    expect((await lastEvent(t, o.id)).data).toMatchObject({ decision: 'reject' });
    const held = await t.db.query<{ held_from_status: string | null }>('select held_from_status from work_orders where id = $1', [o.id]);
    expect(held.rows[0].held_from_status).toBeNull();
  });

  it('an on-site check keeps it disputed; a re-dispatch gives a new lead, a new sign deadline, and the old lead loses sight of it', async () => {
    const o = await dispatchedTo(DEMO.departments.chengguan);
    expect((await t.get(`/api/work-orders/${o.id}`, 'chengguan')).status).toBe(200);
    await actOk(t, o.id, 'dispute', { reason: '属于住建委职责' }, 'chengguan');
    const checked = await actOk(t, o.id, 'adjudicate', { decision: 'onsite_check', note: '请现场核查权属' }, 'supervisor');
    expect(checked.status).toBe('disputed');
    expect(checked.disputes).toMatchObject([{ status: 'onsite_check' }]);

    const zhujian = await t.unitId(DEMO.departments.zhujian);
    const chengguan = await t.unitId(DEMO.departments.chengguan);
    // Re-dispatch needs a new lead, and not the same one.
    expectError(await act(t, o.id, 'adjudicate', { decision: 'redispatch', note: '改派' }, 'supervisor'), 400, 'validation_failed');
    expectError(await act(t, o.id, 'adjudicate', { decision: 'redispatch', leadUnitId: chengguan, note: '改派' }, 'supervisor'), 400, 'validation_failed');

    t.advance(3 * HOUR);
    const r = await actOk(t, o.id, 'adjudicate', { decision: 'redispatch', leadUnitId: zhujian, note: '现场核查属住建委' }, 'supervisor');
    expect(r.status).toBe('dispatched');
    expect(r.leadUnit.id).toBe(zhujian);
    expect(r.disputes).toMatchObject([{ status: 'redispatched' }]);
    expect(ms(r.times.dispatchedAt)).toBe(t.now().getTime());
    expect(ms(r.due.sign)).toBe(t.now().getTime() + 2 * HOUR); // general: sign within 2 h of (re-)dispatch
    expect(ms(r.due.sign)).toBeGreaterThan(ms(o.due.sign));
    expect(r.assignments.filter((a: any) => a.active).map((a: any) => [a.unit_id, a.role])).toEqual([[zhujian, 'lead']]);

    expectError(await t.get(`/api/work-orders/${o.id}`, 'chengguan'), 404, 'not_found');
    expect((await t.get(`/api/work-orders?q=${o.code}`, 'chengguan')).body.total).toBe(0);
    const seen = await t.get(`/api/work-orders/${o.id}`, 'zhujian');
    expect(seen.body.allowedActions).toContain('sign');
    expect((await actOk(t, o.id, 'sign', {}, 'zhujian')).status).toBe('signed');
  });
});

it('escalate → the district supervisor reassigns to a department, which can then sign', async () => {
  const o = await orderAt(t, 'escalated');
  expect(o.status).toBe('escalated');
  const queue = await t.get('/api/work-orders?queue=mine', 'district');
  expect(queue.body.items.map((i: any) => i.id)).toContain(o.id);
  const chengguan = await t.unitId(DEMO.departments.chengguan);
  const r = await actOk(t, o.id, 'reassign', { leadUnitId: chengguan, note: '占道经营由城管执法' }, 'district');
  expect(r.status).toBe('dispatched');
  expect(r.leadUnit).toMatchObject({ id: chengguan, kind: 'department' });
  expect(await lastEvent(t, o.id)).toMatchObject({ type: 'work_order.reassigned', actor_role: 'district_supervisor', from_status: 'escalated', to_status: 'dispatched' });
  expect((await actOk(t, o.id, 'sign', {}, 'chengguan')).status).toBe('signed');
});

describe('extension', () => {
  it.each([
    [true, 3],
    [false, 0],
  ])('approve = %s moves due feedback by %i natural days', async (approve, days) => {
    const o = await orderAt(t, 'in_progress');
    const due = ms(o.due.feedback);
    expect(due).toBe(ms(o.times.dispatchedAt) + 7 * DAY); // general: feedback within 7 days
    await actOk(t, o.id, 'request_extension', { reason: '需协调产权单位', days: 3, requesterInformed: true }, 'donghuamen');
    t.advance(HOUR);
    const r = await actOk(t, o.id, 'decide_extension', { approve, note: approve ? '同意' : '不同意' }, 'supervisor');
    expect(r.status).toBe('in_progress');
    expect(ms(r.due.feedback)).toBe(due + days * DAY);
    expect(r.extensionCount).toBe(approve ? 1 : 0);
    expect(r.extensions).toMatchObject([{ status: approve ? 'approved' : 'refused', duration: { amount: 3, unit: 'days' } }]);
    expect(ms(r.extensions[0].old_due_at)).toBe(due);
    const timers = await t.db.query<{ fire_at: Date }>(
      `select fire_at from deadlines where order_id = $1 and stage = 'feedback' and kind = 'due' and not cancelled and fired_at is null`,
      [o.id],
    );
    expect(timers.rows.map((x) => new Date(x.fire_at).getTime())).toEqual([due + days * DAY]);
  });

  it('must be asked with the requester informed', async () => {
    const o = await orderAt(t, 'in_progress');
    const before = await snapshot(t, o.id);
    expectError(await act(t, o.id, 'request_extension', { reason: '延期', days: 3, requesterInformed: false }, 'donghuamen'), 400, 'validation_failed');
    expect(await snapshot(t, o.id)).toEqual(before);
  });
});

it('callback: an invalid one keeps awaiting_callback; a valid unsolved one allows reopen with a new feedback deadline', async () => {
  const o = await orderAt(t, 'awaiting_callback');
  const invalid = await actOk(t, o.id, 'callback', { valid: false, note: '无人接听' }, 'callback');
  expect(invalid.status).toBe('awaiting_callback');
  expect(invalid.callbacks).toMatchObject([{ round: 1, valid: false, solved: null }]);
  const cb = await actOk(t, o.id, 'callback', { valid: true, contacted: true, solved: false, satisfaction: 'dissatisfied' }, 'callback');
  expect(cb.status).toBe('called_back');
  expect(cb.callbacks).toHaveLength(2);
  t.advance(HOUR);
  const r = await actOk(t, o.id, 'reopen', { reason: '问题未解决，重办' }, 'callback');
  expect(r.status).toBe('in_progress');
  expect(r.reopenCount).toBe(1);
  expect(r.feedback).toBeNull();
  expect(ms(r.due.feedback)).toBe(t.now().getTime() + 3 * DAY); // re-handling: 3 days in the default policy
  const back = await actOk(t, o.id, 'feedback', { result: '已彻底清理并加装隔离桩', solved: true }, 'donghuamen');
  expect(back.status).toBe('awaiting_callback');
});

it('exclusion: approving the request marks the order excluded', async () => {
  const o = await orderAt(t, 'closed');
  const req = await actOk(t, o.id, 'request_exclusion', { reason: '诉求人恶意重复来电' }, 'donghuamen');
  expect(req.excluded).toBe(false);
  expect(req.exclusions).toMatchObject([{ status: 'pending' }]);
  const r = await actOk(t, o.id, 'decide_exclusion', { approve: true, note: '同意剔除' }, 'supervisor');
  expect(r.status).toBe('closed');
  expect(r.excluded).toBe(true);
  expect(r.exclusions).toMatchObject([{ status: 'approved', decision_note: '同意剔除' }]);
  expect((await t.get(`/api/work-orders?q=${o.code}`, 'supervisor')).body.items[0].excluded).toBe(true);
});

it('supervision orders by the centre and the district each add a supervision row', async () => {
  const o = await orderAt(t, 'signed');
  await actOk(t, o.id, 'supervise', { note: '请加快办理' }, 'supervisor');
  const r = await actOk(t, o.id, 'supervise', { note: '区级督办' }, 'district');
  expect(r.status).toBe('signed');
  expect(r.supervisions).toMatchObject([
    { kind: 'manual', note: '请加快办理' },
    { kind: 'manual', note: '区级督办' },
  ]);
  expect((await lastEvent(t, o.id)).data).toEqual({ kind: 'manual' });
});

it('merge: the merged request is tracked on the portal with the surviving order’s status and result', async () => {
  const first = await orderAt(t, 'in_progress');
  const second = await intake(t, { requester: { name: '李四', phone: '13900001111' } });
  expectError(await act(t, second.id, 'merge', { intoOrderId: second.id }, 'agent'), 400, 'validation_failed');
  const firstBefore = await snapshot(t, first.id);
  const merged = await actOk(t, second.id, 'merge', { intoOrderId: first.id, note: '同一事件' }, 'agent');
  expect(merged.status).toBe('merged');
  expect(merged.mergedInto).toMatchObject({ id: first.id, code: first.code });
  expect(await snapshot(t, first.id)).toMatchObject({ version: firstBefore.version + 1, events: firstBefore.events + 1 });
  expect(await lastEvent(t, first.id)).toMatchObject({ type: 'work_order.merge_absorbed', data: { fromOrderId: second.id } });
  expect((await detail(first.id)).mergedFrom).toMatchObject([{ id: second.id, status: 'merged' }]);

  const track = (secret: string) => t.get(`/api/portal/requests/${second.code}?secret=${secret}`, null);
  expect((await track(second.trackingSecret)).body).toMatchObject({ status: 'in_progress', merged: true, mergedIntoCode: first.code, result: null });
  expectError(await track(first.trackingSecret ?? 'AAAAA-AAAAA'), 404, 'not_found'); // the first requester's secret is not the second's

  await actOk(t, first.id, 'feedback', { result: '已取缔占道摊点', solved: true }, 'donghuamen');
  await actOk(t, first.id, 'callback', { valid: true, contacted: true, solved: true, satisfaction: 'satisfied' }, 'callback');
  await actOk(t, first.id, 'close', {}, 'callback');
  const after = await track(second.trackingSecret);
  expect(after.status).toBe(200);
  expect(after.body).toMatchObject({ code: second.code, status: 'closed', merged: true, result: '已取缔占道摊点', handlingUnit: '东华门街道' });
  expect(after.body.closedAt).not.toBeNull();
  // A closed order takes no more merges.
  const third = await intake(t);
  expectError(await act(t, third.id, 'merge', { intoOrderId: first.id }, 'agent'), 409, 'invalid_transition');
});

describe('no dispatch', () => {
  it('an inquiry is answered on the spot', async () => {
    const o = await intake(t, { requestType: 'inquiry', title: '居住证办理需要哪些材料' });
    const r = await actOk(t, o.id, 'answer', { answer: '携带身份证、租房合同到社区服务站办理。' }, 'agent');
    expect(r).toMatchObject({ status: 'answered', answer: '携带身份证、租房合同到社区服务站办理。' });
    expect(r.times.closedAt).not.toBeNull();
    const live = await t.db.query(`select 1 from deadlines where order_id = $1 and not cancelled and fired_at is null`, [o.id]);
    expect(live.rows).toHaveLength(0);
  });

  it('a request is declined with an Art. 11 reason, and an unknown reason is refused', async () => {
    const o = await intake(t);
    const before = await snapshot(t, o.id);
    expectError(await act(t, o.id, 'decline', { reason: 'too_busy' }, 'dispatcher'), 400, 'validation_failed');
    expect(await snapshot(t, o.id)).toEqual(before);
    const r = await actOk(t, o.id, 'decline', { reason: 'other_channel', note: '属信访事项' }, 'dispatcher');
    expect(r).toMatchObject({ status: 'not_dispatched', closeReason: 'other_channel' });
    expect(await lastEvent(t, o.id)).toMatchObject({ reason: 'other_channel', data: { note: '属信访事项' } });
  });
});

describe('dispatch', () => {
  it('refuses a community as lead unit', async () => {
    const o = await intake(t);
    const before = await snapshot(t, o.id);
    const r = await act(t, o.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.community) }, 'dispatcher');
    expectError(r, 400, 'validation_failed');
    expect(r.body.details).toMatchObject({ field: 'leadUnitId', kind: 'community' });
    expect(await snapshot(t, o.id)).toEqual(before);
  });

  it('copies an order led by a street to its district, but not one led by a department', async () => {
    const district = await t.unitId(DEMO.district);
    const street = await dispatchedTo(DEMO.streets.donghuamen);
    expect(street.assignments.map((a: any) => [a.unit_id, a.role])).toEqual([
      [await t.unitId(DEMO.streets.donghuamen), 'lead'],
      [district, 'copy'],
    ]);
    const dept = await dispatchedTo(DEMO.departments.chengguan);
    expect(dept.assignments.map((a: any) => a.role)).toEqual(['lead']);
  });

  it('a co-handling department sees the order and reports, but cannot sign', async () => {
    const o = await dispatchedTo(DEMO.streets.donghuamen, [DEMO.departments.chengguan]);
    const seen = await t.get(`/api/work-orders/${o.id}`, 'chengguan');
    expect(seen.status).toBe(200);
    expect(seen.body.allowedActions).toEqual(['co_report']);
    expect((await t.get('/api/work-orders?queue=mine', 'chengguan')).body.items.map((i: any) => i.id)).toContain(o.id);
    expectError(await act(t, o.id, 'sign', {}, 'chengguan'), 403, 'forbidden');
    const r = await actOk(t, o.id, 'co_report', { report: '已安排执法队员' }, 'chengguan');
    expect(r.status).toBe('dispatched');
    expect(r.assignments.find((a: any) => a.role === 'co_handler')).toMatchObject({ report: '已安排执法队员' });
  });

  it('an order dispatched to the district as lead can be signed by the district', async () => {
    const o = await intake(t);
    const r = await act(t, o.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.district) }, 'dispatcher');
    if (r.status !== 200) return expectError(r, 400, 'validation_failed');
    expect((await t.get(`/api/work-orders/${o.id}`, 'district')).body.allowedActions).toContain('sign');
  });
});
