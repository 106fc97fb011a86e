import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, intake } from '../support/factories.ts';
import { listRepeats } from '../../src/server/modules/analysis/repeat-queries.ts';
import { rebuildRepeatGroups } from '../../src/server/modules/analysis/repeat-consumer.ts';
import type { Actor } from '../../src/server/lib/ctx.ts';

/*
 * Kept repeat groups on a few orders placed by hand around a month's end (times in Shanghai):
 *   grid 1, category A: 2 Jul 10:00 and 20 Jul 10:00             → one group (same month, 18 days)
 *   grid 2, category A: 31 Jul 23:00 and 1 Aug 01:00            → no group (two months, 2 hours apart)
 *   和平里七区3号, category B, phone P: 5 Jul and 6 Jul 10:00 (和平里)
 *   东华门 grid 2, category B, phone P: 7 Jul 10:00             → by phone one group of three over two streets
 * Every other order has its own phone, so no other requester group exists.
 */
let t: TestApp;
const made: Record<string, number> = {};
const H = 3_600_000;
const at = (s: string) => Date.parse(`${s}+08:00`);

beforeAll(async () => {
  t = await createTestApp(new Date(at('2026-07-02T10:00:00')));
  const street = await t.unitId(DEMO.streets.donghuamen);
  const hpl = await t.unitId(DEMO.streets.hepingli);
  const grids = (await t.db.query<{ id: number }>(`select id from units where kind = 'grid' and path like (select path from units where code = $1) || '%' order by id limit 2`, [DEMO.streets.donghuamen])).rows.map((r) => Number(r.id));
  const [a, b] = (await t.db.query<{ code: string }>(`select code from categories where active and parent_code is not null order by taxonomy_version_id desc, code limit 2`)).rows.map((r) => r.code);
  const grid = (i: number) => ({ streetId: street, gridId: grids[i], address: '东华门大街12号' });
  let phone = 0;
  const one = async (name: string, when: string, body: Record<string, unknown>) => {
    t.advance(at(when) - t.now().getTime());
    made[name] = (await intake(t, { requester: { name: '王五', phone: `1390000${String(++phone).padStart(4, '0')}` }, ...body })).id;
  };
  await one('b1', '2026-07-02T10:00:00', { category: a, location: grid(0) });
  await one('p1', '2026-07-05T10:00:00', { category: b, title: '楼道积水', text: '楼道积水', location: { streetId: hpl, address: '和平里七区3号' }, requester: { name: '李四', phone: '13911112222' } });
  await one('p2', '2026-07-06T10:00:00', { category: b, title: '楼道积水', text: '楼道积水', location: { streetId: hpl, address: '和平里七区3号' }, requester: { name: '李四', phone: '13911112222' } });
  await one('p3', '2026-07-07T10:00:00', { category: b, title: '楼道积水', text: '楼道积水', location: grid(1), requester: { name: '李四', phone: '13911112222' } });
  await one('b2', '2026-07-20T10:00:00', { category: a, location: grid(0) });
  await one('a1', '2026-07-31T23:00:00', { category: a, location: grid(1) });
  await one('a2', '2026-08-01T01:00:00', { category: a, location: grid(1) });
});
afterAll(() => t.close());

const repeats = async (as: string, kind: string, from: string, to: string) => {
  const r = await t.get(`/api/analysis/repeats?from=${from}&to=${to}&kind=${kind}`, as);
  expect(r.status, JSON.stringify(r.body)).toBe(200);
  return r.body;
};
const ids = (b: { groups: { orders: { id: number }[] }[] }) => b.groups.map((g) => g.orders.map((o) => o.id));

describe('kept repeat groups are bounded by the Shanghai month', () => {
  it('31 July 23:00 and 1 August 01:00 are not one kept group; 2 and 20 July are', async () => {
    const b = await repeats('supervisor', 'place', '2026-07-01', '2026-08-31');
    expect(ids(b)).toEqual(expect.arrayContaining([[made.b1, made.b2]]));
    expect(ids(b).flat()).not.toContain(made.a1);
    expect(ids(b).flat()).not.toContain(made.a2);
    const g = b.groups.find((x: { orders: { id: number }[] }) => x.orders[0].id === made.b1);
    // the detector (another window) groups over the month's end, as documented
    const d = (await t.get(`/api/analysis/repeats?from=2026-07-01&to=2026-08-31&kind=place&windowDays=29`, 'supervisor')).body;
    expect(ids(d)).toEqual(expect.arrayContaining([[made.a1, made.a2]]));
    // the key shown is the place's as the detector shows it, without the month
    expect(g.key).toBe(d.groups.find((x: { orders: { id: number }[] }) => x.orders[0].id === made.b1).key);
    expect(g.key).not.toContain('@');
  });

  it('a change of time across the month moves the order', async () => {
    await t.db.query(`update work_orders set received_at = $2 where id = $1`, [made.a2, new Date(at('2026-07-31T22:00:00'))]);
    await t.db.query(
      `insert into work_order_events(order_id, seq, type, action, at, to_status, data)
       select $1, max(seq) + 1, 'work_order.recategorized', 'recategorize', $2, (select status from work_orders where id = $1), '{}' from work_order_events where order_id = $1`,
      [made.a2, t.now()],
    );
    expect(ids(await repeats('supervisor', 'place', '2026-07-01', '2026-08-31'))).toEqual(expect.arrayContaining([[made.a2, made.a1]]));
    await t.db.query(`update work_orders set received_at = $2 where id = $1`, [made.a2, new Date(at('2026-08-01T01:00:00'))]);
    await t.db.query(
      `insert into work_order_events(order_id, seq, type, action, at, to_status, data)
       select $1, max(seq) + 1, 'work_order.recategorized', 'recategorize', $2, (select status from work_orders where id = $1), '{}' from work_order_events where order_id = $1`,
      [made.a2, t.now()],
    );
    expect(ids(await repeats('supervisor', 'place', '2026-07-01', '2026-08-31')).flat()).not.toContain(made.a2);
  });

  it('a group is shown whole when one member falls in the period, and not at all when none does', async () => {
    for (const [from, to] of [['2026-07-15', '2026-08-13'], ['2026-07-01', '2026-07-10']]) {
      const b = await repeats('donghuamen', 'place', from, to);
      expect(b.total, `${from}..${to}`).toBe(1);
      expect(b.groups[0]).toMatchObject({ size: 2, first: new Date(at('2026-07-02T10:00:00')).toISOString(), last: new Date(at('2026-07-20T10:00:00')).toISOString() });
      expect(ids(b)).toEqual([[made.b1, made.b2]]);
    }
    expect(await repeats('donghuamen', 'place', '2026-07-21', '2026-07-31')).toMatchObject({ total: 0, groups: [] });
  });

  it('an actor with two unit grants counts an order seen through both once', async () => {
    const both: Actor = {
      userId: 0, username: 'two', displayName: 'two', kind: 'staff', locale: 'zh-CN',
      grants: [
        { role: 'district_supervisor', unitId: await t.unitId(DEMO.district), unitPath: null, districtId: null },
        { role: 'street_staff', unitId: await t.unitId(DEMO.streets.donghuamen), unitPath: null, districtId: null },
      ],
    } as Actor;
    const b = await listRepeats(t.db, both, { from: '2026-07-01', to: '2026-07-31', kind: 'place' }, undefined, t.now());
    const g = b.groups.find((x) => x.orders[0].id === made.b1)!;
    expect(g.size).toBe(2);
    expect(g.orders.map((o) => o.id)).toEqual([made.b1, made.b2]);
    // the district alone (the per-unit sums) says the same
    const district = await repeats('district', 'place', '2026-07-01', '2026-07-31');
    expect(b.total).toBe(district.total);
    expect(b.groups.map((x) => x.size)).toEqual(district.groups.map((x: { size: number }) => x.size));
  });

  it("a street never sees another street's members", async () => {
    const centre = await repeats('supervisor', 'requester', '2026-07-01', '2026-07-31');
    expect(ids(centre)).toEqual([[made.p1, made.p2, made.p3]]);
    const hpl = await repeats('hepingli', 'requester', '2026-07-01', '2026-07-31');
    expect(ids(hpl)).toEqual([[made.p1, made.p2]]);
    expect(hpl.groups[0].size).toBe(2);
    // 东华门 sees one member of that group: below minSize
    expect(await repeats('donghuamen', 'requester', '2026-07-01', '2026-07-31')).toMatchObject({ total: 0, groups: [] });
    const place = await repeats('hepingli', 'place', '2026-07-01', '2026-07-31');
    expect(ids(place)).toEqual([[made.p1, made.p2]]);
    expect(ids(await repeats('donghuamen', 'place', '2026-07-01', '2026-07-31')).flat()).not.toContain(made.p1);
  });

  it('a log never consumed and too long to replay (as after migration 0034) is left to the rebuild: reads group by the detector meanwhile', async () => {
    // a backlog of more than 50,000 events, as a big database has once the migration resets the checkpoint
    await t.db.query(`update analysis_checkpoints set last_event_id = -60000, updated_at = null where name = 'repeats'`);
    const b = await repeats('supervisor', 'place', '2026-07-01', '2026-08-31');
    expect(ids(b)).toEqual(expect.arrayContaining([[made.a1, made.a2]])); // the detector's month-crossing group
    expect((await t.db.query(`select last_event_id::int as n, updated_at from analysis_checkpoints where name = 'repeats'`)).rows[0]).toEqual({ n: -60000, updated_at: null });
    await rebuildRepeatGroups(t.db);
    expect(ids(await repeats('supervisor', 'place', '2026-07-01', '2026-08-31')).flat()).not.toContain(made.a1);
  });

  it('a rebuild from scratch answers the same', async () => {
    const before = await Promise.all(['supervisor', 'district', 'hepingli'].map((who) => repeats(who, 'place', '2026-07-01', '2026-08-31')));
    await rebuildRepeatGroups(t.db);
    const after = await Promise.all(['supervisor', 'district', 'hepingli'].map((who) => repeats(who, 'place', '2026-07-01', '2026-08-31')));
    expect(after.map(ids)).toEqual(before.map(ids));
  });
});
