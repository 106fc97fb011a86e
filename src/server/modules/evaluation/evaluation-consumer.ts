import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { loadPolicies, loadUnitKinds, rejudgeOrders } from './evaluation-rollups.ts';
import type { CheckpointRow } from './evaluation-tables.ts';
import { resumeRejudge } from './rejudge-jobs.ts';

/**
 * Keeps the rollups current by reading `work_order_events` past a checkpoint that is stored with
 * them, so a restart resumes where the last committed batch ended. Every event type that can change
 * what an order counts for re-judges that order from its whole history, which makes replaying an
 * event harmless.
 */

export const RELEVANT_EVENTS = [
  'work_order.called_back',
  'work_order.exclusion_decided',
  'work_order.merged',
  'work_order.merge_absorbed',
  'work_order.declined',
];

const CHECKPOINT = 'rollups';

/** Locks the checkpoint row: the consumer, appeals and recomputation take it, so they never interleave. */
export async function lockCheckpoint(tx: Queryable): Promise<CheckpointRow> {
  return (await tx.query<CheckpointRow>('select * from evaluation_checkpoints where name = $1 for update', [CHECKPOINT])).rows[0];
}

/**
 * One batch. Ids are handed out before commit, so on a server an id below a committed one can
 * still be in flight: the batch stops at the first gap and remembers the snapshot's xmax; the gap is
 * passed over only once every transaction older than that has ended (a rolled-back insert).
 */
export async function consumeBatch(ctx: Ctx, limit = 2000): Promise<BatchResult> {
  return ctx.db.transaction(async (tx) => consumeIn(tx, ctx, await lockCheckpoint(tx), limit));
}

export type BatchResult = { events: number; orders: number; more: boolean };

/** One batch inside a transaction that already holds the checkpoint lock. */
export async function consumeIn(tx: Queryable, ctx: Ctx, cp: CheckpointRow, limit = 2000): Promise<BatchResult> {
  let gapClosed = false;
  if (cp.gap_xmax) {
    const open = await tx.query<{ n: number }>(
      'select count(*)::int as n from pg_snapshot_xip(pg_current_snapshot()) x where x < $1::xid8',
      [cp.gap_xmax],
    );
    gapClosed = open.rows[0].n === 0;
  }
  const events = (
    await tx.query<{ id: number; order_id: number; type: string }>(
      'select id, order_id, type from work_order_events where id > $1 order by id limit $2',
      [cp.last_event_id, limit],
    )
  ).rows;
  let last = cp.last_event_id;
  const taken: typeof events = [];
  for (const e of events) {
    if (e.id !== last + 1 && !(gapClosed && taken.length === 0)) break;
    taken.push(e);
    last = e.id;
  }
  const gapAhead = taken.length < events.length;
  const orderIds = [...new Set(taken.filter((e) => RELEVANT_EVENTS.includes(e.type)).map((e) => e.order_id))];
  if (orderIds.length) await rejudgeOrders(tx, orderIds, await loadPolicies(tx), await loadUnitKinds(tx));
  // Still waiting at the same gap: keep the old mark. A new gap (after progress) gets a fresh one.
  const waitingSame = !!cp.gap_xmax && !gapClosed && taken.length === 0;
  let gapXmax: string | null = null;
  if (gapAhead) {
    gapXmax = waitingSame ? cp.gap_xmax : (await tx.query<{ x: string }>('select pg_snapshot_xmax(pg_current_snapshot())::text as x')).rows[0].x;
  }
  if (taken.length || gapXmax !== cp.gap_xmax) {
    await tx.query('update evaluation_checkpoints set last_event_id = $2, gap_xmax = $3, updated_at = $4 where name = $1', [
      CHECKPOINT, last, gapXmax, ctx.now(),
    ]);
  }
  return { events: taken.length, orders: orderIds.length, more: taken.length === limit || gapAhead };
}

/**
 * Reads up to the end of the log before a score or ranking is answered. A gap still held open by a
 * running transaction is left for the timer; its events are at most one tick late.
 */
export async function catchUp(ctx: Ctx, maxBatches = 50): Promise<number> {
  // Reads far outnumber events: when nothing is new, answer without taking the checkpoint lock.
  // max(id) is one step down the primary key, however long the log.
  const idle = await ctx.db.query<{ idle: boolean }>(
    `select c.gap_xmax is null and coalesce((select max(id) from work_order_events), 0) <= c.last_event_id as idle
       from evaluation_checkpoints c where c.name = $1`,
    [CHECKPOINT],
  );
  if (idle.rows[0]?.idle) return 0;
  let total = 0;
  for (let i = 0; i < maxBatches; i++) {
    const r = await consumeBatch(ctx);
    total += r.events;
    if (!r.more || (r.events === 0 && i > 0)) break;
  }
  return total;
}

/** Runs the consumer on a timer until stopped; errors are logged and the next tick tries again. */
export function startEvaluationConsumer(ctx: Ctx, everyMs: number): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running = catchUp(ctx)
      .then(async (n) => {
        if (n) ctx.log.info('evaluation rollups updated', { events: n });
        // A policy edit's re-judging left unfinished (a restart) goes on a few batches per tick.
        const job = await resumeRejudge(ctx);
        if (job) ctx.log.info('evaluation re-judging', { job: job.id, done: job.done, total: job.total });
      })
      .catch((e: unknown) => ctx.log.error('evaluation consumer failed', { error: (e as Error).message }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, everyMs);
      });
  };
  let timer = setTimeout(tick, everyMs);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
