import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { act, actOk, DEMO, intake } from '../support/factories.ts';
import { BASIC, callbackIdOf, rules, SAT, UNSOLVED, type CallbackAnswer } from '../support/evaluation-factories.ts';
import { catchUp } from '../../src/server/modules/evaluation/evaluation-consumer.ts';
import { recomputeEvaluation } from '../../src/server/modules/evaluation/evaluation-recompute.ts';

// The kept counts of 2026-03 (migration 0032) after each kind of change, worked out by hand. Every
// order is filed from the same phone (the intake factory's), led by 东华门, in 东城区, on 2 March unless said.
//   A 14.02 unsolved → reopened, 01.10.03, called back again (basic) → then re-routed to 和平里
//   B 14.02 satisfied → exclusion approved
//   C 14.08 unsolved → appeal 'correct' approved; D 14.08 satisfied → appeal 'invalidate' rejected, then approved
//   E received on 4 March, merged into D (14.08 from intake's text is replaced by the code set here)

let t: TestApp;
let district: number;
let dhm: number;
let hpl: number;
const ids: Record<string, number> = {};
const DAY = 24 * 3600_000;

const walk = async (category: string, answer: CallbackAnswer) => {
  t.advance(60_000);
  const o = await intake(t);
  await actOk(t, o.id, 'dispatch', { leadUnitId: dhm }, 'dispatcher');
  await actOk(t, o.id, 'recategorize', { category, reason: '改类' }, 'supervisor');
  for (const a of ['sign', 'contact']) await actOk(t, o.id, a, {}, 'donghuamen');
  await actOk(t, o.id, 'feedback', { result: '已处理', solved: true }, 'donghuamen');
  await actOk(t, o.id, 'callback', { valid: true, ...answer }, 'callback');
  return Number(o.id);
};

/** Non-zero kept rows of 2026-03 for a place: results by street|category, volume and repeats by street|category. */
async function kept(place: 'district' | 'district_street' | 'street' | 'lead', unitId: number) {
  const ctx = await t.ctxAs('supervisor');
  await catchUp(ctx);
  const res = await t.db.query<{ k: string; v: string }>(
    `select street_id || '|' || category as k, concat_ws(',', valid_callbacks, contacted, solved, satisfied, basically_satisfied) as v
       from evaluation_dim_results where place = $1 and unit_id = $2 and period = '2026-03' and valid_callbacks <> 0 order by 1`,
    [place, unitId],
  );
  const vol = await t.db.query<{ k: string; n: string; r: string }>(
    `select street_id || '|' || category as k, sum(n) as n, sum(repeats) as r from evaluation_volume_daily
      where place = $1 and unit_id = $2 and day >= '2026-03-01' and day < '2026-04-01' group by 1 having sum(n) <> 0 order by 1`,
    [place, unitId],
  );
  return {
    results: Object.fromEntries(res.rows.map((r) => [r.k, r.v])),
    volume: Object.fromEntries(vol.rows.map((r) => [r.k, Number(r.n)])),
    repeats: Object.fromEntries(vol.rows.filter((r) => Number(r.r)).map((r) => [r.k, Number(r.r)])),
  };
}

/**
 * A correction written straight to work_orders has no event: the consumer does not see it, and the
 * recompute command finds the kept counts behind and refills them.
 */
async function correct(sql: string, params: unknown[]) {
  await t.db.query(sql, params);
  const ctx = await t.ctxAs('supervisor');
  expect((await recomputeEvaluation(ctx, { apply: false })).differences.filter((d) => d.table === 'kept')).not.toEqual([]);
  await recomputeEvaluation(ctx, { apply: true });
}

beforeAll(async () => {
  t = await createTestApp();
  district = await t.unitId(DEMO.district);
  dhm = await t.unitId(DEMO.streets.donghuamen);
  hpl = await t.unitId(DEMO.streets.hepingli);
});
afterAll(() => t.close());

describe('kept counts follow every change of what an order counts for', () => {
  it('a recategorised order counts under its category now; a reopened one once, by its last callback', async () => {
    ids.A = await walk('14.02', UNSOLVED);
    let k = await kept('district_street', district);
    expect(k.results).toEqual({ [`${dhm}|14.02`]: '1,1,0,0,0' });
    expect(k.volume).toEqual({ [`${dhm}|14.02`]: 1 });
    await actOk(t, ids.A, 'reopen', { reason: '不满意' }, 'callback');
    await actOk(t, ids.A, 'recategorize', { category: '01.10.03', reason: '改类' }, 'supervisor');
    await actOk(t, ids.A, 'feedback', { result: '再次处理', solved: true }, 'donghuamen');
    await actOk(t, ids.A, 'callback', { valid: true, ...BASIC }, 'callback');
    k = await kept('district_street', district);
    expect(k.results).toEqual({ [`${dhm}|01.10.03`]: '1,1,1,0,1' });
    expect(k.volume).toEqual({ [`${dhm}|01.10.03`]: 1 });
    expect((await kept('district', district)).results).toEqual({ '0|01.10.03': '1,1,1,0,1' });
    expect((await kept('street', dhm)).results).toEqual({ '0|01.10.03': '1,1,1,0,1' });
    expect((await kept('lead', dhm)).results).toEqual({ '0|01.10.03': '1,1,1,0,1' });
  });

  it('re-routed to another street: the district keeps it under the new street, the streets swap it, the lead keeps it', async () => {
    await correct('update work_orders set street_id = $2 where id = $1', [ids.A, hpl]);
    expect((await kept('district_street', district)).results).toEqual({ [`${hpl}|01.10.03`]: '1,1,1,0,1' });
    expect((await kept('district_street', district)).volume).toEqual({ [`${hpl}|01.10.03`]: 1 });
    expect(await kept('street', dhm)).toEqual({ results: {}, volume: {}, repeats: {} });
    expect((await kept('street', hpl)).results).toEqual({ '0|01.10.03': '1,1,1,0,1' });
    expect((await kept('lead', dhm)).volume).toEqual({ '0|01.10.03': 1 });
  });

  it('an approved exclusion takes the result away and leaves the volume; a repeat is the same phone and category within 30 days', async () => {
    ids.B = await walk('14.02', SAT);
    // B is 14.02; A, the only earlier order from the phone, is 01.10.03 now: no repeat
    expect((await kept('street', dhm)).results).toEqual({ '0|14.02': '1,1,1,1,0' });
    expect((await kept('lead', dhm)).repeats).toEqual({});
    await actOk(t, ids.B, 'request_exclusion', { reason: '不合理诉求' }, 'donghuamen');
    await actOk(t, ids.B, 'decide_exclusion', { approve: true, note: '同意' }, 'supervisor');
    const k = await kept('street', dhm);
    expect(k.results).toEqual({});
    expect(k.volume).toEqual({ '0|14.02': 1 });
    // A back to 14.02 (a correction written to the table, then recomputed): B, filed minutes after A, is now a repeat of A
    await correct(`update work_orders set category = '14.02' where id = $1`, [ids.A]);
    expect((await kept('lead', dhm)).repeats).toEqual({ '0|14.02': 1 });
    await correct(`update work_orders set category = '01.10.03' where id = $1`, [ids.A]);
    expect((await kept('lead', dhm)).repeats).toEqual({});
  });

  it('appeals: an approved correction replaces the answers, a rejected one changes nothing, an approved invalidation removes it', async () => {
    ids.C = await walk('14.08', UNSOLVED);
    ids.D = await walk('14.08', SAT);
    await catchUp(await t.ctxAs('supervisor'));
    expect((await kept('street', dhm)).results).toEqual({ '0|14.08': '2,2,1,1,0' });
    // D repeats C (same phone, 14.08, after it)
    expect((await kept('lead', dhm)).repeats).toEqual({ '0|14.08': 1 });
    const appeal = async (orderId: number, body: Record<string, unknown>, approve: boolean) => {
      const a = await t.post('/api/evaluation/appeals', { callbackId: await callbackIdOf(t, orderId), reason: '申诉理由', ...body }, 'donghuamen');
      expect(a.status, JSON.stringify(a.body)).toBe(201);
      expect((await t.post(`/api/evaluation/appeals/${a.body.id}/decide`, { approve, note: '审核' }, 'supervisor')).status).toBe(200);
    };
    await appeal(ids.C, { outcome: 'correct', corrected: { contacted: true, solved: true, satisfaction: 'basically_satisfied' } }, true);
    expect((await kept('street', dhm)).results).toEqual({ '0|14.08': '2,2,2,1,1' });
    await appeal(ids.D, { outcome: 'invalidate' }, false);
    expect((await kept('street', dhm)).results).toEqual({ '0|14.08': '2,2,2,1,1' });
    await appeal(ids.D, { outcome: 'invalidate' }, true);
    expect((await kept('street', dhm)).results).toEqual({ '0|14.08': '1,1,1,0,1' });
  });

  it('a merged order counts in the volume where it was received, never in the results; the report’s categories are weighted', async () => {
    t.advance(2 * DAY);
    const e = await intake(t);
    ids.E = Number(e.id);
    await actOk(t, ids.E, 'recategorize', { category: '14.08', reason: '改类' }, 'supervisor');
    expect((await act(t, ids.E, 'merge', { intoOrderId: ids.D }, 'dispatcher')).status).toBe(200);
    const k = await kept('district_street', district);
    // E has no lead: it is in the district and its street, not in 东华门's led orders
    expect(k.volume).toEqual({ [`${hpl}|01.10.03`]: 1, [`${dhm}|14.02`]: 1, [`${dhm}|14.08`]: 3 });
    expect((await kept('street', dhm)).repeats).toEqual({ '0|14.08': 2 });
    expect((await kept('lead', dhm)).volume).toEqual({ '0|01.10.03': 1, '0|14.02': 1, '0|14.08': 2 });
    // worst categories of 东华门 in March: 01.10 (A, basic) and 14.08 (C corrected basic): 1 each
    const cats = await t.db.query(`select code, weight::float as w, satisfied::float as sa, basically_satisfied::float as ba from evaluation_category_results
                                    where unit_id = $1 and period = '2026-03' and weight <> 0 order by code`, [dhm]);
    expect(cats.rows).toEqual([
      { code: '01.10', w: 1, sa: 0, ba: 1 },
      { code: '14.08', w: 1, sa: 0, ba: 1 },
    ]);
    const report = await recomputeEvaluation(await t.ctxAs('supervisor'), { apply: false });
    expect(report.differences).toEqual([]);
  });

  it('a 19th-to-18th period from April on: its volume is the sum of its Shanghai days', async () => {
    const p = await t.post('/api/evaluation/policies', { unitKind: 'street', validFrom: '2026-04', rules: rules({ periodStartDay: 19 }) }, 'admin');
    expect(p.status, JSON.stringify(p.body)).toBe(201);
    const filed = async (at: string) => {
      t.advance(new Date(at).getTime() - t.now().getTime());
      const o = await intake(t);
      await actOk(t, o.id, 'recategorize', { category: '14.02', reason: '改类' }, 'supervisor');
    };
    // 18 April 23:59 Shanghai is the April period's last minute, 19 April 00:00 the May period's first
    await filed('2026-04-18T15:59:00Z');
    await filed('2026-04-18T16:00:00Z');
    await filed('2026-04-19T16:00:00Z');
    const r = await t.get(`/api/evaluation/dimensions?period=2026-05&unitId=${dhm}`, 'supervisor');
    expect(r.status).toBe(200);
    expect(r.body.periodStart).toBe('2026-04-18T16:00:00.000Z');
    const education = Object.fromEntries(r.body.trend.map((x: any) => [x.period, x.dims.education.volume]));
    // March (calendar month, the version before): B; April (1–18 April): one; May (from 19 April): two
    expect([education['2026-03'], education['2026-04'], education['2026-05']]).toEqual([1, 1, 2]);
  });
  it('read through the API right after: an intake counts at once, and recategorising an earlier order makes a later one a repeat', async () => {
    // the June period of 东华门 (19 May–18 June): two orders of another phone, a day apart, both led by 东华门
    const repeatRate = async () => {
      const r = await t.get(`/api/evaluation/indicators?period=2026-06&unitId=${dhm}`, 'supervisor');
      expect(r.status).toBe(200);
      const x = r.body.items.find((i: any) => i.key === 'repeatRequestRate');
      return [x.numerator, x.denominator];
    };
    const filed = async (at: string, category: string) => {
      t.advance(new Date(at).getTime() - t.now().getTime());
      const o = await intake(t, { requester: { name: '李四', phone: '13900001111' } });
      await actOk(t, o.id, 'dispatch', { leadUnitId: dhm }, 'dispatcher');
      await actOk(t, o.id, 'recategorize', { category, reason: '改类' }, 'supervisor');
      return Number(o.id);
    };
    const p = await filed('2026-06-05T02:00:00Z', '14.02');
    expect(await repeatRate()).toEqual([0, 1]);
    await filed('2026-06-06T02:00:00Z', '14.05');
    expect(await repeatRate()).toEqual([0, 2]);
    // no event touches the later order: the consumer restates it as the same phone within 30 days after
    await actOk(t, p, 'recategorize', { category: '14.05', reason: '改类' }, 'supervisor');
    expect(await repeatRate()).toEqual([1, 2]);
    await actOk(t, p, 'recategorize', { category: '14.02', reason: '改类' }, 'supervisor');
    expect(await repeatRate()).toEqual([0, 2]);
    expect((await recomputeEvaluation(await t.ctxAs('supervisor'), { apply: false })).differences).toEqual([]);
  });
});
