import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError, intake } from '../support/factories.ts';
import { blowOk, wact, wactOk, whistleSnapshot, ON_SITE } from '../support/whistles.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const MIN = 60_000;
const sweep = () => t.post('/api/deadlines/sweep', {}, 'supervisor');

it('blow → report in → act → closure gate → close → rate: the whole whistle, with its events and notifications', async () => {
  const order = await intake(t);
  const w = await blowOk(t, { orders: [order.id] });
  const [cg, sj] = [await t.unitId(DEMO.departments.chengguan), await t.unitId(DEMO.departments.shijian)];
  expect(w).toMatchObject({ status: 'open', version: 1, type: 'emergency', scope: 'emergency', onSite: true });
  expect(w.reportIns.map((r: any) => [r.unitId, r.status, new Date(r.dueAt).getTime() - t.now().getTime()])).toEqual([[cg, 'pending', 30 * MIN], [sj, 'pending', 30 * MIN]]);
  const page = (await t.get(`/api/whistles/${w.id}`, 'donghuamen')).body;
  expect(page.reportIns).toMatchObject(w.reportIns.map((r: any) => ({ unitId: r.unitId, dueAt: r.dueAt, status: r.status })));
  expect(page.workOrders.map((o: any) => o.id)).toEqual([order.id]);
  expect(page.allowedActions).toEqual(expect.arrayContaining(['release', 'escalate', 'summon']));
  expect(page.allowedActions).not.toContain('close');
  expect(page.blockedActions).toEqual([{ action: 'close', guard: 'allSettled' }]);
  // Each summoned department is told.
  const cgView = (await t.get(`/api/whistles/${w.id}`, 'chengguan')).body;
  expect(cgView.myNotifications.map((n: any) => n.kind)).toEqual(['whistle.summoned']);
  expect(cgView.allowedActions).toEqual(['report_in']);
  expect((await t.get(`/api/whistles/${w.id}`, 'chengguan')).body.myNotifications).toHaveLength(1);

  // An on-site whistle needs the arrival position.
  expectError(await wact(t, w.id, 'report-in', { person: '城管王队' }, 'chengguan'), 400, 'validation_failed');
  t.advance(10 * MIN);
  const r1 = await wactOk(t, w.id, 'report-in', { person: '城管王队 13900000000', ...ON_SITE }, 'chengguan');
  expect(r1.reportIns[0]).toMatchObject({ status: 'reported', late: false, person: '城管王队 13900000000', arrival: { lon: ON_SITE.lon, lat: ON_SITE.lat } });
  expectError(await wact(t, w.id, 'report-in', { person: '又来了', ...ON_SITE }, 'chengguan'), 409, 'invalid_transition');

  // 10 minutes before the deadline the silent unit is reminded; the one that reported is not.
  t.advance(11 * MIN);
  expect((await sweep()).body.warnings).toBe(1);
  // 市场监管 is silent past the deadline; the sweep flags it and tells it and the district.
  t.advance(14 * MIN);
  expect((await sweep()).status).toBe(200);
  const late = (await t.get(`/api/whistles/${w.id}`, 'district')).body;
  expect(late.reportIns[1]).toMatchObject({ unitId: sj, status: 'late', late: true });
  expect(late.events.filter((e: any) => e.type === 'whistle.report_in_late').map((e: any) => e.unitId)).toEqual([sj]);
  expect(late.myNotifications.map((n: any) => n.kind)).toEqual(['whistle.report_in_late']);
  const sjNotes = (await t.get(`/api/whistles/${w.id}`, 'shijian')).body.myNotifications.map((n: any) => n.kind);
  expect(sjNotes).toEqual(['whistle.summoned', 'whistle.report_in_due_soon', 'whistle.report_in_late']);
  expect(late.version).toBe(r1.version); // a flag keeps the version

  await wactOk(t, w.id, 'record-action', { text: '现场关阀，清理占道' }, 'chengguan');
  // 事不完、人不撤: 市场监管 has not acted.
  const before = await whistleSnapshot(t, w.id);
  const refused = await wact(t, w.id, 'close', { result: '处置完毕' }, 'donghuamen');
  expectError(refused, 409, 'invalid_transition');
  expect(refused.body.details.guard).toBe('allSettled');
  expect(await whistleSnapshot(t, w.id)).toEqual(before);

  expectError(await wact(t, w.id, 'record-action', { text: '未报到先处置' }, 'shijian'), 409, 'invalid_transition');
  const r2 = await wactOk(t, w.id, 'report-in', { person: '市场监管李科长', ...ON_SITE }, 'shijian');
  expect(r2.reportIns[1]).toMatchObject({ status: 'reported', late: true, lateMinutes: 5 });
  await wactOk(t, w.id, 'record-action', { text: '查封违规燃气设施' }, 'shijian');
  const closed = await wactOk(t, w.id, 'close', { result: '燃气泄漏已处置，餐馆停业整改' }, 'donghuamen');
  expect(closed.status).toBe('closed');
  expect(closed.reportIns.map((r: any) => r.status)).toEqual(['acted', 'acted']);
  // Closing a whistle never closes the order it came from.
  expect((await t.get(`/api/work-orders/${order.id}`, 'supervisor')).body.status).toBe(order.status);

  await wactOk(t, w.id, 'rate', { unitId: cg, timeliness: 5, attitude: 5, effectiveness: 4, comment: '到场及时' }, 'donghuamen');
  const rated = await wactOk(t, w.id, 'rate', { unitId: sj, timeliness: 2, attitude: 4, effectiveness: 4, comment: '报到超时' }, 'donghuamen');
  expect(rated.ratings.map((r: any) => [r.unitId, r.timeliness])).toEqual([[cg, 5], [sj, 2]]);
  expectError(await wact(t, w.id, 'rate', { unitId: cg, timeliness: 1, attitude: 1, effectiveness: 1 }, 'donghuamen'), 409, 'invalid_transition');
  // A department sees only its own rating.
  expect((await t.get(`/api/whistles/${w.id}`, 'shijian')).body.ratings.map((r: any) => r.unitId)).toEqual([sj]);
  expect((await t.get(`/api/whistles/${w.id}`, 'shijian')).body.myNotifications.at(-1).kind).toBe('whistle.rated');

  // Contest and the district's decision, audited.
  expectError(await wact(t, w.id, 'contest-rating', { reason: '不是我的' }, 'zhujian'), 404, 'not_found');
  await wactOk(t, w.id, 'contest-rating', { reason: '超时因交通管制' }, 'shijian');
  expectError(await wact(t, w.id, 'decide-rating', { unitId: sj, uphold: false, note: '街道自己改', revised: { timeliness: 4, attitude: 4, effectiveness: 4 } }, 'donghuamen'), 403, 'forbidden');
  expectError(await wact(t, w.id, 'decide-rating', { unitId: sj, uphold: true, note: '部门自己裁' }, 'shijian'), 403, 'forbidden');
  const decided = await wactOk(t, w.id, 'decide-rating', { unitId: sj, uphold: false, note: '交通管制属实', revised: { timeliness: 4, attitude: 4, effectiveness: 4 } }, 'district');
  expect(decided.ratings[1]).toMatchObject({ status: 'revised', timeliness: 4, original: { timeliness: 2, attitude: 4, effectiveness: 4 }, decisionNote: '交通管制属实' });
  expect(decided.events.at(-1)).toMatchObject({ type: 'whistle.rating_decided', unitId: sj, actorRole: 'district_supervisor', data: { before: { timeliness: 2 }, after: { timeliness: 4 } } });
  const types = decided.events.map((e: any) => e.type);
  expect(types.slice(0, 3)).toEqual(['whistle.blown', 'whistle.unit_summoned', 'whistle.unit_summoned']);
  expect(decided.events.every((e: any) => e.unitId !== null)).toBe(true);
});
