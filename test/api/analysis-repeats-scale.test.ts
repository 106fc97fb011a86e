import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { intake } from '../support/factories.ts';
import { listRepeats, SHOWN_ORDERS } from '../../src/server/modules/analysis/repeat-queries.ts';
import type { Actor } from '../../src/server/lib/ctx.ts';

/*
 * A constructed period of a few hundred orders with many repeats (four grids, one address written
 * two ways, eight phones, five categories, words from a small vocabulary), made by copying one
 * taken order with other places, phones, times, categories and words. The expected groups come
 * from the rule written plainly in this file — every pair of one key within the window, the same
 * category or word overlap ≥ 0.4, then connected pairs — and the API must return the same ones.
 */
let t: TestApp;
const DAY = 86_400_000;
const T0 = Date.parse('2026-03-01T00:00:00+08:00');
type Made = { id: number; at: number; grid: number | null; address: string; phone: string; category: string | null; tokens: string[] };
const made: Made[] = [];

beforeAll(async () => {
  t = await createTestApp();
  const template = (await intake(t)).id as number;
  const grids = (await t.db.query<{ id: string }>(`select id from units where kind = 'grid' order by id limit 4`)).rows.map((r) => Number(r.id));
  const cats = (await t.db.query<{ code: string }>(`select distinct code from categories where parent_code is not null order by code limit 5`)).rows.map((r) => r.code);
  const cols = (await t.db.query<{ c: string }>(`select column_name as c from information_schema.columns where table_name = 'work_orders' and column_name not in ('id', 'code', 'received_at', 'grid_id', 'address', 'requester_phone', 'category', 'tokens') and is_generated = 'NEVER' order by ordinal_position`)).rows.map((r) => r.c);
  const vocab = ['噪音', '扰民', '楼上', '深夜', '占道', '经营', '摊贩', '路灯', '不亮', '积水', '漏水', '暖气', '不热', '希望', '垃圾'];
  let seed = 11;
  const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 320; i++) {
    const m: Made = {
      id: 0,
      at: T0 + Math.floor(rnd() * 75 * DAY),
      grid: rnd() < 0.15 ? null : grids[Math.floor(rnd() * grids.length)],
      address: rnd() < 0.5 ? '东华门大街12号' : '东华门大街 12号',
      phone: `1390000${Math.floor(rnd() * 8)}${Math.floor(rnd() * 2)}`,
      category: rnd() < 0.5 ? null : cats[Math.floor(rnd() * cats.length)],
      tokens: Array.from({ length: 1 + Math.floor(rnd() * 5) }, () => vocab[Math.floor(rnd() * vocab.length)]),
    };
    const r = await t.db.query<{ id: string }>(
      `insert into work_orders(code, received_at, grid_id, address, requester_phone, category, tokens, ${cols.join(', ')})
       select 'T' || $1::text, $2, $3, $4, $5, $6, $7, ${cols.join(', ')} from work_orders where id = $8 returning id`,
      [String(i).padStart(6, '0'), new Date(m.at), m.grid, m.address, m.phone, m.category, m.tokens, template],
    );
    m.id = Number(r.rows[0].id);
    made.push(m);
  }
  // the template itself leaves the period
  await t.db.query(`update work_orders set received_at = '2025-01-01T00:00:00Z' where id = $1`, [template]);
});
afterAll(() => t.close());

function expected(kind: 'place' | 'requester', windowDays: number): number[][] {
  const key = (m: Made) => (kind === 'place' ? (m.grid !== null ? `g${m.grid}` : `a${m.address.replace(/\s/g, '')}`) : m.phone);
  const words = (m: Made) => new Set(m.tokens.filter((w) => w !== '希望'));
  const similar = (a: Made, b: Made) => {
    const wa = words(a);
    const wb = words(b);
    const both = [...wa].filter((w) => wb.has(w)).length;
    return wa.size > 0 && wb.size > 0 && both / (wa.size + wb.size - both) >= 0.4;
  };
  const near = new Map<number, number[]>(made.map((m) => [m.id, []]));
  for (const a of made)
    for (const b of made)
      if (a.id !== b.id && key(a) === key(b) && Math.abs(a.at - b.at) <= windowDays * DAY && ((a.category && a.category === b.category) || similar(a, b))) near.get(a.id)!.push(b.id);
  const seen = new Set<number>();
  const groups: number[][] = [];
  for (const m of made) {
    if (seen.has(m.id)) continue;
    const group: number[] = [];
    const todo = [m.id];
    seen.add(m.id);
    while (todo.length) {
      const id = todo.pop()!;
      group.push(id);
      for (const n of near.get(id)!) if (!seen.has(n) && seen.add(n)) todo.push(n);
    }
    if (group.length >= 2) groups.push(group.sort((x, y) => x - y));
  }
  return groups.sort((x, y) => x[0] - y[0]);
}

describe('GET /api/analysis/repeats on a constructed period with many repeats', () => {
  for (const kind of ['place', 'requester'] as const)
    for (const windowDays of [3, 10]) {
      it(`${kind}, ${windowDays}-day window: the groups the pairwise rule makes`, async () => {
        const r = await t.get(`/api/analysis/repeats?from=2026-03-01&to=2026-05-31&kind=${kind}&windowDays=${windowDays}`, 'supervisor');
        expect(r.status, JSON.stringify(r.body)).toBe(200);
        const want = expected(kind, windowDays);
        expect(want.length).toBeGreaterThan(5);
        expect(want.some((g) => g.length >= 4)).toBe(true);
        expect(want.length).toBeLessThanOrEqual(100); // all of them fit in one answer
        expect(r.body).toMatchObject({ total: want.length, partial: false, partialReason: null });
        // each group counts all its orders and lists the newest SHOWN_ORDERS
        const time = new Map(made.map((m) => [m.id, m.at]));
        const newest = (g: number[]) => [...g].sort((x, y) => time.get(x)! - time.get(y)! || x - y).slice(-SHOWN_ORDERS).sort((x, y) => x - y);
        const byFirst = (a: { orders: number[] }, b: { orders: number[] }) => a.orders[0] - b.orders[0];
        const got = r.body.groups.map((g: any) => ({ size: g.size, orders: g.orders.map((o: any) => o.id).sort((x: number, y: number) => x - y) })).sort(byFirst);
        expect(got).toEqual(want.map((g) => ({ size: g.length, orders: newest(g) })).sort(byFirst));
        if (kind === 'place' && windowDays === 10) expect(want.some((g) => g.length > SHOWN_ORDERS)).toBe(true); // the cut is exercised
      });
    }

  it('a read past its bound of orders says it is partial and groups only the newest', async () => {
    const centre: Actor = { userId: 0, username: 'centre', displayName: 'centre', kind: 'staff', locale: 'zh-CN', grants: [{ role: 'hotline_supervisor', unitId: null, unitPath: null, districtId: null }] };
    const f = { from: '2026-03-01', to: '2026-05-31', kind: 'requester' as const, windowDays: 10 };
    const whole = await listRepeats(t.db, centre, f);
    expect(whole).toMatchObject({ partial: false, partialReason: null, total: expected('requester', 10).length });
    const cut = await listRepeats(t.db, centre, f, 60);
    expect(cut).toMatchObject({ partial: true, partialReason: 'too_many_orders' });
    // every order of a phone with two or more orders is a candidate; the 60 newest of them are kept
    const phones = new Map<string, number>();
    for (const m of made) phones.set(m.phone, (phones.get(m.phone) ?? 0) + 1);
    const newest = new Set(made.filter((m) => phones.get(m.phone)! >= 2).sort((a, b) => b.at - a.at).slice(0, 60).map((m) => m.id));
    const grouped = cut.groups.flatMap((g) => g.orders.map((o) => o.id));
    expect(grouped.length).toBeGreaterThan(0);
    expect(grouped.every((id) => newest.has(id))).toBe(true);
  });
});
