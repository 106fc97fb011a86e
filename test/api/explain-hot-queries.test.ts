import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { actOk, DEMO, intake } from '../support/factories.ts';
import { explain, indexesIn, recordingDb, type Recorded } from '../support/explain.ts';
import { listWorkOrders, getWorkOrderDetail, workOrderStats } from '../../src/server/modules/work-orders/work-order-queries.ts';
import type { ListFilter } from '../../src/server/modules/work-orders/work-order-paging.ts';

/**
 * The hot reads must keep reading their indexes: each case runs the real query function, EXPLAINs
 * every statement it sent (sequential scans off, so a small database shows what the indexes make
 * possible) and checks the plan's index names and that no big table is scanned whole. A rewrite
 * that loses an index fails here, whatever the costs say.
 */
let t: TestApp;
let orderId: number;
beforeAll(async () => {
  t = await createTestApp();
  const chengguan = await t.unitId(DEMO.departments.chengguan);
  for (let i = 0; i < 3; i++) await intake(t);
  const o = await intake(t, { requester: { phone: '13911112222' } });
  await actOk(t, o.id, 'dispatch', { leadUnitId: chengguan }, 'dispatcher');
  orderId = o.id;
});
afterAll(() => t.close());

const BIG = ['work_orders', 'work_order_visibility', 'work_order_events', 'work_order_assignments', 'attachments', 'extensions', 'exclusions', 'disputes', 'callbacks', 'supervisions'];

async function plansOf(username: string, run: (db: TestApp['db'], actor: any) => Promise<unknown>): Promise<{ sql: Recorded[]; plans: string[] }> {
  const ctx = await t.ctxAs(username);
  const rec = recordingDb(t.db);
  await run(rec.db, ctx.actor);
  const sql = rec.take();
  const plans = [];
  for (const r of sql) plans.push(await explain(t.db, r, { indexOnly: true }));
  return { sql, plans };
}

const list = (f: Partial<ListFilter>) => (db: TestApp['db'], actor: any) => listWorkOrders(db, actor, { queue: 'all', page: 1, pageSize: 20, ...f });

// name, user, the call, indexes its plans must read, the most statements it may send
const CASES: [string, string, (db: TestApp['db'], actor: any) => Promise<unknown>, string[], number][] = [
  ['a street queue page', 'donghuamen', list({}), ['wov_unit_time_idx'], 2],
  ['a street work queue', 'donghuamen', list({ queue: 'mine' }), ['wov_unit_open_idx', 'work_order_counts_pkey'], 2],
  ['a department queue page', 'chengguan', list({}), ['wov_unit_time_idx', 'work_order_counts_pkey'], 2],
  ['the district overdue list', 'district', list({ overdue: 'true' }), ['wov_unit_open_idx'], 2],
  ['the centre queue by status', 'dispatcher', list({ queue: 'mine' }), ['wov_unit_open_idx'], 2],
  ['district stats', 'district', (db, actor) => workOrderStats(db, actor, t.now()), ['work_order_counts_pkey', 'wov_unit_time_idx'], 2],
  // Searches: the bounds, one lookup per span of weeks (a small history fits in the first), the page.
  ['a Chinese word search', 'district', list({ q: '下水道' }), ['work_orders_search_keys_idx'], 3],
  ['an address fragment search', 'donghuamen', list({ q: '东华门大街' }), ['work_orders_search_keys_idx'], 3],
  ['a phone digits search', 'supervisor', list({ q: '2222' }), ['work_orders_search_keys_idx'], 3],
  // The queue's inbox filters: a lead unit across the city reads that unit's rows; a channel narrows a unit's range.
  ['the city narrowed to one lead unit', 'dispatcher', list({ leadUnitId: 1 }), ['wov_unit_time_idx'], 2],
  ['a street queue by channel', 'donghuamen', list({ channel: 'phone' }), ['wov_unit_time_idx'], 2],
  ['GET by id', 'district', (db, actor) => getWorkOrderDetail(db, actor, orderId), ['work_orders_pkey'], 1],
];

describe('hot queries use their indexes', () => {
  it.each(CASES)('%s', async (_name, user, run, expected, most) => {
    const { sql, plans } = await plansOf(user, run);
    const used = plans.flatMap(indexesIn);
    for (const idx of expected) expect(used, plans.join('\n---\n')).toContain(idx);
    for (const plan of plans) for (const table of BIG) expect(plan, plan).not.toMatch(new RegExp(`Seq Scan on ${table}\\b`));
    expect(sql.length).toBeLessThanOrEqual(most);
  });
});

describe('search tests each match once', () => {
  // With the ways OR-ed in one scan, every matching row was re-tested against every way's keys in a
  // row filter, recomputing search_keys() per row: seconds when thousands of orders match.
  it.each([
    ['an address fragment search as the street', 'donghuamen', '东华门大街'],
    ['a word search as the district', 'district', '占道'],
  ])('%s: no search_keys() in a row filter', async (_name, user, q) => {
    const { plans } = await plansOf(user, list({ q }));
    // The row filters of the index's own scans (the few orders seen in other ways are tested one by one, by design).
    const filters: string[] = [];
    let inScan = false;
    for (const line of plans.flatMap((p) => p.split('\n'))) {
      if (/->|^\S/.test(line)) inScan = /Bitmap Heap Scan on work_orders\b/.test(line);
      else if (inScan && /^\s*Filter:/.test(line)) filters.push(line);
    }
    expect(plans.join('\n')).toContain('work_orders_search_keys_idx');
    for (const f of filters) expect(f, plans.join('\n---\n')).not.toContain('search_keys(');
  });
});

describe('search tests visibility only until it has enough', () => {
  // A street's own street name matches thousands of its orders in a week: every match's visibility
  // used to be looked up before the newest were taken.
  it('probes the visibility of no more matches than it keeps', async () => {
    const { sql } = await plansOf('district', list({ q: '占道' }));
    const search = sql.find((r) => /as materialized/.test(r.text));
    expect(search, sql.map((r) => r.text).join('\n---\n')).toBeDefined();
    const limited = { ...search!, params: [...search!.params.slice(0, -1), 1] };
    const plan = await explain(t.db, limited, { analyze: true, indexOnly: true });
    const matched = Number(/CTE Scan on \w+ .*?rows=(\d+)/.exec(plan)?.[1]);
    const probes = [...plan.matchAll(/on work_order_visibility \w+ .*?loops=(\d+)/g)].map((x) => Number(x[1]));
    expect(matched, plan).toBeGreaterThanOrEqual(3);
    expect(probes.length, plan).toBeGreaterThan(0);
    expect(Math.max(...probes), plan).toBe(1);
  });
});
