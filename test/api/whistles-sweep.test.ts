import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO } from '../support/factories.ts';
import { blowOk, wactOk, ON_SITE } from '../support/whistles.ts';
import { buildApp } from '../../src/server/app.ts';
import { openPostgres, type Db } from '../../src/server/db/client.ts';
import { silentLogger } from '../../src/server/lib/ctx.ts';
import { sweepAll } from '../../src/server/modules/deadlines/deadline-sweep.ts';
import { withDatabase } from '../support/template.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const MIN = 60_000;
const lateEvents = async (ids: number[]) =>
  (await t.db.query<{ summons: number; n: number }>(
    `select (data->>'summonsId')::bigint as summons, count(*)::int as n from whistle_events
      where type = 'whistle.report_in_late' and whistle_id = any($1::bigint[]) group by 1`, [ids],
  )).rows;

it('a restarted server finds the report-ins that came due while it was down and flags each once', async () => {
  const ws = [await blowOk(t), await blowOk(t)];
  await wactOk(t, ws[0].id, 'report-in', { person: '张队', ...ON_SITE }, 'chengguan');
  t.advance(45 * MIN); // nothing swept meanwhile: the "server" was down
  // A new process: its own app on the same database with a fresh clock; the timers are all it knows.
  const clock = t.now();
  const app2 = buildApp({ db: t.db, now: () => clock, log: silentLogger, sessionHours: 1, webDir: null });
  const login = await app2.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'supervisor', password: 'demo-supervisor-2026' }) });
  const { token } = (await login.json()) as { token: string };
  const r = await app2.request('/api/deadlines/sweep', { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  const body = (await r.json()) as { overdue: number; skipped: number };
  expect(body.overdue).toBe(3); // 市场监管 on the first, both units on the second
  const late = await lateEvents(ws.map((w) => w.id));
  expect(late).toHaveLength(3);
  expect(late.every((x) => x.n === 1)).toBe(true);
  const first = (await t.get(`/api/whistles/${ws[0].id}`, 'donghuamen')).body;
  expect(first.reportIns.map((x: any) => x.status)).toEqual(['reported', 'late']);
  // The district supervisor is told once per whistle, naming each late unit.
  const told = await t.db.query<{ subject_id: number; units: number[] }>(
    `select n.subject_id, array(select jsonb_array_elements_text(n.data->'unitIds')::int) as units from notifications n join users u on u.id = n.user_id
      where u.username = 'district' and n.kind = 'whistle.report_in_late' and n.subject_id = any($1::bigint[]) order by n.subject_id`,
    [ws.map((w) => w.id)],
  );
  expect(told.rows.map((r) => r.units.length)).toEqual([1, 2]);
  expect((await sweepAll(await t.ctxAs('supervisor'))).fired).toBe(0);
});

it('several sweepers on one database flag every late report-in exactly once', async () => {
  const ws = [];
  for (let i = 0; i < 12; i++) ws.push(await blowOk(t, { units: [DEMO.departments.chengguan, DEMO.departments.shijian, DEMO.departments.zhujian] }));
  t.advance(31 * MIN);
  const extra: Db[] = [];
  // On the server each sweeper gets its own pool, as separate processes would.
  if (process.env.TEST_DATABASE_URL) {
    const name = (await t.db.query<{ d: string }>('select current_database() as d')).rows[0].d;
    for (let i = 0; i < 3; i++) extra.push(await openPostgres(withDatabase(process.env.TEST_DATABASE_URL, name), 3));
  }
  try {
    const dbs = extra.length ? extra : [t.db, t.db, t.db];
    const runs = await Promise.all(dbs.map((db) => sweepAll({ db, actor: null, now: t.now, log: silentLogger })));
    const flagged = runs.reduce((s, r) => s + (r.byKind.report_in?.overdue ?? 0), 0);
    expect(flagged).toBe(36);
    const late = await lateEvents(ws.map((w) => w.id));
    expect(late).toHaveLength(36);
    expect(late.every((x) => x.n === 1)).toBe(true);
    const pending = await t.db.query<{ n: number }>(`select count(*)::int as n from deadlines where subject_kind = 'report_in' and fired_at is null and not cancelled and fire_at <= $1`, [t.now()]);
    expect(pending.rows[0].n).toBe(0);
    // Each late report-in reaches its unit's staff once, and the district once: one by one, or in a
    // digest when a unit (or the district) has more than a handful late in one batch. How the
    // concurrent sweepers split the batches decides which; digests have a test of their own below.
    const notes = await t.db.query<{ unit_id: number | null; data: { digest?: boolean; summonsIds?: number[]; unitIds?: number[] } }>(
      `select n.unit_id, n.data from notifications n where n.kind = 'whistle.report_in_late' and n.subject_id = any($1::bigint[])`, [ws.map((w) => w.id)]);
    const districtId = await t.unitId(DEMO.district);
    const covered = (rows: typeof notes.rows, single: (r: (typeof notes.rows)[number]) => number) =>
      rows.reduce((n, r) => n + (r.data.digest ? r.data.summonsIds!.length : single(r)), 0);
    const toUnits = notes.rows.filter((r) => r.unit_id !== districtId);
    const toDistrict = notes.rows.filter((r) => r.unit_id === districtId);
    // only 城管, 住建 and 市场监管 have staff accounts in the demo city: all three summoned here
    expect(covered(toUnits, () => 1)).toBe(36);
    expect(covered(toDistrict, (r) => r.data.unitIds!.length)).toBe(36);
  } finally {
    for (const db of extra) await db.close();
  }
});

it('a report-in while the sweep runs is never lost nor flagged late after it', async () => {
  const w = await blowOk(t, { units: [DEMO.departments.chengguan] });
  t.advance(29 * MIN);
  const [r] = await Promise.all([
    wactOk(t, w.id, 'report-in', { person: '张队', ...ON_SITE }, 'chengguan'),
    sweepAll(await t.ctxAs('supervisor')),
  ]);
  expect(r.reportIns[0].status).toBe('reported');
  t.advance(5 * MIN);
  await sweepAll(await t.ctxAs('supervisor'));
  const d = (await t.get(`/api/whistles/${w.id}`, 'donghuamen')).body;
  expect(d.reportIns[0]).toMatchObject({ status: 'reported', late: false });
  expect(d.events.filter((e: any) => e.type === 'whistle.report_in_late')).toEqual([]);
});

it('the sweep words each notice: one per late unit, one per whistle to the district naming its late units, digests past five', async () => {
  const one = await blowOk(t); // 城管 and 市场监管
  t.advance(31 * MIN);
  await sweepAll(await t.ctxAs('supervisor'));
  const names = (await t.db.query<{ id: number; name: string }>(`select id, name from units where code = any($1::text[])`, [[DEMO.departments.chengguan, DEMO.departments.shijian]])).rows;
  const [cg, sj] = [await t.unitId(DEMO.departments.chengguan), await t.unitId(DEMO.departments.shijian)];
  const nameOf = (id: number) => names.find((n) => n.id === id)!.name;
  const notes = async (username: string, ids: number[]) =>
    (await t.db.query<{ title: string; title_en: string; link: string; subject_id: number; data: any }>(
      `select n.title, n.title_en, n.link, n.subject_id, n.data from notifications n join users u on u.id = n.user_id
        where u.username = $1 and n.kind = 'whistle.report_in_late' and n.subject_id = any($2::bigint[]) order by n.id`, [username, ids])).rows;
  const dueAt = one.reportIns[0].dueAt as string;
  // The district supervisor: the first whistle named with both its late units, in summons order.
  const district = await notes('district', [one.id]);
  expect(district).toHaveLength(1);
  expect(district[0]).toMatchObject({
    title: `${nameOf(cg)}、${nameOf(sj)}未按时报到（应急哨：东华门大街燃气泄漏）`,
    title_en: `${nameOf(cg)}, ${nameOf(sj)} late to report in: 东华门大街燃气泄漏`,
    link: `/console/whistles/${one.id}`,
    data: { whistleId: one.id, unitIds: [cg, sj], dueAt },
  });
  // 城管's staff: one notice for their one late report-in.
  expect(await notes('chengguan', [one.id])).toEqual([{
    title: '报到已超时：东华门大街燃气泄漏', title_en: 'Report-in overdue: 东华门大街燃气泄漏', link: `/console/whistles/${one.id}`,
    subject_id: one.id, data: { whistleId: one.id, unitId: cg, dueAt },
  }]);
  const many = [];
  for (let i = 0; i < 6; i++) many.push(await blowOk(t, { units: [DEMO.departments.zhujian] }));
  t.advance(31 * MIN);
  await sweepAll(await t.ctxAs('supervisor'));
  // 住建, six late at once (unless two sweep lanes split them): a digest counting exactly what it lists.
  const zj = await notes('zhujian', many.map((w) => w.id));
  const listed = zj.flatMap((n) => (n.data.digest ? n.data.summonsIds : [n.data.whistleId]));
  expect(listed).toHaveLength(6);
  for (const n of zj.filter((x) => x.data.digest)) {
    expect(n).toMatchObject({ title: `${n.data.summonsIds.length} 项报到已超时`, title_en: `${n.data.summonsIds.length} report-ins are overdue`, link: '/console/whistles' });
  }
});
