import { afterAll, beforeAll, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../support/test-app.ts';
import { DEMO } from '../support/factories.ts';
import { calledBack, SAT, score } from '../support/evaluation-factories.ts';
import { consumeBatch } from '../../src/server/modules/evaluation/evaluation-consumer.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(() => t.close());

const checkpoint = async () =>
  (await t.db.query<{ last_event_id: number; gap_xmax: string | null }>(`select last_event_id, gap_xmax from evaluation_checkpoints where name = 'rollups'`)).rows[0];
const lastEventId = async () => Number((await t.db.query<{ id: number }>('select max(id) as id from work_order_events')).rows[0].id);

it('the checkpoint is stored with the rollups: a new process resumes after the last committed batch', async () => {
  const ctx = await t.ctxAs('supervisor');
  await calledBack(t, DEMO.streets.donghuamen, SAT);
  const before = Number((await checkpoint()).last_event_id);
  const r = await consumeBatch(ctx, 3);
  expect(r.events).toBe(3);
  expect(Number((await checkpoint()).last_event_id)).toBe(before + 3);
  // "Restart": a fresh context over the same database reads on from the stored checkpoint.
  const again = await t.ctxAs('callback');
  while ((await consumeBatch(again, 2)).events > 0);
  expect(Number((await checkpoint()).last_event_id)).toBe(await lastEventId());
  expect((await score(t, DEMO.streets.donghuamen, new Date(t.now().getTime() + 8 * 3600_000).toISOString().slice(0, 7))).validCallbacks).toBe(1);
});

it('an id gap (a rolled-back insert) holds the consumer until no older transaction runs, then is passed', async () => {
  const ctx = await t.ctxAs('supervisor');
  while ((await consumeBatch(ctx)).events > 0);
  await t.db.query(`select nextval(pg_get_serial_sequence('work_order_events', 'id'))`);
  await calledBack(t, DEMO.streets.donghuamen, SAT);
  const first = await consumeBatch(ctx);
  expect(first.events).toBe(0);
  expect((await checkpoint()).gap_xmax).not.toBeNull();
  // Nothing else runs on this database, so the next batch finds the gap closed and reads on.
  while ((await consumeBatch(ctx)).events > 0);
  const cp = await checkpoint();
  expect(Number(cp.last_event_id)).toBe(await lastEventId());
  expect(cp.gap_xmax).toBeNull();
});
