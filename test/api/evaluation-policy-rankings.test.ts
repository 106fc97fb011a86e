import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO, expectError } from '../support/factories.ts';
import { BASIC, calledBack, rules, SAT, score, UNSOLVED } from '../support/evaluation-factories.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp(); // 2026-03-02
});
afterAll(() => t.close());

const { donghuamen: DHM, hepingli: HPL, tiantan: TT } = DEMO.streets;
const setClock = (iso: string) => {
  t.clock.t = new Date(iso).getTime();
};

describe('policy versions', () => {
  it('only supervisors and administrators publish; a version never overlaps a later one', async () => {
    const body = { unitKind: 'street', validFrom: '2026-04', rules: rules({ weights: { response: 0.3, resolution: 0.35, satisfaction: 0.35 }, minimumVolume: 2, lagging: { bottomCount: 1, belowScore: null }, appealWindowDays: 30 }), note: '2026年4月起 30/35/35' };
    expectError(await t.post('/api/evaluation/policies', body, 'donghuamen'), 403, 'forbidden');
    expectError(await t.post('/api/evaluation/policies', { ...body, rules: rules({ weights: { response: 0.5, resolution: 0.5, satisfaction: 0.5 } }) }, 'supervisor'), 400, 'validation_failed');
    const r = await t.post('/api/evaluation/policies', body, 'supervisor');
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    expect(r.body).toMatchObject({ unitKind: 'street', version: 2, validFrom: '2026-04' });
    expectError(await t.post('/api/evaluation/policies', body, 'supervisor'), 409, 'conflict');
    expectError(await t.post('/api/evaluation/policies', { ...body, validFrom: '2026-02' }, 'admin'), 409, 'conflict');
    const list = (await t.get('/api/evaluation/policies', 'donghuamen')).body.items.filter((p: any) => p.unitKind === 'street');
    expect(list.map((p: any) => [p.version, p.validFrom, p.validTo])).toEqual([[1, '2000-01', '2026-04'], [2, '2026-04', null]]);
    const dept = await t.post(
      '/api/evaluation/policies',
      { unitKind: 'department', validFrom: '2026-04', rules: rules({ periodStartDay: 19, coHandlerShare: 0.5, whistleWeight: 1 / 3 }) },
      'admin',
    );
    expect(dept.status, JSON.stringify(dept.body)).toBe(201);
  });
});

describe('weights changed mid-year', () => {
  it('March is computed with 10/50/40, April with 30/35/35', async () => {
    await calledBack(t, DHM, SAT);
    await calledBack(t, DHM, UNSOLVED);
    setClock('2026-04-10T02:00:00Z');
    await calledBack(t, DHM, SAT);
    await calledBack(t, DHM, BASIC);
    const march = await score(t, DHM, '2026-03');
    expect(march).toMatchObject({ validCallbacks: 2, policyVersion: 1, responseRate: 1, resolutionRate: 0.5, satisfactionRate: 0.5, compositeScore: 55 }); // 10 + 25 + 20
    const april = await score(t, DHM, '2026-04');
    expect(april).toMatchObject({ validCallbacks: 2, policyVersion: 2, responseRate: 1, resolutionRate: 1, satisfactionRate: 0.95, compositeScore: 98.25 }); // 30 + 35 + 33.25
  });
});

describe('the 19th-to-18th period and co-handlers’ share (departments from 2026-04)', () => {
  it('a callback on 10 April counts in the period ending in April, one on 20 April in May; a co-handler counts half', async () => {
    const { chengguan: CG, zhujian: ZJ } = DEMO.departments;
    await calledBack(t, CG, SAT); // 10 April
    setClock('2026-04-20T02:00:00Z');
    await calledBack(t, CG, UNSOLVED);
    await calledBack(t, ZJ, SAT, [CG]);
    const april = await score(t, CG, '2026-04');
    expect(april).toMatchObject({ validCallbacks: 1, solved: 1, policyVersion: 2, periodStart: '2026-03-31T16:00:00.000Z', periodEnd: '2026-04-18T16:00:00.000Z' });
    const may = await score(t, CG, '2026-05');
    // 1 led (unsolved, dissatisfied) + 0.5 co-handled (solved, satisfied): N 1.5, solved 0.5, satisfied 0.5
    expect(may).toMatchObject({ validCallbacks: 1.5, contacted: 1.5, solved: 0.5, satisfied: 0.5 });
    expect(may.resolutionRate).toBe(0.3333);
    expect(may.compositeScore).toBe(40); // 100 × (0.1 × 1 + 0.5 × 1/3 + 0.4 × 1/3)
    expect((await score(t, ZJ, '2026-05')).validCallbacks).toBe(1);
  });
});

describe('rankings', () => {
  it('April: minimum volume 2, lagging bottom one, unranked units listed last', async () => {
    setClock('2026-04-12T02:00:00Z');
    await calledBack(t, TT, SAT);
    await calledBack(t, TT, UNSOLVED);
    await calledBack(t, HPL, SAT);
    const r = await t.get('/api/evaluation/rankings?period=2026-04&group=streets', 'supervisor');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ group: 'streets', period: '2026-04', policyVersion: 2, minimumVolume: 2 });
    const top = r.body.items.slice(0, 3).map((i: any) => [i.unitId, i.rank, i.compositeScore, i.lagging]);
    // 天坛: rates 1, 0.5, 0.5 → 30 + 17.5 + 17.5 = 65
    expect(top).toEqual([[await t.unitId(DHM), 1, 98.25, false], [await t.unitId(TT), 2, 65, true], [await t.unitId(HPL), null, 100, false]]);
    expect(r.body.items).toHaveLength(17);
    expect(r.body.items[0]).toMatchObject({ name: '东华门街道', validCallbacks: 2, responseRate: 1, resolutionRate: 1, satisfactionRate: 0.95, rankChange: null });
  });

  it('May: rank change against April', async () => {
    setClock('2026-05-06T02:00:00Z');
    await calledBack(t, TT, SAT);
    await calledBack(t, TT, SAT);
    await calledBack(t, DHM, UNSOLVED);
    await calledBack(t, DHM, SAT);
    const items = (await t.get('/api/evaluation/rankings?period=2026-05&group=streets', 'district')).body.items;
    expect(items.slice(0, 2).map((i: any) => [i.unitId, i.rank, i.previousRank, i.rankChange])).toEqual([
      [await t.unitId(TT), 1, 2, 1],
      [await t.unitId(DHM), 2, 1, -1],
    ]);
  });

  it('a published ranking is frozen; an approved appeal publishes a new version with the difference', async () => {
    expectError(await t.post('/api/evaluation/rankings/publish', { group: 'streets', period: '2026-04' }, 'donghuamen'), 403, 'forbidden');
    const v1 = await t.post('/api/evaluation/rankings/publish', { group: 'streets', period: '2026-04', reason: '4月通报' }, 'supervisor');
    expect(v1.status).toBe(200);
    expect(v1.body).toMatchObject({ version: 1, created: true, diff: [] });
    const again = await t.post('/api/evaluation/rankings/publish', { group: 'streets', period: '2026-04' }, 'supervisor');
    expect(again.body).toMatchObject({ id: v1.body.id, created: false });

    // 天坛's unsolved April callback is found to be someone else's request
    const unsolved = (await t.db.query<{ callback_id: number }>(
      `select f.callback_id from evaluation_callback_facts f where f.lead_unit_id = $1 and not f.solved and f.at < '2026-05-01'`, [await t.unitId(TT)],
    )).rows[0].callback_id;
    const appeal = await t.post('/api/evaluation/appeals', { callbackId: Number(unsolved), reason: '回访对象错误', outcome: 'invalidate' }, 'tiantan');
    expect(appeal.status, JSON.stringify(appeal.body)).toBe(201);
    const d = await t.post(`/api/evaluation/appeals/${appeal.body.id}/decide`, { approve: true, note: '核实属实' }, 'supervisor');
    expect(d.body.republished).toBe(1);
    const versions = (await t.get('/api/evaluation/rankings/published?period=2026-04&group=streets', 'supervisor')).body.items;
    expect(versions.map((v: any) => [v.version, v.reason])).toEqual([[1, '4月通报'], [2, `appeal:${appeal.body.id}`]]);
    const tt = await t.unitId(TT);
    expect(versions[0].items.find((i: any) => i.unitId === tt)).toMatchObject({ rank: 2, validCallbacks: 2 });
    // 天坛 now has 1 callback, below the minimum: unranked
    expect(versions[1].diff).toEqual(expect.arrayContaining([
      { unitId: tt, name: '天坛街道', field: 'rank', before: 2, after: null },
      { unitId: tt, name: '天坛街道', field: 'validCallbacks', before: 2, after: 1 },
    ]));
    const seenByStreet = (await t.get(`/api/evaluation/rankings/published/${versions[1].id}`, 'donghuamen')).body;
    expect(seenByStreet.items.map((i: any) => i.unitId)).toEqual([await t.unitId(DHM)]);
    expect(seenByStreet.diff).toEqual([]);
  });

  it('the drill-down lists the orders behind each rate and its totals match the score', async () => {
    const id = await t.unitId(DHM);
    const s = await score(t, DHM, '2026-05');
    const all = await t.get(`/api/evaluation/drilldown?period=2026-05&unitId=${id}`, 'donghuamen');
    const unsolved = await t.get(`/api/evaluation/drilldown?period=2026-05&unitId=${id}&filter=not_solved`, 'donghuamen');
    expect(all.body.total).toBe(s.validCallbacks);
    expect(unsolved.body.total).toBe(s.validCallbacks - s.solved);
    expect(unsolved.body.items[0]).toMatchObject({ solved: false, satisfaction: 'dissatisfied', code: expect.stringMatching(/^GD/) });
    const page = await t.get(`/api/evaluation/drilldown?period=2026-05&unitId=${id}&limit=1`, 'donghuamen');
    const next = await t.get(`/api/evaluation/drilldown?period=2026-05&unitId=${id}&limit=1&after=${page.body.next}`, 'donghuamen');
    expect([page.body.items[0].orderId, next.body.items[0].orderId]).toEqual(all.body.items.map((i: any) => i.orderId));
  });

  it('more indicators for a street, with 诉求比 from its population', async () => {
    const r = await t.get(`/api/evaluation/indicators?period=2026-05&unitId=${await t.unitId(DHM)}`, 'donghuamen');
    expect(r.status).toBe(200);
    const by = Object.fromEntries(r.body.items.map((i: any) => [i.key, i]));
    expect(by.onTimeSignRate).toMatchObject({ numerator: 2, denominator: 2, value: 1 });
    expect(by.disputeRate).toMatchObject({ numerator: 0, denominator: 2, value: 0 });
    const pop = (await t.db.query<{ population: number }>('select population from units where id = $1', [await t.unitId(DHM)])).rows[0].population;
    const requests = (await t.db.query<{ n: number }>(`select count(*)::int as n from work_orders where street_id = $1 and received_at >= '2026-04-30T16:00:00Z' and received_at < '2026-05-31T16:00:00Z'`, [await t.unitId(DHM)])).rows[0].n;
    expect(by.requestsPerThousand.value).toBeCloseTo((requests / pop) * 1000, 4);
    // The period's ranges agree with a plain pass over every order the street leads.
    const plain = (
      await t.db.query<{ fed: number; fed_on_time: number; received: number; repeats: number }>(
        `select count(*) filter (where feedback_at >= $2 and feedback_at < $3)::int as fed,
                count(*) filter (where feedback_at >= $2 and feedback_at < $3 and feedback_at <= due_feedback_at)::int as fed_on_time,
                count(*) filter (where received_at >= $2 and received_at < $3)::int as received,
                count(*) filter (where received_at >= $2 and received_at < $3 and exists (select 1 from work_orders p where p.requester_phone = w.requester_phone
                  and p.id <> w.id and p.category is not distinct from w.category and p.received_at < w.received_at and p.received_at >= w.received_at - interval '30 days'))::int as repeats
           from work_orders w where w.lead_unit_id = $1`,
        [await t.unitId(DHM), '2026-04-30T16:00:00Z', '2026-05-31T16:00:00Z'],
      )
    ).rows[0];
    expect(plain.received).toBeGreaterThan(0);
    expect(by.onTimeFeedbackRate).toMatchObject({ numerator: plain.fed_on_time, denominator: plain.fed });
    expect(by.repeatRequestRate).toMatchObject({ numerator: plain.repeats, denominator: plain.received });
  });

  it('the recomputation from the event log agrees with the rollups', async () => {
    const r = await t.post('/api/evaluation/recompute', {}, 'supervisor');
    expect(r.status).toBe(200);
    expect(r.body.differences).toEqual([]);
    expect(r.body.results).toBeGreaterThan(10);
    expectError(await t.post('/api/evaluation/recompute', {}, 'donghuamen'), 403, 'forbidden');
  });
});


describe('exports', () => {
  it('the ranking as CSV with bilingual headers; a drill-down export applies the score visibility', async () => {
    const r = await t.app.request('/api/evaluation/rankings/export?period=2026-04&group=streets&format=csv', { headers: { authorization: `Bearer ${await login('supervisor')}` } });
    expect(r.status).toBe(200);
    expect(r.headers.get('content-type')).toContain('text/csv');
    const lines = (await r.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('排名 Rank,单位 Unit,综合成绩 Composite,响应率 Response,解决率 Resolution,满意率 Satisfaction,有效回访 Valid callbacks,名次变化 Rank change,治理类 Lagging');
    expect(lines).toHaveLength(18);
    expect(lines[1]).toMatch(/^1,东华门街道,98.25,1,1,0.95,2,/);
    const x = await t.app.request('/api/evaluation/rankings/export?period=2026-04&group=streets&format=xlsx', { headers: { authorization: `Bearer ${await login('supervisor')}` } });
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(await x.arrayBuffer());
    const row = wb.worksheets[0].getRow(2);
    expect([1, 2, 3, 6, 7].map((c) => row.getCell(c).value)).toEqual([1, '东华门街道', 98.25, 0.95, 2]);
    const denied = await t.get(`/api/evaluation/drilldown/export?period=2026-04&unitId=${await t.unitId(DHM)}&format=csv`, 'hepingli');
    expectError(denied, 403, 'forbidden');
  });
});

async function login(username: string): Promise<string> {
  const r = await t.post('/api/auth/login', { username, password: `demo-${username}-2026` });
  return r.body.token;
}
