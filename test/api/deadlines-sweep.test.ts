import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { onServer } from '../support/test-db.ts';
import { DEMO, actOk, expectError, intake, orderAt, snapshot } from '../support/factories.ts';
import { sweepDeadlines } from '../../src/server/modules/deadlines/deadline-sweep.ts';
import { BEIJING_DEFAULT_RULES, type SlaRule } from '../../src/server/modules/deadlines/sla.ts';

// The tests share one clock that only moves forward, so they run in this order and each looks at
// its own orders only (a sweep fires whatever else is due as well).
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const HOUR = 3600_000;
const DAY = 24 * HOUR;
const ms = (iso: string | Date) => new Date(iso).getTime();
const sweep = () => t.post('/api/deadlines/sweep', {}, 'supervisor');
const detail = async (id: number) => (await t.get(`/api/work-orders/${id}`, 'supervisor')).body;
const timers = async (id: number) =>
  (await t.db.query<{ stage: string; kind: string; fire_at: Date; fired_at: Date | null; cancelled: boolean }>(
    'select stage, kind, fire_at, fired_at, cancelled from deadlines where order_id = $1 order by id', [id],
  )).rows;
const dueNow = async () =>
  (await t.db.query<{ n: number }>('select count(*)::int as n from deadlines where fired_at is null and not cancelled and fire_at <= $1', [t.now()])).rows[0].n;
const rules = (change: (r: SlaRule) => SlaRule['duration'] | null): SlaRule[] =>
  BEIJING_DEFAULT_RULES.map((r) => ({ ...r, duration: change(r) ?? r.duration }));
const publish = (name: string, r: SlaRule[], as = 'admin') =>
  t.post('/api/sla-policies', { name, validFrom: t.now().toISOString(), rehandling: { amount: 3, unit: 'days' }, rules: r }, as);

it('intake sets the dispatch deadline; the sweep warns at 80%, marks it overdue at the deadline, and never fires twice', async () => {
  const start = t.now().getTime();
  const o = await detail((await intake(t)).id);
  expect(ms(o.due.dispatch)).toBe(start + 24 * HOUR); // general: dispatch within 24 h
  expect((await timers(o.id)).map((x) => [x.stage, x.kind, ms(x.fire_at)])).toEqual([
    ['dispatch', 'warn', start + 0.8 * 24 * HOUR],
    ['dispatch', 'due', start + 24 * HOUR],
  ]);

  t.advance(0.8 * 24 * HOUR - 60_000);
  expect((await sweep()).status).toBe(200);
  expect((await detail(o.id)).supervisions).toEqual([]);

  t.advance(60_000);
  const before = await snapshot(t, o.id);
  const warned = await sweep();
  expect(warned.body.warnings).toBeGreaterThanOrEqual(1);
  const w = await detail(o.id);
  expect(w.supervisions).toMatchObject([{ kind: 'warning', stage: 'dispatch' }]);
  expect(w.overdueStages).toEqual([]);
  expect(w.events.at(-1)).toMatchObject({ type: 'work_order.supervised', actor_id: null, actor_role: 'hotline_supervisor', data: { kind: 'warning', stage: 'dispatch', automatic: true } });
  // A warning is recorded on the timeline but keeps the version: nobody's open page goes stale for it.
  expect(await snapshot(t, o.id)).toEqual({ ...before, events: before.events + 1 });
  expect((await sweep()).body).toEqual({ fired: 0, warnings: 0, overdue: 0, skipped: 0 });

  t.advance(0.2 * 24 * HOUR);
  expect((await sweep()).body.overdue).toBeGreaterThanOrEqual(1);
  const d = await detail(o.id);
  expect(d.overdueStages).toEqual(['dispatch']);
  expect(d.supervisions).toMatchObject([{ kind: 'warning' }, { kind: 'overdue', stage: 'dispatch' }]);
  expect(d.events.at(-1).data).toMatchObject({ kind: 'overdue', stage: 'dispatch' });
  expect((await sweep()).body).toEqual({ fired: 0, warnings: 0, overdue: 0, skipped: 0 });
  expect((await detail(o.id)).supervisions).toHaveLength(2);
  expect((await t.get(`/api/work-orders?overdue=true&q=${o.code}`, 'supervisor')).body.total).toBe(1);
  expect((await t.get('/api/work-orders?queue=mine', 'district')).body.items.map((i: any) => i.id)).toContain(o.id);
});

it('only supervisors and administrators run the sweep by hand', async () => {
  expectError(await t.post('/api/deadlines/sweep', {}, 'dispatcher'), 403, 'forbidden');
  expectError(await t.post('/api/deadlines/sweep', {}, 'donghuamen'), 403, 'forbidden');
  expect((await t.post('/api/deadlines/sweep', {}, 'admin')).status).toBe(200);
});

it('dispatch cancels the dispatch timers and starts the sign, first-contact and feedback ones', async () => {
  const o = await orderAt(t, 'dispatched');
  const now = t.now().getTime();
  const all = await timers(o.id);
  expect(all.filter((x) => x.stage === 'dispatch').every((x) => x.cancelled && !x.fired_at)).toBe(true);
  const live = all.filter((x) => !x.cancelled && x.kind === 'due').map((x) => [x.stage, ms(x.fire_at) - now]);
  expect(live).toEqual([['sign', 2 * HOUR], ['first_contact', 24 * HOUR], ['feedback', 7 * DAY]]);

  t.advance(25 * HOUR);
  await sweep();
  const d = await detail(o.id);
  expect(d.supervisions.map((s: any) => s.stage)).not.toContain('dispatch');
  expect(d.overdueStages).toEqual(['sign', 'first_contact']);
});

it('two sweeps running at once fire every due timer exactly once', async () => {
  const orders = [];
  for (let i = 0; i < 6; i++) orders.push(await intake(t));
  t.advance(25 * HOUR);
  const due = await dueNow();
  expect(due).toBeGreaterThanOrEqual(12);
  const ctx = await t.ctxAs('supervisor');
  const [a, b] = await Promise.all([sweepDeadlines(ctx), sweepDeadlines(ctx)]);
  expect(a.fired + b.fired).toBe(due);
  expect(a.warnings + b.warnings + a.overdue + b.overdue + a.skipped + b.skipped).toBe(due);
  expect(await dueNow()).toBe(0);
  for (const o of orders) {
    const s = await t.db.query<{ kind: string }>('select kind from supervisions where order_id = $1 order by id', [o.id]);
    expect(s.rows.map((x) => x.kind).sort()).toEqual(['overdue', 'warning']);
    const e = await t.db.query<{ n: number }>(`select count(*)::int as n from work_order_events where order_id = $1 and type = 'work_order.supervised'`, [o.id]);
    expect(e.rows[0].n).toBe(2);
  }
});

it('a timer left on a closed order is skipped: marked fired, the order untouched', async () => {
  const o = await orderAt(t, 'closed');
  await sweep();
  const before = await snapshot(t, o.id);
  await t.db.query(`insert into deadlines(order_id, stage, kind, fire_at) values ($1, 'feedback', 'due', $2)`, [o.id, t.now()]);
  expect((await sweep()).body).toEqual({ fired: 1, warnings: 0, overdue: 0, skipped: 1 });
  expect(await snapshot(t, o.id)).toEqual(before);
  expect((await detail(o.id)).supervisions).toEqual([]);
  const left = (await timers(o.id)).filter((x) => !x.cancelled);
  expect(left).toHaveLength(1);
  expect(left[0].fired_at).not.toBeNull();
  expect((await sweep()).body.fired).toBe(0);
});

// Commands lock the order and then its timers; the sweep must not take them the other way round.
it('a sweep firing a timer while a user acts on that order does not deadlock', async () => {
  const o = await orderAt(t, 'escalated');
  t.advance(6 * DAY); // the feedback warning (at 80% of 7 days) is due
  const waitingOn = async (like: string) => {
    for (let i = 0; i < 250; i++) {
      const r = await t.db.query<{ n: number }>(
        `select count(*)::int as n from pg_stat_activity where datname = current_database() and wait_event_type = 'Lock' and query like $1`, [like],
      );
      if (r.rows[0].n > 0) return;
      await new Promise((res) => setTimeout(res, 20));
    }
    throw new Error(`nothing waited on ${like}`);
  };
  let reassign: Promise<any> | undefined;
  let swept: Promise<any> | undefined;
  const ctx = await t.ctxAs('supervisor');
  const chengguan = await t.unitId(DEMO.departments.chengguan);
  await t.db.transaction(async (tx) => {
    await tx.query('select 1 from work_order_assignments where order_id = $1 for update', [o.id]);
    reassign = t.post(`/api/work-orders/${o.id}/reassign`, { version: o.version, leadUnitId: chengguan, note: '改派城管' }, 'district');
    await waitingOn('update work_order_assignments%');
    swept = sweepDeadlines(ctx);
    await Promise.race([waitingOn('select * from work_orders where id = $1 for update%'), swept]);
  });
  const [r, s] = await Promise.allSettled([reassign!, swept!]);
  expect(r.status === 'fulfilled' && r.value.status).toBe(200);
  expect(s.status, String((s as PromiseRejectedResult).reason)).toBe('fulfilled');
});

describe('SLA policy versions', () => {
  it('a new version applies to orders received from then on; earlier orders keep theirs', async () => {
    const old = await detail((await intake(t)).id);
    const shorter = rules((r) => (r.urgency === 'general' && r.stage === 'dispatch' ? { amount: 12, unit: 'hours' } : r.urgency === 'general' && r.stage === 'feedback' ? { amount: 5, unit: 'days' } : null));
    expectError(await publish('不该发布', shorter, 'dispatcher'), 403, 'forbidden');
    const incomplete = await publish('缺项', shorter.filter((r) => !(r.urgency === 'complex' && r.stage === 'sign')));
    expectError(incomplete, 400, 'validation_failed');
    expect(incomplete.body.details.missing).toEqual(['complex/sign']);

    t.advance(HOUR);
    const v2 = await publish('缩短派单时限', shorter);
    expect(v2.status).toBe(201);
    const fresh = await detail((await intake(t)).id);
    expect(ms(fresh.due.dispatch)).toBe(t.now().getTime() + 12 * HOUR);
    expect(ms((await detail(old.id)).due.dispatch)).toBe(ms(old.times.receivedAt) + 24 * HOUR);
    const ids = await t.db.query<{ id: number; sla_policy_id: number }>('select id, sla_policy_id from work_orders where id = any($1::bigint[]) order by id', [[old.id, fresh.id]]);
    expect(ids.rows[1].sla_policy_id).toBe(v2.body.id);
    expect(ids.rows[0].sla_policy_id).not.toBe(v2.body.id);

    // Dispatch counts by the order's own version too.
    const dOld = await actOk(t, old.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.streets.donghuamen) }, 'dispatcher');
    const dNew = await actOk(t, fresh.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.streets.donghuamen) }, 'dispatcher');
    expect(ms(dOld.due.feedback)).toBe(t.now().getTime() + 7 * DAY);
    expect(ms(dNew.due.feedback)).toBe(t.now().getTime() + 5 * DAY);
    const list = (await t.get('/api/sla-policies', 'agent')).body.items;
    expect(list.at(-1)).toMatchObject({ id: v2.body.id, valid_to: null });
    expect(ms(list.at(-2).valid_to)).toBe(ms(v2.body.valid_from));
  });

  it('a working-day policy skips the National Day holiday and counts the make-up Saturday', async () => {
    t.clock.t = ms('2026-09-30T02:00:00Z'); // Wednesday 30 September 2026, 10:00 in Shanghai
    const v = await publish('工作日时限', rules((r) => (r.urgency === 'general' && r.stage === 'feedback' ? { amount: 5, unit: 'working_days' } : null)));
    expect(v.status).toBe(201);
    const o = await intake(t);
    const d = await actOk(t, o.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.streets.donghuamen) }, 'dispatcher');
    // The day of dispatch does not count. 10/1–10/7 are holidays; working days: Thu 10/8 (1),
    // Fri 10/9 (2), make-up Sat 10/10 (3), Mon 10/12 (4), Tue 10/13 (5); due at 24:00 of 10/13,
    // i.e. 2026-10-14 00:00 in Shanghai = 2026-10-13 16:00 UTC.
    expect(d.due.feedback).toBe('2026-10-13T16:00:00.000Z');
    // An extension is counted in working days too: Wed 10/14 (1), Thu 10/15 (2) → 10/16 00:00 Shanghai.
    await actOk(t, o.id, 'sign', {}, 'donghuamen');
    await actOk(t, o.id, 'request_extension', { reason: '节后协调', days: 2, requesterInformed: true }, 'donghuamen');
    const e = await actOk(t, o.id, 'decide_extension', { approve: true }, 'supervisor');
    expect(e.extensions[0].duration).toEqual({ amount: 2, unit: 'working_days' });
    expect(e.due.feedback).toBe('2026-10-15T16:00:00.000Z');
  });
});

describe('calendar', () => {
  it('marks make-up working days and holidays', async () => {
    const r = await t.get('/api/calendar/2026', 'agent');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ year: 2026, hasData: true });
    expect(r.body.days).toHaveLength(365);
    const day = (date: string) => r.body.days.find((x: any) => x.date === date);
    expect(day('2026-02-14')).toMatchObject({ working: true, kind: 'makeup' }); // a Saturday
    expect(day('2026-02-16')).toMatchObject({ working: false, kind: 'holiday', name: '春节' });
    expect(day('2026-03-07')).toMatchObject({ working: false, kind: 'weekend' });
    expect(day('2026-03-09')).toMatchObject({ working: true, kind: 'workday' });
  });

  it('an administrator adds a holiday, which due times honour at once; others may not', async () => {
    const put = (body: unknown, as: string) => t.call('PUT', '/api/calendar/days', body, as);
    const nov2 = async () => (await t.get('/api/calendar/2026', 'agent')).body.days.find((x: any) => x.date === '2026-11-02');
    expectError(await put({ date: '2026-11-02', kind: 'holiday', name: '测试假日' }, 'dispatcher'), 403, 'forbidden');
    expect(await nov2()).toMatchObject({ working: true, kind: 'workday' });
    expectError(await put({ date: '2026-11-03', kind: 'workday', name: '周二不能调休' }, 'admin'), 400, 'validation_failed');

    t.clock.t = ms('2026-10-30T02:00:00Z'); // Friday; the working-day policy above is in force
    const dispatchNow = async () => {
      const o = await intake(t);
      return (await actOk(t, o.id, 'dispatch', { leadUnitId: await t.unitId(DEMO.streets.donghuamen) }, 'dispatcher')).due.feedback;
    };
    expect(await dispatchNow()).toBe('2026-11-06T16:00:00.000Z'); // 11/2–11/6 → 11/7 00:00 Shanghai
    expect((await put({ date: '2026-11-02', kind: 'holiday', name: '测试假日' }, 'admin')).body).toEqual({ ok: true });
    expect(await nov2()).toMatchObject({ working: false, kind: 'holiday', name: '测试假日' });
    expect(await dispatchNow()).toBe('2026-11-09T16:00:00.000Z'); // 11/3–11/6, 11/9 → 11/10 00:00 Shanghai
    expect((await put({ date: '2026-11-02', kind: 'normal' }, 'admin')).status).toBe(200);
    expect(await nov2()).toMatchObject({ working: true, kind: 'workday' });
  });

  it('an impossible date → 400 validation_failed, not 500', async () => {
    const before = await t.db.query('select count(*)::int as n from calendar_days');
    for (const date of ['2026-02-30', '2026-13-01']) {
      expectError(await t.call('PUT', '/api/calendar/days', { date, kind: 'holiday', name: '无效' }, 'admin'), 400, 'validation_failed');
    }
    expect((await t.db.query('select count(*)::int as n from calendar_days')).rows).toEqual(before.rows);
  });
});
