import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { STAFF_OF, actOk } from '../support/factories.ts';
import { generateHistory } from '../../src/server/modules/history/generate-history.ts';
import { OPEN_STATUSES, STATUSES, WORKFLOW, targetAllowed, type Action, type Status } from '../../src/server/modules/work-orders/work-order-workflow.ts';
import type { Queryable } from '../../src/server/db/client.ts';
import { recomputeEvaluation } from '../../src/server/modules/evaluation/evaluation-recompute.ts';
import { rebuildEvaluation } from '../../src/server/modules/evaluation/evaluation-rebuild.ts';

// The window ends at the test clock's day (2026-03-02), so the newest orders are still open "now".
const END = new Date('2026-03-02T02:00:00Z');
const END_MS = new Date('2026-03-01T16:00:00Z').getTime();

let t: TestApp;
let result: Awaited<ReturnType<typeof generateHistory>>;
beforeAll(async () => {
  t = await createTestApp();
  result = await generateHistory(t.db, { orders: 1500, months: 2, seed: 'test', end: END, batchSize: 600 });
}, 240_000);
afterAll(() => t.close());

type Ev = { order_id: number; seq: number; type: string; action: string | null; at: Date; from_status: string | null; to_status: string | null; data: Record<string, unknown> };
type Tm = { order_id: number; stage: string; kind: string; fire_at: Date; fired_at: Date | null; cancelled: boolean };

const byOrder = <T extends { order_id: number }>(rows: T[]) => {
  const m = new Map<number, T[]>();
  for (const r of rows) m.set(r.order_id, [...(m.get(r.order_id) ?? []), r]);
  return m;
};

// Which actions end a stage's timers (cancelStages in the commands); a cancelled timer must have met one.
const ENDS: Record<string, string[]> = {
  dispatch: ['answer', 'decline', 'merge', 'dispatch'],
  sign: ['sign', 'dispatch', 'adjudicate', 'reassign', 'close'],
  first_contact: ['contact', 'dispatch', 'adjudicate', 'reassign', 'close'],
  feedback: ['feedback', 'decide_extension', 'reopen', 'dispatch', 'adjudicate', 'reassign', 'close'],
};
const STAGE_OF: Partial<Record<Status, string>> = { received: 'dispatch', dispatched: 'sign', signed: 'first_contact', in_progress: 'feedback' };

/** The invariants every order must keep, however it was made; returns the problems found. */
async function checkOrders(q: Queryable, where: string, now: number): Promise<string[]> {
  const orders = (await q.query<{ id: number; code: string; status: Status; lead_unit_id: number | null }>(`select id, code, status, lead_unit_id from work_orders where ${where} order by id`)).rows;
  const ids = orders.map((o) => o.id);
  const events = byOrder((await q.query<Ev>('select * from work_order_events where order_id = any($1::int8[]) order by order_id, seq', [ids])).rows);
  const timers = byOrder((await q.query<Tm>('select * from deadlines where order_id = any($1::int8[]) order by id', [ids])).rows);
  const callbacks = byOrder((await q.query<{ order_id: number; at: Date }>('select order_id, at from callbacks where order_id = any($1::int8[])', [ids])).rows);
  const leads = byOrder((await q.query<{ order_id: number; unit_id: number }>(`select order_id, unit_id from work_order_assignments where active and role = 'lead' and order_id = any($1::int8[])`, [ids])).rows);
  const problems: string[] = [];
  for (const o of orders) {
    const evs = events.get(o.id) ?? [];
    const bad = (m: string) => problems.push(`${o.code}: ${m}`);
    evs.forEach((e, i) => e.seq !== i + 1 && bad(`seq ${e.seq} at position ${i + 1}`));
    if (evs[0]?.type !== 'work_order.received' || evs[0].to_status !== 'received') bad('does not start with intake');
    let status: Status = 'received';
    let reachedCallback: number | null = null;
    for (const [i, e] of evs.entries()) {
      if (i && e.at.getTime() < evs[i - 1].at.getTime()) bad(`event ${e.seq} earlier than the one before`);
      if (!e.from_status) continue;
      const def = WORKFLOW[e.action as Action];
      if (!def) bad(`unknown action ${e.action}`);
      else if (e.from_status !== status || !(def.from as readonly string[]).includes(status) || !targetAllowed(e.action as Action, status, e.to_status as Status)) {
        bad(`${e.action} ${e.from_status}→${e.to_status} not valid from ${status}`);
      }
      status = e.to_status as Status;
      if (!STATUSES.includes(status)) bad(`unknown status ${status}`);
      if (status === 'awaiting_callback' && reachedCallback === null) reachedCallback = e.at.getTime();
    }
    if (status !== o.status) bad(`events end in ${status}, order says ${o.status}`);
    for (const c of callbacks.get(o.id) ?? []) if (reachedCallback === null || c.at.getTime() < reachedCallback) bad('callback before awaiting_callback');
    if (o.lead_unit_id !== null && (leads.get(o.id) ?? []).map((a) => a.unit_id).join() !== String(o.lead_unit_id)) bad('active lead assignment differs from lead_unit_id');
    const sweeps = evs.filter((e) => e.action === 'supervise' && e.data.automatic);
    for (const d of timers.get(o.id) ?? []) {
      if (d.fired_at && d.cancelled) bad(`${d.stage}/${d.kind} both fired and cancelled`);
      if (d.fired_at) {
        const at = d.fired_at.getTime();
        if (at < d.fire_at.getTime() || at > now) bad(`${d.stage}/${d.kind} fired at the wrong time`);
        if (!sweeps.some((e) => e.at.getTime() === at && e.data.stage === d.stage && e.data.kind === (d.kind === 'due' ? 'overdue' : 'warning'))) bad(`${d.stage}/${d.kind} fired without its supervision event`);
        if (evs.some((e, i) => i > 0 && e.at.getTime() < at && evs[i - 1].at.getTime() > at)) bad('fired out of order');
      }
      if (d.cancelled && !evs.some((e) => ENDS[d.stage].includes(e.action ?? '') && e.from_status)) bad(`${d.stage} cancelled but never passed`);
      if (!d.fired_at && !d.cancelled && !OPEN_STATUSES.includes(o.status)) bad(`${d.stage} pending on a ${o.status} order`);
      if (!d.fired_at && !d.cancelled && d.fire_at.getTime() + 60_000 < now && d.fire_at.getTime() < END_MS) bad(`${d.stage} due before the end but never fired`);
    }
    const stage = STAGE_OF[o.status];
    if (stage && !(timers.get(o.id) ?? []).some((d) => d.stage === stage && d.kind === 'due' && !d.cancelled)) bad(`open in ${o.status} without a ${stage} timer`);
  }
  return problems;
}

describe('history generator', () => {
  it('writes the orders asked for, with every kind of ending the product knows', async () => {
    expect(result.orders).toBe(1500);
    const s = (await t.db.query<{ status: string; n: number }>('select status, count(*)::int as n from work_orders group by status')).rows;
    const n = Object.fromEntries(s.map((r) => [r.status, r.n]));
    expect(n.answered / 1500).toBeGreaterThan(0.5);
    expect(n.answered / 1500).toBeLessThan(0.65);
    expect(n.closed).toBeGreaterThan(n.in_progress ?? 0);
    for (const st of ['answered', 'closed', 'not_dispatched', 'merged']) expect(n[st] ?? 0, `${st} in ${JSON.stringify(n)}`).toBeGreaterThan(0);
    expect(OPEN_STATUSES.some((st) => (n[st] ?? 0) > 0)).toBe(true);
    const c = (await t.db.query<{ disputes: number; extensions: number; reopened: number; excluded: number; overdue: number; heating: number }>(
      `select (select count(*)::int from disputes) as disputes, (select count(*)::int from extensions) as extensions,
              (select count(*)::int from work_orders where reopen_count > 0) as reopened, (select count(*)::int from exclusions) as excluded,
              (select count(*)::int from work_orders where overdue_stages <> '{}') as overdue,
              (select count(*)::int from work_orders where category like '16.01%') as heating`,
    )).rows[0];
    for (const [k, v] of Object.entries(c)) expect(v, k).toBeGreaterThan(0);
    const codes = (await t.db.query<{ code: string; received: string }>(`select code, to_char(received_at at time zone 'Asia/Shanghai', 'YYYYMMDD') as received from work_orders`)).rows;
    for (const r of codes) expect(r.code).toMatch(new RegExp(`^GD${r.received}\\d{6,}$`));
  });

  it('leaves every order on a valid path through the transition table, with consistent timers and callbacks', async () => {
    expect(await checkOrders(t.db, 'true', t.clock.t)).toEqual([]);
  });

  it('gives units different callback results, so rankings differ', async () => {
    const r = (await t.db.query<{ unit: number; n: number; solved: number }>(
      `select o.lead_unit_id as unit, count(*)::int as n, avg(case when c.solved then 1.0 else 0 end)::float8 as solved
       from callbacks c join work_orders o on o.id = c.order_id where c.valid group by o.lead_unit_id having count(*) >= 15`,
    )).rows;
    expect(r.length).toBeGreaterThan(3);
    const rates = r.map((x) => x.solved);
    expect(Math.max(...rates) - Math.min(...rates)).toBeGreaterThan(0.05);
  });

  it('leaves the analysis counts current: the district total for each street equals the orders in it', async () => {
    const cp = (await t.db.query<{ behind: number }>(`select (select max(id) from work_order_events) - last_event_id as behind from analysis_checkpoints where name = 'counts'`)).rows[0];
    expect(Number(cp.behind)).toBe(0);
    const counted = (await t.db.query<{ key: string; n: number }>(
      `select key, sum(n)::int as n from analysis_daily_counts c join units u on u.id = c.unit_id
       where u.kind = 'district' and c.dim = 'street' and (c.via & 1) <> 0 group by key order by key`,
    )).rows;
    const direct = (await t.db.query<{ key: string; n: number }>(
      `select street_id::text as key, count(*)::int as n from work_orders where street_id is not null group by 1 order by 1`,
    )).rows;
    expect(counted.length).toBeGreaterThan(3);
    expect(counted).toEqual(direct);
  });

  it('leaves the evaluation current and the notifiers past the history, with nothing left for a consumer to re-read', async () => {
    const behind = async (sql: string) => Number((await t.db.query<{ behind: number }>(`select (select max(id) from work_order_events) - (${sql}) as behind`)).rows[0].behind);
    expect(await behind(`select last_event_id from evaluation_checkpoints where name = 'rollups'`)).toBe(0);
    expect(await behind('select min(last_id) from event_consumers')).toBe(0);
    expect((await t.db.query('select 1 from notifications limit 1')).rows).toEqual([]);
    // The rollups equal a recomputation from the event log, order by order.
    const report = await recomputeEvaluation(await t.ctxAs('supervisor'), { apply: false });
    expect(report.orders).toBeGreaterThan(300);
    expect(report.rollups).toBeGreaterThan(10);
    expect(report.differences).toEqual([]);
  });

  it('rebuilds the evaluation from one ordered read of the log, batches and fetches crossing orders, equal to a recomputation', async () => {
    const before = (await t.db.query<{ n: number }>('select count(*)::int as n from evaluation_order_results')).rows[0].n;
    // batches of 7 orders, fetches of 13 events: most fetches end inside an order, most batches inside a fetch
    const judged = await rebuildEvaluation(t.db, { batch: 7, fetch: 13 });
    const called = (await t.db.query<{ n: number }>('select count(distinct order_id)::int as n from callbacks')).rows[0].n;
    expect(judged).toBe(called);
    expect((await t.db.query<{ n: number }>('select count(*)::int as n from evaluation_order_results')).rows[0].n).toBe(before);
    const report = await recomputeEvaluation(await t.ctxAs('supervisor'), { apply: false });
    expect(report.differences).toEqual([]);
  });

  it('refuses a database that already holds orders unless told to append, and appending keeps codes unique', async () => {
    await expect(generateHistory(t.db, { orders: 10, seed: 'test', end: END })).rejects.toMatchObject({ code: 'conflict' });
    const r = await generateHistory(t.db, { orders: 50, months: 1, seed: 'other', end: END, append: true });
    expect(r.orders).toBe(50);
    const dup = await t.db.query('select code from work_orders group by code having count(*) > 1');
    expect(dup.rows).toEqual([]);
    // the appended orders' kept places are restated after the load (a recount would cover them too)
    const kept = await recomputeEvaluation(await t.ctxAs('supervisor'), { apply: false });
    expect(kept.differences).toEqual([]);
  });

  it('a generated open order can be acted on through the API by its lead unit', async () => {
    const usernameOf = new Map<number, string>();
    for (const [code, username] of Object.entries(STAFF_OF)) usernameOf.set(await t.unitId(code), username);
    const open = (await t.db.query<{ id: number; status: string; lead_unit_id: number }>(
      `select id, status, lead_unit_id from work_orders where status in ('dispatched','signed','in_progress') and lead_unit_id = any($1::int[]) order by id desc limit 1`,
      [[...usernameOf.keys()]],
    )).rows[0];
    expect(open, 'an open generated order led by a unit with a demo account').toBeTruthy();
    const as = usernameOf.get(open.lead_unit_id)!;
    if (open.status === 'dispatched') expect((await actOk(t, open.id, 'sign', {}, as)).status).toBe('signed');
    if (open.status !== 'in_progress') expect((await actOk(t, open.id, 'contact', { method: 'phone' }, as)).status).toBe('in_progress');
    const r = await actOk(t, open.id, 'feedback', { result: '已现场处理完毕', solved: true }, as);
    expect(r.status).toBe('awaiting_callback');
    expect(await checkOrders(t.db, `id = ${open.id}`, t.clock.t)).toEqual([]);
  });

  it('the invariant check itself catches a broken path and a stray timer', async () => {
    const o = (await t.db.query<{ id: number }>(`select id from work_orders where status = 'closed' order by id limit 1`)).rows[0];
    await t.db.query(`update work_order_events set from_status = 'received' where order_id = $1 and action = 'sign'`, [o.id]);
    await t.db.query(`insert into deadlines(order_id, stage, kind, fire_at) values ($1, 'feedback', 'due', now())`, [o.id]);
    const problems = await checkOrders(t.db, `id = ${o.id}`, t.clock.t);
    expect(problems.some((p) => p.includes('sign received→signed not valid'))).toBe(true);
    expect(problems.some((p) => p.includes('pending on a closed order'))).toBe(true);
  });
});

describe('history generator determinism', () => {
  const digest = async (q: Queryable) =>
    (await q.query<{ d: string }>(
      `select md5(string_agg(concat_ws('|', code, status, version, title, received_at, updated_at, lead_unit_id, requester_phone,
         (select string_agg(concat_ws(',', seq, action, at, to_status), ';' order by seq) from work_order_events e where e.order_id = o.id)), E'\\n' order by id)) as d
       from work_orders o`,
    )).rows[0].d;

  it('gives the same rows for the same seed and different rows for another', async () => {
    const a = await createTestApp();
    const b = await createTestApp();
    try {
      await generateHistory(a.db, { orders: 300, months: 1, seed: 's1', end: END, batchSize: 128 });
      await generateHistory(b.db, { orders: 300, months: 1, seed: 's1', end: END, batchSize: 128 });
      expect(await digest(a.db)).toBe(await digest(b.db));
      for (const table of ['evaluation_order_results', 'evaluation_callback_facts', 'evaluation_rollups', 'work_order_events', 'deadlines', 'work_order_assignments', 'callbacks', 'supervisions', 'extensions', 'disputes', 'exclusions', 'work_order_visibility', 'work_order_counts', 'work_orders']) {
        await b.db.query(`delete from ${table}`);
      }
      await generateHistory(b.db, { orders: 300, months: 1, seed: 's2', end: END, batchSize: 128 });
      expect(await digest(b.db)).not.toBe(await digest(a.db));
    } finally {
      await a.close();
      await b.close();
    }
  }, 240_000);
});
