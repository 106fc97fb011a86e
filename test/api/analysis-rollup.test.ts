import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { prng } from '../support/prng.ts';
import { act, DEMO, intake, STAFF_OF } from '../support/factories.ts';
import { catchUpAnalysis, consumeAnalysisBatch, rebuildAnalysisCounts } from '../../src/server/modules/analysis/analysis-consumer.ts';

// After random sequences of intake, dispatch with co-handlers, escalation and reassignment, merges,
// recategorisations and closing over several Shanghai days — with the consumer run at random moments, a
// few events at a time — the kept daily counts equal a count from scratch over the orders and
// their visibility rows; a replayed log and a rebuild leave them unchanged; and the volume API
// answers the same from the counts as from the orders.

let t: TestApp;
let cats: string[];
beforeAll(async () => {
  t = await createTestApp();
  cats = (
    await t.db.query<{ code: string }>(`select code from categories c where active and parent_code is not null
       and not exists (select 1 from categories d where d.parent_code = c.code and d.taxonomy_version_id = c.taxonomy_version_id)
       order by taxonomy_version_id desc, code limit 4`)
  ).rows.map((r) => r.code);
});
afterAll(() => t.close());

// Independent of the consumer's SQL: the visibility table as the work-orders module keeps it.
const FROM_SCRATCH = `
  select v.unit_id, d.dim, d.day::text as day, v.via, d.key, count(*)::int as n
  from work_orders o join work_order_visibility v on v.order_id = o.id,
  lateral (select (o.received_at at time zone 'Asia/Shanghai')::date as r) t,
  lateral (values ('street', t.r, coalesce(o.street_id::text, '')), ('community', t.r, coalesce(o.community_id::text, '')), ('grid', t.r, coalesce(o.grid_id::text, '')),
                  ('category', t.r, coalesce(o.category, '')), ('channel', t.r, o.channel), ('requestType', t.r, o.request_type),
                  ('hour', t.r, extract(hour from o.received_at at time zone 'Asia/Shanghai')::int::text),
                  ('dispatched', (o.dispatched_at at time zone 'Asia/Shanghai')::date, ''),
                  ('closed', case when o.status = 'closed' then (o.closed_at at time zone 'Asia/Shanghai')::date end, '')) as d(dim, day, key)
  where d.day is not null
  group by 1, 2, 3, 4, 5 order by 1, 2, 3, 4, 5`;
const KEPT = `select unit_id, dim, day::text as day, via, key, n from analysis_daily_counts where n <> 0 order by 1, 2, 3, 4, 5`;

const STREETS = [DEMO.streets.donghuamen, DEMO.streets.hepingli, DEMO.streets.tiantan];
const LEADS = [DEMO.streets.donghuamen, DEMO.streets.hepingli, DEMO.departments.chengguan, DEMO.departments.zhujian];
const CHANNELS = ['phone', 'web', 'app', 'wechat'];
const TYPES = ['complaint', 'inquiry', 'help', 'report'];

it.each([20261206, 77])('the kept counts equal a count from scratch after random changes (seed %i)', async (seed) => {
  const rnd = prng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const orders: { id: number; lead: string | null }[] = [];
  for (let step = 0; step < 30; step++) {
    t.advance(Math.floor(rnd() * 9) * 3600_000 + Math.floor(rnd() * 60) * 60_000);
    const roll = rnd();
    if (roll < 0.45 || orders.length < 3) {
      const street = await t.unitId(pick(STREETS));
      const o = await intake(t, { channel: pick(CHANNELS), requestType: pick(TYPES), category: pick(cats), location: { streetId: street, address: `测试路${step}号` } });
      orders.push({ id: o.id, lead: null });
    } else {
      const o = pick(orders);
      const status = (await t.get(`/api/work-orders/${o.id}`, 'supervisor')).body.status;
      const r = rnd();
      if (status === 'received' && r < 0.6) {
        o.lead = pick(LEADS);
        const co = rnd() < 0.4 ? [await t.unitId(pick(LEADS.filter((l) => l !== o.lead)))] : [];
        await act(t, o.id, 'dispatch', { leadUnitId: await t.unitId(o.lead), coHandlerUnitIds: co }, 'dispatcher');
      } else if (status === 'received' && r < 0.75 && orders.length > 1) {
        await act(t, o.id, 'merge', { intoOrderId: pick(orders.filter((x) => x.id !== o.id)).id }, 'dispatcher');
      } else if ((status === 'received' && r < 0.9) || (status === 'dispatched' && r < 0.25)) {
        await act(t, o.id, 'recategorize', { category: pick(cats), reason: '更正分类' }, 'dispatcher');
      } else if (status === 'dispatched' && o.lead && r < 0.8) {
        // along the main path to closed, a few hours at a time (the day closed is counted)
        for (const [a, body, as] of [['sign', {}, STAFF_OF[o.lead]], ['contact', {}, STAFF_OF[o.lead]], ['feedback', { result: '已处理', solved: true }, STAFF_OF[o.lead]],
          ['callback', { valid: true, contacted: true, solved: true, satisfaction: 'satisfied' }, 'callback'], ['close', {}, 'callback']] as const) {
          t.advance(Math.floor(rnd() * 12) * 3600_000);
          const res = await act(t, o.id, a, body, as);
          expect(res.status, `${a}: ${JSON.stringify(res.body)}`).toBe(200);
        }
      } else if (status === 'dispatched' && o.lead) {
        await act(t, o.id, 'sign', {}, STAFF_OF[o.lead]);
        if ((await act(t, o.id, 'escalate', { reason: '需区级协调' }, STAFF_OF[o.lead])).status === 200) {
          o.lead = pick(LEADS.filter((l) => l !== o.lead));
          await act(t, o.id, 'reassign', { leadUnitId: await t.unitId(o.lead) }, 'supervisor');
        }
      }
    }
    if (rnd() < 0.3) await consumeAnalysisBatch(t.db, t.now(), 1 + Math.floor(rnd() * 4));
  }
  await catchUpAnalysis(t.db, t.now(), 1000);
  const types = (await t.db.query<{ type: string }>('select distinct type from work_order_events')).rows.map((r) => r.type);
  expect(types).toEqual(expect.arrayContaining(['work_order.received', 'work_order.dispatched', 'work_order.recategorized', 'work_order.closed']));
  const scratch = (await t.db.query<{ unit_id: number; dim: string; day: string; via: number; key: string; n: number }>(FROM_SCRATCH)).rows;
  expect(scratch.length).toBeGreaterThan(50);
  expect((await t.db.query(KEPT)).rows).toEqual(scratch);

  // Replaying the whole log re-reads every order: nothing moves.
  await t.db.query(`update analysis_checkpoints set last_event_id = 0`);
  await catchUpAnalysis(t.db, t.now(), 1000);
  expect((await t.db.query(KEPT)).rows).toEqual(scratch);

  // The volume API from the counts (one unit's range) equals the same read counted over the orders
  // (a grid member's columns are not a unit range, so those never use the counts): compared here
  // through the district's and a street's reads against the from-scratch rows above.
  const district = await t.unitId(DEMO.district);
  const from = (await t.db.query<{ d: string }>(`select min(day)::text as d from analysis_daily_counts`)).rows[0].d;
  const to = (await t.db.query<{ d: string }>(`select max(day)::text as d from analysis_daily_counts`)).rows[0].d;
  for (const by of ['street', 'category', 'channel', 'requestType', 'hour'] as const) {
    const b = (await t.get(`/api/analysis/volume?from=${from}&to=${to}&by=${by}`, 'district')).body;
    const expected: Record<string, number> = {};
    for (const r of scratch) {
      if (r.unit_id !== district || (r.via & 5) === 0 || r.dim !== by) continue;
      const k = r.key === '' ? 'null' : r.key;
      expected[k] = (expected[k] ?? 0) + r.n;
    }
    const got = Object.fromEntries(b.items.filter((i: { count: number }) => i.count > 0).map((i: { key: unknown; count: number }) => [String(i.key), i.count]));
    expect(got, by).toEqual(expected);
  }

  await rebuildAnalysisCounts(t.db);
  expect((await t.db.query(KEPT)).rows).toEqual(scratch);
});
