import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError } from '../support/factories.ts';
import { intakeHeatingSurge } from '../support/themes.ts';
import { detectTopics } from '../../src/server/modules/themes/topic-queries.ts';

// Monday 2026-01-05 10:00 Shanghai
const START = new Date('2026-01-05T02:00:00Z');
const DAY = 86_400_000;
let t: TestApp;
let surge: { heating: number[]; other: number[] };
beforeAll(async () => {
  t = await createTestApp(START);
  surge = await intakeHeatingSurge(t);
});
afterAll(() => t.close());

const kinds = async (as: string) => (await t.get('/api/notifications?pageSize=50', as)).body.items.filter((n: any) => n.subjectKind === 'theme').map((n: any) => n.kind).reverse();

const act = async (id: number, action: string, body: Record<string, unknown>, as: string) => {
  const v = (await t.get(`/api/monthly-themes/${id}`, 'district')).body.version;
  return t.post(`/api/monthly-themes/${id}/${action}`, { version: v, ...body }, as);
};

it('topics: the heating cluster emerges in the district and its street, with places and examples; another street sees nothing', async () => {
  const r = await t.get('/api/topics?days=7&windows=5&clusters=5', 'district');
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  expect(r.body.orders).toBe(surge.heating.length + surge.other.length);
  const emerging = r.body.topics.filter((x: any) => x.emerging);
  expect(emerging).toHaveLength(1);
  const heat = emerging[0];
  expect(heat.topTerms).toEqual(expect.arrayContaining(['供暖', '不热']));
  expect(heat.counts, JSON.stringify(r.body.topics.map((x: any) => [x.topTerms, x.counts]))).toEqual([2, 2, 2, 2, 8]);
  // baseline 2, growth (8+1)/(2+1) = 3, z = (8-2)/√3
  expect(heat.growth).toBe(3);
  expect(heat.z).toBeCloseTo(6 / Math.sqrt(3), 2);
  expect(heat.streets).toEqual([{ id: await t.unitId(DEMO.streets.donghuamen), name: '东华门街道', count: 16 }]);
  expect(heat.examples).toHaveLength(5);
  expect(surge.heating).toEqual(expect.arrayContaining(heat.orderIds));
  expect((await t.get('/api/topics?days=7&windows=5&clusters=5', 'donghuamen')).body.topics.find((x: any) => x.emerging)?.counts).toEqual([2, 2, 2, 2, 8]);
  const other = await t.get('/api/topics?days=7&windows=5&clusters=5', 'hepingli');
  expect(other.body).toMatchObject({ orders: 0, topics: [] });
  expectError(await t.get('/api/topics?days=0', 'district'), 400, 'validation_failed');
});

it('topics: past the cap, every window is sampled evenly rather than the oldest kept', async () => {
  const all = surge.heating.length + surge.other.length;
  const ctx = await t.ctxAs('district');
  const whole = await detectTopics(ctx, { days: 7, windows: 5, clusters: 5 });
  expect(whole).toMatchObject({ orders: all, sampleEvery: 1 });
  const cap = Math.ceil(all / 3);
  const r = await detectTopics(ctx, { days: 7, windows: 5, clusters: 5 }, cap);
  expect(r.sampleEvery).toBe(Math.ceil(all / cap));
  expect(r.orders).toBeLessThanOrEqual(cap);
  expect(r.orders).toBeGreaterThan(0);
  // The newest window is still there (kept-oldest would have cut it off).
  expect(r.topics.reduce((n: number, c) => n + c.counts[4], 0)).toBeGreaterThan(0);
  expect(r.topics.reduce((n: number, c) => n + c.counts[0], 0)).toBeGreaterThan(0);
});

it('每月一题: from the cluster to a closed theme, with its overdue task flagged, policies and the before/after volume', async () => {
  const topics = (await t.get('/api/topics?days=7&windows=5&clusters=5', 'district')).body.topics;
  const heat = topics.find((x: any) => x.emerging);
  const [zhujian, donghuamen] = [await t.unitId(DEMO.departments.zhujian), await t.unitId(DEMO.streets.donghuamen)];
  const input = {
    title: '冬季供暖不热', month: '2026-02', leadUnitId: zhujian,
    problems: [{ title: '老旧小区暖气不热', terms: ['暖气'], streetIds: [donghuamen] }],
    source: { topTerms: heat.topTerms, counts: heat.counts, orderIds: heat.orderIds },
  };
  expectError(await t.post('/api/monthly-themes', input, 'donghuamen'), 403, 'forbidden');
  expectError(await t.post('/api/monthly-themes', { ...input, problems: [1, 2, 3, 4].map((i) => ({ title: `问题${i}` })) }, 'district'), 400, 'validation_failed');
  const created = await t.post('/api/monthly-themes', input, 'district');
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  const id = created.body.id;
  expect(created.body).toMatchObject({ status: 'active', version: 1, leadUnitName: '东城区住房和城市建设委员会', source: { counts: [2, 2, 2, 2, 8] } });
  expect(created.body.allowedActions).toEqual(['add_problem', 'add_task', 'add_policy']);
  // the lead department may add tasks and policies, not problems, nor close
  expect((await t.get(`/api/monthly-themes/${id}`, 'zhujian')).body.allowedActions).toEqual(['add_task', 'add_policy']);
  expectError(await t.get(`/api/monthly-themes/${id}`, 'chengguan'), 404, 'not_found');
  expect((await t.get('/api/monthly-themes', 'chengguan')).body.items).toEqual([]);

  await act(id, 'add-problem', { title: '供暖报修响应慢', terms: ['供暖'] }, 'district');
  expectError(await act(id, 'close', {}, 'district'), 409, 'invalid_transition');
  expectError(await act(id, 'add-task', { title: '排查', ownerUnitId: donghuamen, dueAt: '2026-01-01' }, 'district'), 400, 'bad_request');
  const due = new Date(t.now().getTime() + 10 * DAY).toISOString();
  const withTask = await act(id, 'add-task', { title: '逐楼排查暖气不热住户', ownerUnitId: donghuamen, dueAt: due }, 'zhujian');
  expect(withTask.status, JSON.stringify(withTask.body)).toBe(200);
  const task = withTask.body.tasks[0];
  expect(task).toMatchObject({ ownerName: '东华门街道', status: 'open', overdue: false });
  const owner = (await t.get(`/api/monthly-themes/${id}`, 'donghuamen')).body;
  expect(owner.tasks[0].allowedActions).toEqual(['update_task', 'complete_task']);
  expect(owner.allowedActions).toEqual([]);
  expectError(await act(id, 'complete-task', { taskId: task.id }, 'hepingli'), 404, 'not_found');
  const refused = await act(id, 'close', {}, 'district');
  expectError(refused, 409, 'invalid_transition');
  expect(refused.body.details.guard).toBe('allTasksDone');

  // seven days on the owner is reminded; past the due date the task is flagged and the district told
  t.advance(8 * DAY);
  await t.post('/api/deadlines/sweep', {}, 'supervisor');
  expect(await kinds('donghuamen')).toEqual(['theme.task_assigned', 'theme.task_due_soon']);
  t.advance(3 * DAY);
  await t.post('/api/deadlines/sweep', {}, 'supervisor');
  const late = (await t.get(`/api/monthly-themes/${id}`, 'district')).body;
  expect(late.tasks[0].overdue).toBe(true);
  expect(late.events.filter((e: any) => e.type === 'theme.task_overdue').map((e: any) => e.data.taskId)).toEqual([task.id]);
  expect(await kinds('donghuamen')).toEqual(expect.arrayContaining(['theme.task_assigned', 'theme.task_due_soon', 'theme.task_overdue']));
  expect(await kinds('district')).toContain('theme.task_overdue');

  expect((await act(id, 'update-task', { taskId: task.id, progress: '已排查12栋楼' }, 'donghuamen')).status).toBe(200);
  expect((await act(id, 'add-policy', { title: '东城区老旧小区供暖改造实施方案', issuedOn: '2026-02-10', link: 'https://example.gov.cn/p/1' }, 'zhujian')).status).toBe(200);
  expect((await act(id, 'complete-task', { taskId: task.id, progress: '全部整改' }, 'donghuamen')).status).toBe(200);
  expectError(await act(id, 'close', {}, 'zhujian'), 403, 'forbidden');
  const closed = await act(id, 'close', { result: '供暖问题集中整改完成' }, 'district');
  expect(closed.status).toBe(200);
  expect(closed.body).toMatchObject({ status: 'closed', result: '供暖问题集中整改完成', policies: [{ title: '东城区老旧小区供暖改造实施方案', issuedOn: '2026-02-10' }] });
  expect(closed.body.events.map((e: any) => e.type)).toEqual([
    'theme.created', 'theme.problem_added', 'theme.task_added', 'theme.task_overdue', 'theme.task_updated', 'theme.policy_issued', 'theme.task_completed', 'theme.closed',
  ]);
  expectError(await act(id, 'add-policy', { title: 'x', issuedOn: '2026-02-11' }, 'district'), 409, 'invalid_transition');

  // effect: the theme began in the week of 2026-02-02; heating orders (暖气 or 供暖, in 东华门) per week
  const effect = (await t.get(`/api/monthly-themes/${id}/effect`, 'district')).body;
  expect(effect.startedAt).toBe('2026-02-01T16:00:00.000Z');
  const byWeek = Object.fromEntries(effect.weeks.filter((w: any) => w.count).map((w: any) => [w.weekStart, w.count]));
  expect(byWeek).toEqual({
    '2026-01-04T16:00:00.000Z': 2, '2026-01-11T16:00:00.000Z': 2, '2026-01-18T16:00:00.000Z': 2, '2026-01-25T16:00:00.000Z': 2, '2026-02-01T16:00:00.000Z': 8,
  });
  expect(effect.beforeWeekly).toBeCloseTo(8 / 12, 2);
  // the theme's week and the next two (now is 2026-02-13, in the week of 02-09)
  expect(effect.weeks.filter((w: any) => w.after).length).toBe(2);
  expect(effect.afterWeekly).toBe(4);
  expect((await t.get(`/api/monthly-themes/${id}/effect`, 'hepingli')).status).toBe(404);
});

it('长期跟踪: listed with a reason, reviewed on schedule, supervised, resolved; visibility of the order applies', async () => {
  const orderId = surge.other[0];
  expectError(await t.post('/api/long-term', { orderId, reasonKind: 'history', reason: '历史遗留产权问题', reviewDays: 30 }, 'hepingli'), 404, 'not_found');
  const r = await t.post('/api/long-term', { orderId, reasonKind: 'history', reason: '历史遗留产权问题，需市级政策', reviewDays: 30 }, 'donghuamen');
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  expectError(await t.post('/api/long-term', { orderId, reasonKind: 'policy', reason: '再来一次' }, 'donghuamen'), 409, 'conflict');
  expect((await t.get('/api/long-term', 'hepingli')).body.items).toEqual([]);
  t.advance(31 * DAY);
  await t.post('/api/deadlines/sweep', {}, 'supervisor');
  const due = (await t.get('/api/long-term', 'district')).body.items[0];
  expect(due).toMatchObject({ orderId, reasonKind: 'history', reviewDue: true, status: 'tracking' });
  expect(due.events.map((e: any) => e.type)).toEqual(['long_term.listed', 'long_term.review_due']);
  expectError(await t.post(`/api/long-term/${due.id}/supervise`, { version: due.version, note: '请加快' }, 'donghuamen'), 403, 'forbidden');
  const sup = await t.post(`/api/long-term/${due.id}/supervise`, { version: due.version, note: '请街道每月报告进展' }, 'district');
  expect(sup.status).toBe(200);
  const reviewed = await t.post(`/api/long-term/${due.id}/review`, { version: sup.body.version, note: '已与产权单位协调' }, 'donghuamen');
  expect(reviewed.body).toMatchObject({ reviewDue: false, nextReviewAt: new Date(t.now().getTime() + 30 * DAY).toISOString() });
  const done = await t.post(`/api/long-term/${due.id}/resolve`, { version: reviewed.body.version, note: '产权问题解决' }, 'donghuamen');
  expect(done.body.status).toBe('resolved');
  expectError(await t.post(`/api/long-term/${due.id}/review`, { version: done.body.version, note: 'x' }, 'donghuamen'), 409, 'invalid_transition');
});
