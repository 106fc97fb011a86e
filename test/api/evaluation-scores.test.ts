import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { actOk, DEMO, expectError, intake } from '../support/factories.ts';
import { BASIC, calledBack, callbackIdOf, reopenAndCallBack, rules, SAT, score, SILENT, UNSOLVED } from '../support/evaluation-factories.ts';

// Every figure below is worked out by hand from the formulas of domain §5:
// N = valid callbacks; 响应率 = contacted/N; 解决率 = solved/N; 满意率 = (satisfied + 0.9 × basic)/N;
// composite = 100 × (0.1 响应率 + 0.5 解决率 + 0.4 满意率).

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp(); // 2026-03-02, so everything below falls in the period 2026-03
});
afterAll(() => t.close());

const DHM = DEMO.streets.donghuamen;

describe('三率 and composite of a street, step by step (2026-03)', () => {
  const orders: any[] = [];

  it('four callbacks: 3 contacted, 2 solved, 1 satisfied, 1 basically satisfied', async () => {
    orders.push(await calledBack(t, DHM, SAT), await calledBack(t, DHM, BASIC), await calledBack(t, DHM, UNSOLVED), await calledBack(t, DHM, SILENT));
    const s = await score(t, DHM, '2026-03');
    expect(s).toMatchObject({ unitId: await t.unitId(DHM), period: '2026-03', validCallbacks: 4, contacted: 3, solved: 2, satisfied: 1, basicallySatisfied: 1, policyVersion: 1 });
    expect(s.responseRate).toBe(0.75);
    expect(s.resolutionRate).toBe(0.5);
    expect(s.satisfactionRate).toBe(0.475); // (1 + 0.9) / 4
    expect(s.compositeScore).toBe(51.5); // 7.5 + 25 + 19
  });

  it('an invalid callback does not count; the order counts once its valid callback comes', async () => {
    const o = await intake(t);
    await actOk(t, o.id, 'dispatch', { leadUnitId: await t.unitId(DHM) }, 'dispatcher');
    for (const a of ['sign', 'contact']) await actOk(t, o.id, a, {}, 'donghuamen');
    await actOk(t, o.id, 'feedback', { result: '已处理', solved: true }, 'donghuamen');
    await actOk(t, o.id, 'callback', { valid: false, note: '无人接听' }, 'callback');
    expect((await score(t, DHM, '2026-03')).validCallbacks).toBe(4);
    await actOk(t, o.id, 'callback', { valid: true, ...SAT }, 'callback');
    expect((await score(t, DHM, '2026-03')).validCallbacks).toBe(5);
    orders.push(o);
  });

  it('an approved 剔单 removes the order; a refused one does not', async () => {
    const silent = orders[3];
    await actOk(t, silent.id, 'request_exclusion', { reason: '诉求人要求不合理' }, 'donghuamen');
    await actOk(t, silent.id, 'decide_exclusion', { approve: false, note: '不符合剔除条件' }, 'supervisor');
    expect((await score(t, DHM, '2026-03')).validCallbacks).toBe(5);
    await actOk(t, silent.id, 'request_exclusion', { reason: '诉求人要求不合理，补充材料' }, 'donghuamen');
    await actOk(t, silent.id, 'decide_exclusion', { approve: true, note: '同意剔除' }, 'supervisor');
    const s = await score(t, DHM, '2026-03');
    // N 4: contacted 4, solved 3, satisfied 2, basic 1
    expect(s).toMatchObject({ validCallbacks: 4, contacted: 4, solved: 3, satisfied: 2, basicallySatisfied: 1 });
    expect(s.satisfactionRate).toBe(0.725); // 2.9 / 4
    expect(s.compositeScore).toBe(76.5); // 10 + 37.5 + 29
    const removed = await t.get(`/api/evaluation/removed?period=2026-03&unitId=${await t.unitId(DHM)}`, 'donghuamen');
    expect(removed.body.items.map((i: any) => i.orderId)).toEqual([silent.id]);
  });

  it('a reopened order is judged by its last valid callback in the period', async () => {
    await reopenAndCallBack(t, orders[2].id, 'donghuamen', SAT);
    const s = await score(t, DHM, '2026-03');
    // the unsolved, dissatisfied round is replaced: N 4, contacted 4, solved 4, satisfied 3, basic 1
    expect(s).toMatchObject({ validCallbacks: 4, solved: 4, satisfied: 3, basicallySatisfied: 1 });
    expect(s.compositeScore).toBe(99); // 10 + 50 + 40 × 3.9/4
  });

  it('an appeal changes nothing while pending or when rejected, and the figures from the moment it is approved', async () => {
    const basic = orders[1];
    const callbackId = await callbackIdOf(t, basic.id);
    const body = { callbackId, reason: '诉求人回访时表示满意，录入有误', outcome: 'correct', corrected: { contacted: true, solved: true, satisfaction: 'satisfied' } };
    expectError(await t.post('/api/evaluation/appeals', body, 'hepingli'), 403, 'forbidden');
    const first = await t.post('/api/evaluation/appeals', body, 'donghuamen');
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expectError(await t.post('/api/evaluation/appeals', body, 'donghuamen'), 409, 'conflict');
    expect((await score(t, DHM, '2026-03')).compositeScore).toBe(99);
    expectError(await t.post(`/api/evaluation/appeals/${first.body.id}/decide`, { approve: true, note: '同意' }, 'donghuamen'), 403, 'forbidden');
    const rejected = await t.post(`/api/evaluation/appeals/${first.body.id}/decide`, { approve: false, note: '录音显示基本满意' }, 'supervisor');
    expect(rejected.status).toBe(200);
    expect((await score(t, DHM, '2026-03')).compositeScore).toBe(99);
    expectError(await t.post(`/api/evaluation/appeals/${first.body.id}/decide`, { approve: true, note: '再议' }, 'supervisor'), 409, 'invalid_transition');

    const second = await t.post('/api/evaluation/appeals', { ...body, reason: '补充录音证据' }, 'donghuamen');
    const approved = await t.post(`/api/evaluation/appeals/${second.body.id}/decide`, { approve: true, note: '复核录音，确为满意' }, 'supervisor');
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.before.compositeScore).toBe(99);
    expect(approved.body.after.compositeScore).toBe(100);
    const s = await score(t, DHM, '2026-03');
    expect(s).toMatchObject({ satisfied: 4, basicallySatisfied: 0, compositeScore: 100 });
    const audit = await t.db.query<{ kind: string; data: any }>(`select kind, data from evaluation_audit where subject = $1 order by id`, [`appeal:${second.body.id}`]);
    expect(audit.rows.map((r) => r.kind)).toEqual(['appeal.filed', 'appeal.decided']);
    expect(audit.rows[1].data).toMatchObject({ status: 'approved', before: { compositeScore: 99 }, after: { compositeScore: 100 } });
    const drill = await t.get(`/api/evaluation/drilldown?period=2026-03&unitId=${await t.unitId(DHM)}&filter=appealed`, 'donghuamen');
    expect(drill.body.items.map((i: any) => i.orderId)).toEqual([basic.id]);
  });

  it('an approved invalidation takes the callback out of N', async () => {
    const sat = orders[0];
    const r = await t.post('/api/evaluation/appeals', { callbackId: await callbackIdOf(t, sat.id), reason: '诉求人非本人', outcome: 'invalidate' }, 'donghuamen');
    await t.post(`/api/evaluation/appeals/${r.body.id}/decide`, { approve: true, note: '核实非本人' }, 'supervisor');
    expect((await score(t, DHM, '2026-03')).validCallbacks).toBe(3);
  });

  it('an appeal after the window is refused', async () => {
    const o = await calledBack(t, DHM, UNSOLVED);
    t.advance(11 * 86_400_000);
    const r = await t.post('/api/evaluation/appeals', { callbackId: await callbackIdOf(t, o.id), reason: '超期申诉', outcome: 'invalidate' }, 'donghuamen');
    expectError(r, 409, 'invalid_transition');
  });
});

describe('merged orders', () => {
  it('count once, through the order they were merged into', async () => {
    const before = (await score(t, DEMO.departments.shijian, '2026-03')).validCallbacks;
    const dup = await intake(t);
    const main = await calledBackAfterMerge(dup.id);
    expect(main).toBeTruthy();
    const s = await score(t, DEMO.departments.shijian, '2026-03');
    expect(s.validCallbacks).toBe(before + 1);
  });
});

async function calledBackAfterMerge(dupId: number) {
  const o = await intake(t);
  await actOk(t, dupId, 'merge', { intoOrderId: o.id }, 'dispatcher');
  await actOk(t, o.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.departments.shijian) }, 'dispatcher');
  for (const a of ['sign', 'contact']) await actOk(t, o.id, a, {}, 'shijian');
  await actOk(t, o.id, 'feedback', { result: '已处理', solved: true }, 'shijian');
  return actOk(t, o.id, 'callback', { valid: true, ...SAT }, 'callback');
}

describe('the lead at callback time', () => {
  it('counts for the unit that led when the callback was made, not for a later lead', async () => {
    const o = await calledBack(t, DEMO.departments.zhujian, UNSOLVED);
    await actOk(t, o.id, 'reopen', { reason: '未解决' }, 'callback');
    await actOk(t, o.id, 'escalate', { reason: '需区级协调' }, 'zhujian');
    await actOk(t, o.id, 'reassign', { leadUnitId: await t.unitId(DEMO.departments.chengguan), note: '改由城管' }, 'district');
    expect((await score(t, DEMO.departments.zhujian, '2026-03')).validCallbacks).toBe(1);
    expect((await score(t, DEMO.departments.chengguan, '2026-03')).validCallbacks).toBe(0);
    for (const a of ['sign', 'contact']) await actOk(t, o.id, a, {}, 'chengguan');
    await actOk(t, o.id, 'feedback', { result: '城管已处理', solved: true }, 'chengguan');
    await actOk(t, o.id, 'callback', { valid: true, ...SAT }, 'callback');
    const zj = await score(t, DEMO.departments.zhujian, '2026-03');
    const cg = await score(t, DEMO.departments.chengguan, '2026-03');
    expect([zj.validCallbacks, zj.solved]).toEqual([1, 0]);
    expect([cg.validCallbacks, cg.solved, cg.satisfied]).toEqual([1, 1, 1]);
  });
});

describe('who may see a score', () => {
  it('the unit itself, its district and the hotline centre; others are refused', async () => {
    const id = await t.unitId(DHM);
    const path = `/api/evaluation/scores?period=2026-03&unitId=${id}`;
    for (const who of ['donghuamen', 'district', 'supervisor', 'callback', 'admin']) expect((await t.get(path, who)).status, who).toBe(200);
    for (const who of ['hepingli', 'chengguan', 'grid1', 'citizen']) expectError(await t.get(path, who), 403, 'forbidden');
    expectError(await t.get(path, null), 401, 'unauthenticated');
    expectError(await t.get(`/api/evaluation/scores?period=2026-03&unitId=999999`, 'supervisor'), 404, 'not_found');
    expectError(await t.get(`/api/evaluation/scores?period=2026-03&unitId=${await t.unitId(DEMO.community)}`, 'supervisor'), 404, 'not_found');
    expectError(await t.get(`/api/evaluation/scores?period=2026-13&unitId=${id}`, 'supervisor'), 400, 'validation_failed');
    // a municipal enterprise has no district: only itself and the centre
    const water = `/api/evaluation/scores?period=2026-03&unitId=${await t.unitId(DEMO.departments.water)}`;
    expect((await t.get(water, 'water')).status).toBe(200);
    expectError(await t.get(water, 'district'), 403, 'forbidden');
  });

  it('a drill-down and the rankings apply the same rule', async () => {
    const id = await t.unitId(DHM);
    expectError(await t.get(`/api/evaluation/drilldown?period=2026-03&unitId=${id}`, 'hepingli'), 403, 'forbidden');
    const mine = await t.get('/api/evaluation/rankings?period=2026-03&group=streets', 'donghuamen');
    expect(mine.body.items.map((i: any) => i.unitId)).toEqual([id]);
    const all = await t.get('/api/evaluation/rankings?period=2026-03&group=streets', 'district');
    expect(all.body.items.length).toBe(17);
  });
});
