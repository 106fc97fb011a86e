import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { actOk, DEMO, intake, orderAt } from '../support/factories.ts';
import { loadActor } from '../../src/server/modules/org/auth.ts';
import { rebuildVisibility } from '../../src/server/modules/work-orders/work-order-access.ts';
import type { Actor } from '../../src/server/lib/ctx.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const USERS = ['supervisor', 'district', 'donghuamen', 'hepingli', 'chengguan', 'zhujian', 'grid1', 'citizen'];

/**
 * The visibility rule as it was first written (correlated EXISTS over the assignments): the
 * oracle the indexed visibility rows must agree with, order by order.
 */
function oracle(actor: Actor, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const assigned = (cond: string) => `exists (select 1 from work_order_assignments a join units u on u.id = a.unit_id where a.order_id = o.id and a.active and ${cond})`;
  const parts: string[] = [];
  for (const g of actor.grants) {
    if (['intake_agent', 'dispatcher', 'callback_agent', 'hotline_supervisor', 'admin'].includes(g.role)) return 'true';
    if (g.role === 'district_supervisor') parts.push(`o.district_id = ${p(g.unitId)} or ${assigned(`u.district_id = ${p(g.unitId)}`)}`);
    if (g.role === 'street_staff') parts.push(`o.street_id = ${p(g.unitId)} or ${assigned(`u.path like ${p(`${g.unitPath}%`)}`)}`);
    if (g.role === 'department_staff') parts.push(assigned(`a.unit_id = ${p(g.unitId)}`));
    if (g.role === 'grid_member') parts.push(`o.created_by = ${p(actor.userId)} or o.grid_id = ${p(g.unitId)}`);
    if (g.role === 'citizen') parts.push(`o.requester_user_id = ${p(actor.userId)}`);
  }
  return parts.length ? parts.map((s) => `(${s})`).join(' or ') : 'false';
}

async function actorOf(username: string): Promise<Actor> {
  const u = (await t.db.query<{ id: number }>('select id from users where username = $1', [username])).rows[0];
  return (await loadActor(t.db, u.id))!;
}

async function listAll(username: string, query = ''): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  do {
    const r = await t.get(`/api/work-orders?pageSize=7${query}${cursor ? `&cursor=${cursor}` : ''}`, username);
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    ids.push(...r.body.items.map((i: { id: number }) => i.id));
    cursor = r.body.nextCursor;
  } while (cursor);
  return ids;
}

async function oracleIds(username: string, extra = 'true'): Promise<number[]> {
  const params: unknown[] = [];
  const clause = oracle(await actorOf(username), params);
  const r = await t.db.query<{ id: number }>(`select o.id from work_orders o where (${clause}) and ${extra} order by o.received_at desc, o.id desc`, params);
  return r.rows.map((x) => Number(x.id));
}

describe('order codes', () => {
  it('stay unique past sequence value 999,999: the number widens instead of being cut', async () => {
    await t.db.query(`select setval('work_order_code_seq', 999995)`);
    const codes: string[] = [];
    for (let i = 0; i < 20; i++) {
      const r = await t.post('/api/work-orders', { channel: 'phone', requestType: 'inquiry', title: '咨询', text: `边界测试第${i}件` }, 'agent');
      expect(r.status, JSON.stringify(r.body)).toBe(201);
      codes.push(r.body.code);
    }
    expect(new Set(codes).size).toBe(20);
    expect(codes[0]).toBe('GD20260302999996');
    expect(codes[4]).toBe('GD202603021000000');
    expect(codes[19]).toBe('GD202603021000015');
    // A widened code is still accepted where codes are typed in (merge by code).
    const target = await intake(t);
    const other = await intake(t);
    const merged = await actOk(t, other.id, 'merge', { intoCode: target.code }, 'dispatcher');
    expect(merged.mergedInto.code).toBe(target.code);
  });

  it('carry the Shanghai date across midnight while the number keeps counting', async () => {
    const before = await t.post('/api/work-orders', { channel: 'phone', requestType: 'inquiry', title: '咨询', text: '午夜前' }, 'agent');
    // 2026-03-02 10:00 Shanghai + 14 h = 2026-03-03 00:00 Shanghai (16:00 UTC).
    t.advance(14 * 3600_000);
    const after = await t.post('/api/work-orders', { channel: 'phone', requestType: 'inquiry', title: '咨询', text: '午夜后' }, 'agent');
    expect(before.body.code.slice(0, 10)).toBe('GD20260302');
    expect(after.body.code.slice(0, 10)).toBe('GD20260303');
    expect(Number(after.body.code.slice(10))).toBe(Number(before.body.code.slice(10)) + 1);
    t.advance(-14 * 3600_000);
  });
});

describe('visibility rows', () => {
  it('give every role exactly the orders the original rule gives, through dispatch, co-handling, reassignment and closure', async () => {
    const chengguan = await t.unitId(DEMO.departments.chengguan);
    const hepingli = await t.unitId(DEMO.streets.hepingli);
    const co = await orderAt(t, 'signed', { co: [DEMO.departments.zhujian, DEMO.community] });
    const moved = await orderAt(t, 'escalated');
    await actOk(t, moved.id, 'reassign', { leadUnitId: chengguan, note: '属城管职责' }, 'supervisor');
    const elsewhere = await intake(t, { location: { streetId: hepingli } });
    await actOk(t, elsewhere.id, 'dispatch', { leadUnitId: chengguan, coHandlerUnitIds: [await t.unitId(DEMO.streets.donghuamen)] }, 'dispatcher');
    await orderAt(t, 'closed');
    await intake(t, { location: {} }, 'grid1');
    expect(co.status).toBe('signed');
    for (const u of USERS) expect(await listAll(u), u).toEqual(await oracleIds(u));
    // The bulk rebuild reaches the same rows and counts as the transactions kept.
    const before = (await t.db.query('select * from work_order_visibility order by order_id, unit_id')).rows;
    const counts = (await t.db.query('select unit_id, via, status, overdue, sum(n)::int as n from work_order_counts group by 1, 2, 3, 4 having sum(n) <> 0 order by 1, 2, 3, 4')).rows;
    await rebuildVisibility(t.db, {});
    expect((await t.db.query('select * from work_order_visibility order by order_id, unit_id')).rows).toEqual(before);
    expect((await t.db.query('select unit_id, via, status, overdue, sum(n)::int as n from work_order_counts group by 1, 2, 3, 4 having sum(n) <> 0 order by 1, 2, 3, 4')).rows).toEqual(counts);
  });

  it('stats come from the kept counts and equal a direct count under the original rule', async () => {
    for (const u of ['supervisor', 'district', 'donghuamen', 'chengguan', 'grid1']) {
      const s = (await t.get('/api/work-orders/stats', u)).body;
      const params: unknown[] = [];
      const clause = oracle(await actorOf(u), params);
      const r = (await t.db.query<{ status: string; n: number }>(`select o.status, count(*)::int as n from work_orders o where ${clause} group by o.status`, params)).rows;
      const expected = Object.fromEntries(r.map((x) => [x.status, x.n]));
      expect(Object.fromEntries(Object.entries(s.byStatus).filter(([, n]) => n !== 0)), u).toEqual(expected);
      expect(s.total).toBe(r.reduce((a, x) => a + x.n, 0));
    }
  });
});

describe('keyset pages', () => {
  it('stay stable while new orders arrive: no order twice, none skipped, newcomers only on a fresh first page', async () => {
    for (let i = 0; i < 12; i++) await intake(t);
    const first = await t.get('/api/work-orders?pageSize=5', 'donghuamen');
    const expected = await oracleIds('donghuamen');
    const seen: number[] = first.body.items.map((i: { id: number }) => i.id);
    let cursor = first.body.nextCursor;
    const newcomers: number[] = [];
    while (cursor) {
      newcomers.push((await intake(t)).id);
      const r = await t.get(`/api/work-orders?pageSize=5&cursor=${cursor}`, 'donghuamen');
      seen.push(...r.body.items.map((i: { id: number }) => i.id));
      cursor = r.body.nextCursor;
    }
    expect(seen).toEqual(expected);
    const fresh = await t.get(`/api/work-orders?pageSize=${newcomers.length}`, 'donghuamen');
    expect(fresh.body.items.map((i: { id: number }) => i.id)).toEqual([...newcomers].reverse());
    expect(first.body.totalExact).toBe(true);
    expect(first.body.total).toBe(expected.length);
  });

  it('refuses a cursor it did not give out, and keeps offset pages working', async () => {
    const bad = await t.get('/api/work-orders?cursor=bm9wZQ', 'supervisor');
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('validation_failed');
    const all = await oracleIds('supervisor');
    const page2 = await t.get('/api/work-orders?pageSize=4&page=2', 'supervisor');
    expect(page2.body.items.map((i: { id: number }) => i.id)).toEqual(all.slice(4, 8));
  });
});
