import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError } from '../support/factories.ts';
import { blow, blowOk, wact, wactOk, ON_SITE } from '../support/whistles.ts';
import { hashPassword } from '../../src/server/lib/password.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

// a 1×1 PNG
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';

const register = async (streetCode: string, dept: string, name: string, as: string) => {
  const r = await t.post(`/api/streets/${await t.unitId(streetCode)}/stationed-staff`, { departmentId: await t.unitId(dept), name, phone: '13900000000' }, as);
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.id as number;
};

describe('派驻人员: the street dispatches stationed staff directly on a routine whistle', () => {
  it('their department is summoned through them; the street reports in and acts as that department; closing follows', async () => {
    const wang = await register(DEMO.streets.donghuamen, DEMO.departments.chengguan, '王执法', 'donghuamen');
    const li = await register(DEMO.streets.donghuamen, DEMO.departments.chengguan, '李执法', 'donghuamen');
    const cg = await t.unitId(DEMO.departments.chengguan);
    const w = await blowOk(t, { type: 'routine', trigger: 'joint_enforcement', units: [], extra: { stationedStaffIds: [wang, li] } });
    expect(w.reportIns).toMatchObject([{ unitId: cg, status: 'pending', source: 'stationed' }]);
    const page = (await t.get(`/api/whistles/${w.id}`, 'donghuamen')).body;
    expect(page.reportIns[0].stationed.map((s: any) => s.name)).toEqual(['王执法', '李执法']);
    expect(page.allowedActions).toContain('report_in');

    await wactOk(t, w.id, 'report-in', { person: '王执法 13900000000' }, 'donghuamen');
    const acted = await wactOk(t, w.id, 'record-action', { text: '派驻城管队员现场劝离占道经营', photos: [{ name: '现场.png', mime: 'image/png', contentBase64: PNG }] }, 'donghuamen');
    expect(acted.reportIns[0]).toMatchObject({ unitId: cg, status: 'acted', person: '王执法 13900000000' });
    // The log records the department as the unit concerned, and that the street recorded it for them.
    const ev = await t.db.query<{ type: string; unit_id: number; actor_role: string; on_behalf: boolean }>(
      `select type, unit_id, actor_role, (data->>'onBehalf')::boolean as on_behalf from whistle_events where whistle_id = $1 and type in ('whistle.reported_in','whistle.action_recorded') order by id`, [w.id]);
    expect(ev.rows).toEqual([
      { type: 'whistle.reported_in', unit_id: cg, actor_role: 'street_staff', on_behalf: true },
      { type: 'whistle.action_recorded', unit_id: cg, actor_role: 'street_staff', on_behalf: true },
    ]);
    expect(acted.photos).toHaveLength(1);
    expect(acted.photos[0].actionId).not.toBeNull();
    expect((await wact(t, w.id, 'close', { result: '已劝离' }, 'donghuamen')).status).toBe(200);
  });

  it('only on a routine whistle, only staff on this street’s register, and not after they are taken off it', async () => {
    const other = await register(DEMO.streets.hepingli, DEMO.departments.chengguan, '和平里派驻', 'hepingli');
    const mine = await register(DEMO.streets.donghuamen, DEMO.departments.shijian, '赵监管', 'donghuamen');
    expectError(await blow(t, { type: 'emergency', units: [], extra: { stationedStaffIds: [mine] } }), 400, 'validation_failed');
    expectError(await blow(t, { type: 'routine', trigger: 'joint_enforcement', units: [], extra: { stationedStaffIds: [other] } }), 400, 'validation_failed');
    const street = await t.unitId(DEMO.streets.donghuamen);
    expectError(await t.call('DELETE', `/api/streets/${street}/stationed-staff/${mine}`, undefined, 'hepingli'), 403, 'forbidden');
    expect((await t.call('DELETE', `/api/streets/${street}/stationed-staff/${mine}`, undefined, 'donghuamen')).status).toBe(204);
    expect((await t.get(`/api/streets/${street}/stationed-staff`, 'donghuamen')).body.items.map((x: any) => x.name)).not.toContain('赵监管');
    expectError(await blow(t, { type: 'routine', trigger: 'joint_enforcement', units: [], extra: { stationedStaffIds: [mine] } }), 400, 'validation_failed');
  });

  it('the street cannot report in for a department it summoned the ordinary way', async () => {
    const w = await blowOk(t, { type: 'routine', trigger: 'joint_enforcement', units: [DEMO.departments.shijian] });
    expectError(await wact(t, w.id, 'report-in', { person: '冒名' }, 'donghuamen'), 403, 'forbidden');
  });
});

it('the street summons one more unit to an open whistle; it is told and must report in on the whistle’s limit', async () => {
  const w = await blowOk(t, { units: [DEMO.departments.chengguan] });
  t.advance(10 * 60_000);
  const zj = await t.unitId(DEMO.departments.zhujian);
  const r = await wactOk(t, w.id, 'summon', { unitIds: [zj] }, 'donghuamen');
  const added = r.reportIns.find((x: any) => x.unitId === zj);
  // emergency: 30 minutes from the moment it is summoned, not from the blow
  expect(new Date(added.dueAt).getTime() - t.now().getTime()).toBe(30 * 60_000);
  expect(added).toMatchObject({ status: 'pending', source: 'added' });
  const told = await t.db.query(`select 1 from notifications n join users u on u.id = n.user_id where u.username = 'zhujian' and n.kind = 'whistle.summoned' and n.subject_id = $1`, [w.id]);
  expect(told.rows).toHaveLength(1);
  expectError(await wact(t, w.id, 'summon', { unitIds: [zj] }, 'donghuamen'), 409, 'conflict');
});

it('photos taken when blowing are kept with the whistle and served only to those who see it', async () => {
  const w = await blowOk(t, { extra: { photos: [{ name: '泄漏点.png', mime: 'image/png', contentBase64: PNG }] } });
  const page = (await t.get(`/api/whistles/${w.id}`, 'donghuamen')).body;
  expect(page.photos).toMatchObject([{ name: '泄漏点.png', mime: 'image/png', actionId: null, size: Buffer.from(PNG, 'base64').length }]);
  const got = await t.app.request(page.photos[0].url, { headers: { authorization: `Bearer ${await token('chengguan')}` } });
  expect(got.status).toBe(200);
  expect(Buffer.from(await got.arrayBuffer()).equals(Buffer.from(PNG, 'base64'))).toBe(true);
  expect((await t.get(page.photos[0].url, 'hepingli')).status).toBe(404);
  // a declared type that the bytes contradict is refused and nothing is written
  const before = (await t.db.query<{ n: number }>('select count(*)::int as n from whistles')).rows[0].n;
  expectError(await blow(t, { extra: { photos: [{ name: 'x.png', mime: 'image/png', contentBase64: Buffer.from('not a png').toString('base64') }] } }), 400, 'validation_failed');
  expect((await t.db.query<{ n: number }>('select count(*)::int as n from whistles')).rows[0].n).toBe(before);
});

async function token(username: string): Promise<string> {
  const r = await t.post('/api/auth/login', { username, password: `demo-${username}-2026` });
  return r.body.token;
}

it('攻坚哨: the district leaders in charge are summoned and report in like a department; other whistles cannot summon them', async () => {
  const district = await t.unitId(DEMO.district);
  expectError(await blow(t, { type: 'key_task', trigger: 'key_task', units: [DEMO.district] }), 400, 'validation_failed');
  const w = await blowOk(t, { type: 'hard_problem', trigger: 'key_task', units: [DEMO.district, DEMO.departments.zhujian], extra: { onSite: false } });
  expect(w.reportIns.map((r: any) => r.unitId)).toContain(district);
  const told = await t.db.query(`select 1 from notifications n join users u on u.id = n.user_id where u.username = 'district' and n.kind = 'whistle.summoned' and n.subject_id = $1`, [w.id]);
  expect(told.rows).toHaveLength(1);
  // 双报到: both leaders report in, each by post
  await wactOk(t, w.id, 'report-in', { person: '王常委', leaderPost: 'standing_committee' }, 'district');
  await wactOk(t, w.id, 'report-in', { person: '赵副区长', leaderPost: 'deputy_head' }, 'district');
  const done = await wactOk(t, w.id, 'record-action', { text: '现场协调拆违' }, 'district');
  expect(done.reportIns.find((r: any) => r.unitId === district)).toMatchObject({ status: 'acted', late: false });
  // The street rates the leaders' response like any unit's once the whistle closes.
  await wactOk(t, w.id, 'release', { unitId: await t.unitId(DEMO.departments.zhujian), reason: '无需住建到场' }, 'donghuamen');
  await wactOk(t, w.id, 'close', {}, 'donghuamen');
  await wactOk(t, w.id, 'rate', { unitId: district, timeliness: 5, attitude: 5, effectiveness: 4 }, 'donghuamen');
});

it('社区吹哨: community staff blow through their street; not for another street', async () => {
  const community = await t.unitId(DEMO.community);
  const u = (await t.db.query<{ id: number }>(`insert into users(username, display_name, password_hash) values ('shequ1', '社区书记', $1) returning id`, [await hashPassword('demo-shequ1-2026')])).rows[0];
  await t.db.query(`insert into user_roles(user_id, role, unit_id) values ($1, 'street_staff', $2)`, [u.id, community]);
  const w = await blowOk(t, { as: 'shequ1', type: 'key_task', trigger: 'key_task' });
  const row = (await t.db.query<{ blown_by_unit_id: number; street_id: number }>('select blown_by_unit_id, street_id from whistles where id = $1', [w.id])).rows[0];
  expect(row).toEqual({ blown_by_unit_id: community, street_id: await t.unitId(DEMO.streets.donghuamen) });
  expect((await t.get(`/api/whistles/${w.id}`, 'shequ1')).status).toBe(200);
  expect((await t.get(`/api/whistles/${w.id}`, 'donghuamen')).status).toBe(200);
  expectError(await blow(t, { as: 'shequ1', streetCode: DEMO.streets.hepingli }), 403, 'forbidden');
  void ON_SITE;
});

it('the district’s supervision records: listed for the district only; a unit outside the district is refused and nothing is written', async () => {
  const cg = await t.unitId(DEMO.departments.chengguan);
  const r = await t.post('/api/whistle-supervisions', { unitId: cg, kind: 'priority', note: '先保障东华门应急哨报到' }, 'district');
  expect(r.status).toBe(201);
  const list = await t.get('/api/whistle-supervisions', 'district');
  expect(list.body.items[0]).toMatchObject({ unitId: cg, kind: 'priority', note: '先保障东华门应急哨报到' });
  expectError(await t.get('/api/whistle-supervisions', 'donghuamen'), 403, 'forbidden');
  const before = (await t.db.query<{ n: number }>('select count(*)::int as n from whistle_supervisions')).rows[0].n;
  expectError(await t.post('/api/whistle-supervisions', { unitId: await t.unitId(DEMO.streets.donghuamen), kind: 'interview', note: '街道不是应哨单位' }, 'district'), 400, 'validation_failed');
  expectError(await t.post('/api/whistle-supervisions', { unitId: cg, kind: 'reminder', note: '不存在的哨', whistleId: 999999 }, 'district'), 404, 'not_found');
  expect((await t.db.query<{ n: number }>('select count(*)::int as n from whistle_supervisions')).rows[0].n).toBe(before);
  const stats = (await t.get('/api/whistles/stats', 'district')).body;
  // 城管 was summoned earlier in this file, so it has a load row, now carrying the priority set for it
  expect(stats.units.find((u: any) => u.unitId === cg)).toMatchObject({ priority: '先保障东华门应急哨报到' });
});
