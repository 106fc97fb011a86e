import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError } from '../support/factories.ts';
import { blowOk, wact, wactOk, whistleSnapshot } from '../support/whistles.ts';
import { sweepAll } from '../../src/server/modules/deadlines/deadline-sweep.ts';

/*
 * 双报到 (seed 004): “对街道吹响的‘攻坚哨’，实行挂包街道的区委常委和分管副区长‘双报到’机制”. The
 * district's summons on a 攻坚哨 is reported in only when both leaders have, each by post.
 */
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const HOUR = 3600_000;
const hardProblem = () => blowOk(t, { type: 'hard_problem', trigger: 'key_task', units: [DEMO.district, DEMO.departments.zhujian], extra: { onSite: false } });
const leaderRow = async (id: number) => (await t.get(`/api/whistles/${id}`, 'district')).body.reportIns.find((r: any) => r.leaders);

it('the district summons of a 攻坚哨 is reported in only when the 挂包区委常委 and the 分管副区长 both have', async () => {
  const w = await hardProblem();
  const district = await t.unitId(DEMO.district);
  // Before anyone reports: both posts listed, neither in; a department's summons has no posts.
  const first = await leaderRow(w.id);
  expect(first.unitId).toBe(district);
  expect(first.leaders).toEqual([
    { post: 'standing_committee', person: null, reportedAt: null, lateMinutes: null },
    { post: 'deputy_head', person: null, reportedAt: null, lateMinutes: null },
  ]);
  expect((await t.get(`/api/whistles/${w.id}`, 'district')).body.reportIns.find((r: any) => r.unitId !== district).leaders).toBeNull();
  // The report-in form offers the district's staff both posts; a department none.
  expect((await t.get(`/api/whistles/${w.id}`, 'district')).body.myLeaderPosts).toEqual(['standing_committee', 'deputy_head']);
  expect((await t.get(`/api/whistles/${w.id}`, 'zhujian')).body.myLeaderPosts).toEqual([]);

  // Without naming the post: refused, nothing written.
  const before = await whistleSnapshot(t, w.id);
  expectError(await wact(t, w.id, 'report-in', { person: '王常委' }, 'district'), 400, 'validation_failed');
  expect(await whistleSnapshot(t, w.id)).toEqual(before);

  t.advance(2 * HOUR);
  const half = await wactOk(t, w.id, 'report-in', { person: '王常委', leaderPost: 'standing_committee' }, 'district');
  const mid = half.reportIns.find((r: any) => r.unitId === district);
  expect(mid.status).toBe('pending'); // one leader is not 双报到
  expect(mid.leaders.map((l: any) => [l.post, l.person])).toEqual([['standing_committee', '王常委'], ['deputy_head', null]]);
  expect(new Date(mid.leaders[0].reportedAt).getTime()).toBe(t.now().getTime());
  expect((await t.get(`/api/whistles/${w.id}`, 'district')).body.myLeaderPosts).toEqual(['deputy_head']);
  // The same post twice: refused.
  expectError(await wact(t, w.id, 'report-in', { person: '李常委', leaderPost: 'standing_committee' }, 'district'), 409, 'conflict');

  t.advance(HOUR);
  const done = await wactOk(t, w.id, 'report-in', { person: '赵副区长', leaderPost: 'deputy_head' }, 'district');
  const row = done.reportIns.find((r: any) => r.unitId === district);
  expect(row).toMatchObject({ status: 'reported', late: false, person: '挂包区委常委：王常委；分管副区长：赵副区长' });
  const events = done.events.filter((e: any) => e.type === 'whistle.reported_in' && e.unitId === district).map((e: any) => [e.data.leaderPost, e.data.leaderPerson]);
  expect(events).toEqual([['standing_committee', '王常委'], ['deputy_head', '赵副区长']]);
  // Reported, the district's leaders act like any unit.
  await wactOk(t, w.id, 'record-action', { text: '现场协调拆违' }, 'district');
});

it('one leader in time and the other not: the deadline still runs, the sweep flags the summons late, and the late post is measured', async () => {
  const w = await hardProblem();
  const district = await t.unitId(DEMO.district);
  t.advance(HOUR);
  await wactOk(t, w.id, 'report-in', { person: '王常委', leaderPost: 'standing_committee' }, 'district');
  t.advance(24 * HOUR); // the 24-hour limit passed an hour ago
  await sweepAll(await t.ctxAs('supervisor'));
  const flagged = await leaderRow(w.id);
  expect(flagged).toMatchObject({ status: 'late', late: true });
  const late = await t.db.query(`select 1 from whistle_events where whistle_id = $1 and type = 'whistle.report_in_late' and unit_id = $2`, [w.id, district]);
  expect(late.rows).toHaveLength(1);
  const done = await wactOk(t, w.id, 'report-in', { person: '赵副区长', leaderPost: 'deputy_head' }, 'district');
  const row = done.reportIns.find((r: any) => r.unitId === district);
  expect(row).toMatchObject({ status: 'reported', late: true, lateMinutes: 60 });
  expect(row.leaders.map((l: any) => l.lateMinutes)).toEqual([null, 60]);
});

it('a department reports in as before, and may not name a leader post', async () => {
  const w = await hardProblem();
  expectError(await wact(t, w.id, 'report-in', { person: '张科长', leaderPost: 'deputy_head' }, 'zhujian'), 400, 'validation_failed');
  const r = await wactOk(t, w.id, 'report-in', { person: '张科长' }, 'zhujian');
  const zj = await t.unitId(DEMO.departments.zhujian);
  expect(r.reportIns.find((x: any) => x.unitId === zj)).toMatchObject({ status: 'reported', person: '张科长', leaders: null });
});
