import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError, intake } from '../support/factories.ts';
import { blow, blowOk, wact, wactOk, whistleSnapshot, ON_SITE } from '../support/whistles.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const HOUR = 3600_000;
const counts = async () =>
  (await t.db.query(`select (select count(*)::int from whistles) as w, (select count(*)::int from whistle_events) as e,
                            (select count(*)::int from whistle_summons) as s, (select count(*)::int from deadlines where subject_kind = 'report_in') as d,
                            (select count(*)::int from notifications) as n`)).rows[0];
const enforcement = { scope: 'enforcement', scopeReason: '需区城管执法局联合执法' };

describe('report-in deadlines', () => {
  it('key task and hard problem: 24 natural hours; emergency: 30 minutes', async () => {
    const start = t.now().getTime();
    for (const [type, trigger, ms] of [['key_task', 'key_task', 24 * HOUR], ['hard_problem', 'key_task', 24 * HOUR], ['emergency', 'emergency', HOUR / 2]] as const) {
      const w = await blowOk(t, { type, trigger, units: [DEMO.departments.zhujian] });
      expect(new Date(w.reportIns[0].dueAt).getTime() - start).toBe(ms);
      expect(w.limit).toEqual(type === 'emergency' ? { amount: 30, unit: 'minutes' } : { amount: 24, unit: 'hours' });
    }
  });

  it('routine: 3 working days on the calendar, skipping the weekend and counting a make-up Saturday', async () => {
    t.clock.t = new Date('2026-03-06T02:00:00Z').getTime(); // Friday 10:00 in Shanghai
    const w = await blowOk(t, { type: 'routine', trigger: 'public_request', extra: enforcement });
    // Mon 9, Tue 10, Wed 11 → 24:00 of Wednesday in Shanghai
    expect(w.reportIns.map((r: any) => r.dueAt)).toEqual(['2026-03-11T16:00:00.000Z', '2026-03-11T16:00:00.000Z']);
    t.clock.t = new Date('2026-02-13T02:00:00Z').getTime(); // Friday before the Spring Festival; Sat 2/14 is a make-up working day
    const f = await blowOk(t, { type: 'routine', trigger: 'public_request', extra: enforcement });
    // make-up Sat 2/14 (1); the holiday runs to 2/23; Tue 2/24 (2), Wed 2/25 (3) → 2/26 00:00 Shanghai
    expect(f.reportIns[0].dueAt).toBe('2026-02-25T16:00:00.000Z');
    t.clock.t = new Date('2026-03-09T02:00:00Z').getTime();
  });

  it('a new policy version applies to whistles blown from then on; others keep theirs; only administrators publish', async () => {
    const old = await blowOk(t, { units: [DEMO.departments.zhujian] });
    const limits = { routine: { amount: 2, unit: 'working_days' }, key_task: { amount: 12, unit: 'hours' }, hard_problem: { amount: 12, unit: 'hours' }, emergency: { amount: 15, unit: 'minutes' } };
    expectError(await t.post('/api/whistle-policies', { name: '缩短', validFrom: t.now().toISOString(), limits }, 'donghuamen'), 403, 'forbidden');
    expectError(await t.post('/api/whistle-policies', { name: '缺项', validFrom: t.now().toISOString(), limits: { routine: limits.routine } }, 'admin'), 400, 'validation_failed');
    const p = await t.post('/api/whistle-policies', { name: '缩短应急哨', validFrom: t.now().toISOString(), limits }, 'admin');
    expect(p.status).toBe(201);
    const fresh = await blowOk(t, { units: [DEMO.departments.zhujian] });
    expect(new Date(fresh.reportIns[0].dueAt).getTime() - t.now().getTime()).toBe(15 * 60_000);
    const again = (await t.get(`/api/whistles/${old.id}`, 'donghuamen')).body;
    expect(new Date(again.reportIns[0].dueAt).getTime()).toBe(new Date(old.reportIns[0].dueAt).getTime());
    expect(again.policy.version).toBe(1);
    expect(fresh.policy.version).toBe(p.body.version);
  });
});

describe('scope: only 行政执法、应急处置、重大任务', () => {
  it('a routine public request with nothing calling for enforcement is refused, and nothing is written', async () => {
    const before = await counts();
    const r = await blow(t, { type: 'routine', trigger: 'public_request' });
    expectError(r, 422, 'out_of_scope');
    expectError(await blow(t, { type: 'routine', trigger: 'public_request', extra: { scope: 'enforcement' } }), 422, 'out_of_scope');
    expect(await counts()).toEqual(before);
  });

  it('a category whose enforcement stays with a department is in scope and proposes that department; one the street holds tells it to act itself', async () => {
    const amr = await t.unitId(DEMO.departments.shijian);
    const p = await t.post('/api/whistles/proposal', { streetId: await t.unitId(DEMO.streets.donghuamen), categoryCodes: ['11.04.10', '01.02.17'] }, 'donghuamen');
    expect(p.status).toBe(200);
    expect(p.body.units.map((u: any) => u.unitId)).toEqual([amr]);
    expect(p.body.units[0].reasons[0]).toMatchObject({ itemCode: 'ZF-15', listKind: 'enforcement' });
    expect(p.body.streetActsItself).toMatchObject([{ categoryCode: '01.02.17', itemCode: 'ZF-01' }]);
    expect(p.body.streetActsItself[0].zh).toContain('可自行执法');

    const w = await blowOk(t, { type: 'routine', trigger: 'public_request', units: [DEMO.departments.shijian, DEMO.departments.zhujian], extra: { categoryCodes: ['11.04.10'] } });
    expect(w.scope).toBe('enforcement');
    expect(w.scopeReason).toContain('ZF-15');
    expect(w.proposal).toMatchObject({ added: [await t.unitId(DEMO.departments.zhujian)], removed: [], summoned: [amr, await t.unitId(DEMO.departments.zhujian)] });
    expect(w.reportIns.map((r: any) => r.source)).toEqual(['proposed', 'added']);
  });
});

describe('authorisation', () => {
  it('a street cannot see or act on another street’s whistle; an unsummoned department cannot see it', async () => {
    const w = await blowOk(t);
    expectError(await t.get(`/api/whistles/${w.id}`, 'hepingli'), 404, 'not_found');
    expect((await t.get('/api/whistles', 'hepingli')).body.items.map((i: any) => i.id)).not.toContain(w.id);
    expect((await t.get('/api/whistles', 'donghuamen')).body.items.map((i: any) => i.id)).toContain(w.id);
    expect((await t.get('/api/whistles?summoned=mine', 'chengguan')).body.items.map((i: any) => i.id)).toContain(w.id);
    expectError(await t.get(`/api/whistles/${w.id}`, 'zhujian'), 404, 'not_found');
    expect((await t.get(`/api/whistles/${w.id}`, 'district')).status).toBe(200);
    expectError(await wact(t, w.id, 'escalate', { reason: '越权' }, 'hepingli'), 404, 'not_found');
    expectError(await wact(t, w.id, 'close', {}, 'chengguan'), 403, 'forbidden');
    expectError(await wact(t, w.id, 'release', { unitId: await t.unitId(DEMO.departments.shijian), reason: 'x' }, 'chengguan'), 403, 'forbidden');
  });

  it('only street staff blow, and only for their own street', async () => {
    expectError(await blow(t, { as: 'chengguan' }), 403, 'forbidden');
    expectError(await blow(t, { as: 'hepingli' }), 403, 'forbidden');
    expectError(await blow(t, { as: 'agent' }), 403, 'forbidden');
    expect((await blow(t, { as: 'hepingli', streetCode: DEMO.streets.hepingli })).status).toBe(201);
  });

  it('a department cannot rate (itself or anyone); the street cannot rate a unit that never reported in', async () => {
    const w = await blowOk(t, { units: [DEMO.departments.chengguan, DEMO.departments.shijian] });
    const cg = await t.unitId(DEMO.departments.chengguan);
    const sj = await t.unitId(DEMO.departments.shijian);
    await wactOk(t, w.id, 'report-in', { person: '张队', ...ON_SITE }, 'chengguan');
    await wactOk(t, w.id, 'record-action', { text: '处置' }, 'chengguan');
    await wactOk(t, w.id, 'release', { unitId: sj, reason: '经核实不涉及市场监管' }, 'donghuamen');
    await wactOk(t, w.id, 'close', {}, 'donghuamen');
    const before = await whistleSnapshot(t, w.id);
    expectError(await wact(t, w.id, 'rate', { unitId: cg, timeliness: 5, attitude: 5, effectiveness: 5 }, 'chengguan'), 403, 'forbidden');
    expectError(await wact(t, w.id, 'rate', { unitId: sj, timeliness: 1, attitude: 1, effectiveness: 1 }, 'donghuamen'), 409, 'invalid_transition');
    expect(await whistleSnapshot(t, w.id)).toEqual(before);
  });

  it('a contest after the window is refused', async () => {
    const w = await blowOk(t, { units: [DEMO.departments.chengguan] });
    await wactOk(t, w.id, 'report-in', { person: '张队', ...ON_SITE }, 'chengguan');
    await wactOk(t, w.id, 'record-action', { text: '处置' }, 'chengguan');
    await wactOk(t, w.id, 'close', {}, 'donghuamen');
    await wactOk(t, w.id, 'rate', { unitId: await t.unitId(DEMO.departments.chengguan), timeliness: 3, attitude: 3, effectiveness: 3 }, 'donghuamen');
    t.advance(8 * 24 * HOUR);
    const r = await wact(t, w.id, 'contest-rating', { reason: '迟到的申诉' }, 'chengguan');
    expectError(r, 409, 'invalid_transition');
    expect(r.body.details.guard).toBe('contestWindow');
  });
});

describe('bad input: a clear 4xx and nothing changed', () => {
  it('refuses malformed whistles', async () => {
    const before = await counts();
    const street = await t.unitId(DEMO.streets.donghuamen);
    const base = { type: 'emergency', trigger: 'emergency', title: '测试', description: '测试', streetId: street, workOrderIds: [], summonedUnitIds: [await t.unitId(DEMO.departments.chengguan)] };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ ...base, type: 'urgent' }, 400, 'validation_failed'],
      [{ ...base, trigger: 'whim' }, 400, 'validation_failed'],
      [{ ...base, summonedUnitIds: [] }, 400, 'validation_failed'],
      [{ ...base, summonedUnitIds: [base.summonedUnitIds[0], base.summonedUnitIds[0]] }, 400, 'validation_failed'],
      [{ ...base, summonedUnitIds: [street] }, 400, 'validation_failed'],
      [{ ...base, summonedUnitIds: [await t.unitId(DEMO.community)] }, 400, 'validation_failed'],
      [{ ...base, summonedUnitIds: [await t.unitId(DEMO.district)] }, 400, 'validation_failed'],
      [{ ...base, summonedUnitIds: [987654] }, 404, 'not_found'],
      [{ ...base, workOrderIds: [987654] }, 400, 'validation_failed'],
      [{ ...base, title: '' }, 400, 'validation_failed'],
      [{ ...base, streetId: await t.unitId(DEMO.departments.chengguan) }, 400, 'validation_failed'],
    ];
    for (const [body, status, code] of cases) expectError(await t.post('/api/whistles', body, 'donghuamen'), status, code);
    expectError(await t.post('/api/whistles', '{not json', 'donghuamen'), 400, 'bad_request');
    expect(await counts()).toEqual(before);
  });

  it('a 攻坚哨 may summon the district leaders, who report in by post (双报到)', async () => {
    const w = await blowOk(t, { type: 'hard_problem', trigger: 'key_task', units: [DEMO.district] });
    await wactOk(t, w.id, 'report-in', { person: '赵副区长', leaderPost: 'deputy_head' }, 'district');
    const r = await wactOk(t, w.id, 'report-in', { person: '王常委', leaderPost: 'standing_committee' }, 'district');
    expect(r.reportIns[0]).toMatchObject({ status: 'reported', person: '挂包区委常委：王常委；分管副区长：赵副区长' });
  });

  it('refuses bad actions without changing the whistle', async () => {
    const w = await blowOk(t);
    const before = await whistleSnapshot(t, w.id);
    expectError(await t.post(`/api/whistles/${w.id}/report-in`, { version: w.version + 5, person: '张队', ...ON_SITE }, 'chengguan'), 409, 'version_conflict');
    expectError(await t.post(`/api/whistles/${w.id}/report-in`, { version: w.version }, 'chengguan'), 400, 'validation_failed');
    expectError(await t.post(`/api/whistles/${w.id}/rate`, { version: w.version, unitId: 1, timeliness: 6, attitude: 3, effectiveness: 3 }, 'donghuamen'), 400, 'validation_failed');
    expectError(await t.post(`/api/whistles/${w.id}/rate`, { version: w.version, unitId: await t.unitId(DEMO.departments.chengguan), timeliness: 3, attitude: 3, effectiveness: 3 }, 'donghuamen'), 409, 'invalid_transition');
    expectError(await t.post(`/api/whistles/${w.id}/release`, { version: w.version, unitId: await t.unitId(DEMO.departments.zhujian), reason: '未召集' }, 'donghuamen'), 409, 'invalid_transition');
    expectError(await t.post(`/api/whistles/${w.id}/fly`, { version: w.version }, 'donghuamen'), 404, 'not_found');
    expectError(await t.get('/api/whistles/99999999', 'donghuamen'), 404, 'not_found');
    expect(await whistleSnapshot(t, w.id)).toEqual(before);
  });

  it('escalation hands coordination to the district, which may summon more units', async () => {
    const order = await intake(t);
    const w = await blowOk(t, { orders: [order.id], units: [DEMO.departments.chengguan] });
    const e = await wactOk(t, w.id, 'escalate', { reason: '城管到场后仍无法处置' }, 'donghuamen');
    expect(e.status).toBe('escalated');
    const d = await wactOk(t, w.id, 'summon', { unitIds: [await t.unitId(DEMO.departments.zhujian)] }, 'district');
    expect(d.reportIns.map((r: any) => r.source)).toEqual(['proposed', 'district'].map((s, i) => (i === 0 ? d.reportIns[0].source : s)));
    expect((await t.get(`/api/whistles?workOrderId=${order.id}`, 'district')).body.items.map((i: any) => i.id)).toEqual([w.id]);
    expect((await t.get(`/api/whistles/${w.id}`, 'district')).body.myNotifications.map((n: any) => n.kind)).toContain('whistle.escalated');
  });
});
