import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { intake } from '../support/factories.ts';
import { sweepAll } from '../../src/server/modules/deadlines/deadline-sweep.ts';
import {
  registerDeadlineHandler, scheduleTimers, unregisterDeadlineHandler, type DeadlineHandler,
} from '../../src/server/modules/deadlines/deadline-handlers.ts';

// A second subject kind beside work orders: "probes", whose handler records each firing in a
// table with the timer id as primary key, so a timer fired twice would fail the insert.
let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  await t.db.exec(`create table probes (id bigserial primary key, note text);
                   create table probe_firings (deadline_id bigint primary key, probe_id bigint not null, kind text not null)`);
});
afterAll(() => t.close());
afterEach(() => unregisterDeadlineHandler('probe'));

let failNext = false;
const probeHandler = (batchSize = 50): DeadlineHandler => ({
  subjectKind: 'probe',
  lock: { join: 'join probes p on p.id = d.subject_id', of: ['p'] },
  batchSize,
  async fire(tx, _ctx, rows) {
    await tx.query(
      `insert into probe_firings(deadline_id, probe_id, kind) select * from unnest($1::bigint[], $2::bigint[], $3::text[])`,
      [rows.map((r) => r.id), rows.map((r) => r.subject_id), rows.map((r) => r.kind)],
    );
    if (failNext) {
      failNext = false;
      throw new Error('crash in the middle of a batch');
    }
    return rows.map((r) => r.kind);
  },
});

async function probes(n: number, fireAt: Date): Promise<number[]> {
  const ids = (await t.db.query<{ id: number }>(`insert into probes(note) select 'p' || g from generate_series(1, $1) g returning id`, [n])).rows.map((r) => r.id);
  await scheduleTimers(t.db, 'probe', ids.flatMap((id) => [
    { subjectId: id, stage: 'probe', kind: 'warn' as const, fireAt },
    { subjectId: id, stage: 'probe', kind: 'due' as const, fireAt },
  ]));
  return ids;
}
const firings = async () => (await t.db.query<{ n: number }>('select count(*)::int as n from probe_firings')).rows[0].n;
const pendingProbes = async () =>
  (await t.db.query<{ n: number }>(`select count(*)::int as n from deadlines where subject_kind = 'probe' and fired_at is null and not cancelled`)).rows[0].n;

it('a second subject kind is swept by its own handler beside work orders, a backlog drained in one run', async () => {
  registerDeadlineHandler(probeHandler());
  const order = await intake(t);
  await probes(700, t.now()); // 1,400 timers: well past any per-run cap
  t.advance(25 * 3600_000);
  const ctx = await t.ctxAs('supervisor');
  const r = await sweepAll(ctx);
  expect(r.byKind.probe).toEqual({ fired: 1400, warnings: 700, overdue: 700, skipped: 0 });
  expect(r.byKind.work_order.fired).toBeGreaterThanOrEqual(2);
  expect(r.batches).toBeGreaterThanOrEqual(28);
  expect(r.stillDue).toBe(0);
  expect(await firings()).toBe(1400);
  const sup = await t.db.query<{ kind: string }>('select kind from supervisions where order_id = $1 order by id', [order.id]);
  expect(sup.rows.map((x) => x.kind)).toEqual(['warning', 'overdue']);
  expect((await sweepAll(ctx)).fired).toBe(0);
});

it('timers of a kind with no handler are left pending and reported as still due', async () => {
  await probes(3, t.now());
  const r = await sweepAll(await t.ctxAs('supervisor'));
  expect(r.byKind.probe).toBeUndefined();
  expect(r.stillDue).toBe(6);
  registerDeadlineHandler(probeHandler());
  expect((await sweepAll(await t.ctxAs('supervisor'))).byKind.probe.fired).toBe(6);
});

it('a crash in a batch rolls back its claim and firings; the next sweep (a restart) fires them once', async () => {
  registerDeadlineHandler(probeHandler(10));
  const before = await firings();
  await probes(15, t.now());
  failNext = true;
  await expect(sweepAll(await t.ctxAs('supervisor'))).rejects.toThrow('crash');
  expect(await firings()).toBe(before);
  expect(await pendingProbes()).toBe(30);
  const r = await sweepAll(await t.ctxAs('supervisor'));
  expect(r.byKind.probe.fired).toBe(30);
  expect(await firings()).toBe(before + 30);
  expect(await pendingProbes()).toBe(0);
});

it('several sweepers at once fire every due timer exactly once', async () => {
  registerDeadlineHandler(probeHandler(25));
  const before = await firings();
  await probes(600, t.now());
  const ctx = await t.ctxAs('supervisor');
  const runs = await Promise.all([sweepAll(ctx), sweepAll(ctx), sweepAll(ctx), sweepAll(ctx)]);
  expect(runs.reduce((s, r) => s + (r.byKind.probe?.fired ?? 0), 0)).toBe(1200);
  expect(await firings()).toBe(before + 1200);
  expect(await pendingProbes()).toBe(0);
});

it('a subject someone holds locked is skipped, not waited for, and swept once it is free', async () => {
  registerDeadlineHandler(probeHandler());
  const [busy, free] = await probes(2, t.now());
  const ctx = await t.ctxAs('supervisor');
  let during: Awaited<ReturnType<typeof sweepAll>> | undefined;
  await t.db.transaction(async (tx) => {
    await tx.query('select 1 from probes where id = $1 for update', [busy]);
    during = await sweepAll(ctx);
  });
  {
    expect(during!.byKind.probe.fired).toBe(2);
    expect(during!.stillDue).toBe(2);
    const fired = await t.db.query<{ probe_id: number }>('select distinct probe_id from probe_firings where probe_id = any($1::bigint[])', [[busy, free]]);
    expect(fired.rows.map((r) => Number(r.probe_id))).toEqual([free]);
  }
  await sweepAll(ctx);
  expect(await pendingProbes()).toBe(0);
});
