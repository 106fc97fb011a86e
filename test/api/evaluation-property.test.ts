import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { prng } from '../support/prng.ts';
import { act, DEMO, intake, STAFF_OF } from '../support/factories.ts';
import { rules, type CallbackAnswer } from '../support/evaluation-factories.ts';
import { consumeBatch } from '../../src/server/modules/evaluation/evaluation-consumer.ts';
import { recomputeEvaluation } from '../../src/server/modules/evaluation/evaluation-recompute.ts';
import { refillKeptCounts, syncPlaces } from '../../src/server/modules/evaluation/kept-counts.ts';

// After random sequences of lifecycle actions, callbacks, exclusions, appeals and a policy edit —
// with the consumer run at random moments, sometimes a batch at a time — the incremental rollups
// equal the recomputation from the event log, and the kept counts equal a scan of what they count,
// as orders are recategorised and re-routed between their callbacks.

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const LEADS = [DEMO.streets.donghuamen, DEMO.streets.hepingli, DEMO.departments.chengguan, DEMO.departments.zhujian];
const SATS = ['satisfied', 'basically_satisfied', 'dissatisfied'] as const;
const STREETS = [DEMO.streets.donghuamen, DEMO.streets.hepingli];
const CODES = ['09.08.06', '14.08', '14.02', '01.10.03', '12.01.04'];

it.each([20261201, 4242])('incremental rollups equal the recomputation (seed %i)', async (seed) => {
  const rnd = prng(seed);
  const pick = <T,>(xs: readonly T[]) => xs[Math.floor(rnd() * xs.length)];
  const answer = (): CallbackAnswer & { valid: boolean } => ({ valid: rnd() > 0.15, contacted: rnd() > 0.2, solved: rnd() > 0.4, satisfaction: pick(SATS) });
  const ctx = await t.ctxAs('supervisor');
  const orders: { id: number; lead: string }[] = [];
  const HOUR = 3600_000;

  for (let step = 0; step < 28; step++) {
    t.advance(Math.floor(rnd() * 30) * HOUR);
    const roll = rnd();
    if (roll < 0.4 || orders.length < 3) {
      const lead = pick(LEADS);
      const o = await intake(t);
      if (rnd() < 0.15 && orders.length) {
        await act(t, o.id, 'merge', { intoOrderId: pick(orders).id }, 'dispatcher');
        continue;
      }
      const co = rnd() < 0.3 ? [await t.unitId(pick(LEADS.filter((l) => l !== lead && !l.startsWith('110')) ))] : [];
      await act(t, o.id, 'dispatch', { leadUnitId: await t.unitId(lead), coHandlerUnitIds: co }, 'dispatcher');
      if (rnd() < 0.4) expect((await act(t, o.id, 'recategorize', { category: pick(CODES), reason: '改类' }, 'supervisor')).status).toBe(200);
      for (const a of ['sign', 'contact']) await act(t, o.id, a, {}, STAFF_OF[lead]);
      await act(t, o.id, 'feedback', { result: '已处理', solved: true }, STAFF_OF[lead]);
      await act(t, o.id, 'callback', answer(), 'callback');
      orders.push({ id: o.id, lead });
    } else {
      const o = pick(orders);
      const status = (await t.get(`/api/work-orders/${o.id}`, 'supervisor')).body.status;
      const r = rnd();
      if (status === 'awaiting_callback') await act(t, o.id, 'callback', answer(), 'callback');
      else if (status === 'called_back' && r < 0.35) {
        const re = await act(t, o.id, 'reopen', { reason: '重办' }, 'callback');
        if (re.status === 200) {
          if (rnd() < 0.3) {
            await act(t, o.id, 'escalate', { reason: '提级' }, STAFF_OF[o.lead]);
            o.lead = pick(LEADS.filter((l) => l !== o.lead));
            await act(t, o.id, 'reassign', { leadUnitId: await t.unitId(o.lead) }, 'supervisor');
            for (const a of ['sign', 'contact']) await act(t, o.id, a, {}, STAFF_OF[o.lead]);
          }
          await act(t, o.id, 'feedback', { result: '再次处理', solved: true }, STAFF_OF[o.lead]);
          await act(t, o.id, 'callback', answer(), 'callback');
        }
      } else if (r < 0.55) {
        await act(t, o.id, 'request_exclusion', { reason: '不合理诉求' }, STAFF_OF[o.lead]);
        await act(t, o.id, 'decide_exclusion', { approve: rnd() < 0.6, note: '审核' }, 'supervisor');
      } else if (r < 0.85) {
        const cb = (await t.db.query<{ id: number }>('select id from callbacks where order_id = $1 and valid order by round desc limit 1', [o.id])).rows[0];
        if (cb) {
          await consumeBatch(ctx);
          const outcome = rnd() < 0.5 ? { outcome: 'invalidate' } : { outcome: 'correct', corrected: { contacted: true, solved: true, satisfaction: 'satisfied' } };
          const a = await t.post('/api/evaluation/appeals', { callbackId: Number(cb.id), reason: '申诉理由', ...outcome }, STAFF_OF[o.lead]);
          if (a.status === 201) await t.post(`/api/evaluation/appeals/${a.body.id}/decide`, { approve: rnd() < 0.5, note: '审核意见' }, 'supervisor');
        }
      } else if (status === 'called_back') await act(t, o.id, 'close', {}, 'callback');
    }
    if (step === 14) {
      const month = new Date(t.now().getTime() + 8 * HOUR).toISOString().slice(0, 7);
      const r = await t.post('/api/evaluation/policies', { unitKind: pick(['street', 'department']), validFrom: month, rules: rules({ periodStartDay: 19, coHandlerShare: 0.5 }) }, 'admin');
      expect([201, 409]).toContain(r.status);
    }
    // The place and category an order is counted under move: a recategorisation through the API where
    // the order's state allows it, else a correction written straight to work_orders, and a re-routing
    // to another street (with its district) that only the table records. Those two have no event: the
    // consumer cannot see them, and the places are refreshed by hand as an operator would after them.
    if (rnd() < 0.3) {
      const o = pick(orders);
      const code = pick(CODES);
      if (rnd() < 0.6) {
        const r = await act(t, o.id, 'recategorize', { category: code, reason: '改类' }, 'supervisor');
        if (r.status !== 200) {
          await t.db.query('update work_orders set category = $2 where id = $1', [o.id, code]);
          await t.db.transaction((tx) => syncPlaces(tx, [o.id]));
        }
      } else {
        const s = pick(STREETS);
        await t.db.query('update work_orders set street_id = $2, district_id = (select district_id from units where id = $2) where id = $1', [o.id, await t.unitId(s)]);
        await t.db.transaction((tx) => syncPlaces(tx, [o.id]));
      }
    }
    // The consumer runs at random moments, a small batch at a time, as the timer would.
    if (rnd() < 0.3) await consumeBatch(ctx, 1 + Math.floor(rnd() * 20));
  }

  const report = await recomputeEvaluation(ctx, { apply: false });
  expect(report.results).toBeGreaterThan(0);
  expect(report.differences).toEqual([]);
});

it('the kept counts equal their refill from scratch (the migration and the bulk rebuild)', async () => {
  const snapshot = async () => {
    const out: Record<string, unknown[]> = {};
    for (const table of ['evaluation_order_places', 'evaluation_volume_daily', 'evaluation_dim_results', 'evaluation_category_results']) {
      // rows that count nothing are left by subtraction; a refill has none
      const rows = (await t.db.query<Record<string, unknown>>(`select * from ${table}`)).rows.map((r) => JSON.stringify(r)).sort();
      out[table] = rows.filter((r) => !/"(n|valid_callbacks|weight)":"?0(\.0+)?"?,/.test(r) || /"repeats":[1-9]/.test(r));
    }
    return out;
  };
  const before = await snapshot();
  expect(before.evaluation_dim_results.length).toBeGreaterThan(0);
  await t.db.transaction((tx) => refillKeptCounts(tx));
  expect(await snapshot()).toEqual(before);
});

it('the check can fail: a tampered kept count is reported and repaired', async () => {
  const ctx = await t.ctxAs('supervisor');
  await t.db.query(`update evaluation_dim_results set solved = solved + 1 where ctid = (select ctid from evaluation_dim_results where valid_callbacks > 0 limit 1)`);
  const found = await recomputeEvaluation(ctx, { apply: true });
  expect(found.differences.map((d) => d.table)).toEqual(['kept']);
  expect((await recomputeEvaluation(ctx, { apply: false })).differences).toEqual([]);
});

it('the check can fail: a tampered rollup is reported and repaired', async () => {
  const ctx = await t.ctxAs('supervisor');
  await t.db.query(`update evaluation_rollups set solved = solved + 1 where (period, unit_id) = (select period, unit_id from evaluation_rollups limit 1)`);
  const found = await recomputeEvaluation(ctx, { apply: true });
  expect(found.differences).toHaveLength(1);
  expect(found.differences[0].table).toBe('rollups');
  expect((await recomputeEvaluation(ctx, { apply: false })).differences).toEqual([]);
});
