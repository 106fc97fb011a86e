import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { loadPolicies, loadUnitKinds, rejudgeOrders } from './evaluation-rollups.ts';
import type { CheckpointRow } from './evaluation-tables.ts';
import { resumeRejudge } from './rejudge-jobs.ts';
import { syncPlaces } from './kept-counts.ts';
import { everyTick, logIdle, readPastCheckpoint } from '../../lib/event-log-reader.ts';

/**
 * Keeps the rollups current by reading `work_order_events` past a checkpoint that is stored with
 * them, so a restart resumes where the last committed batch ended. The kept places of every order
 * an event touches are restated from work_orders (kept-counts.ts). Every event type that can change
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

/** One batch; the gap rule is the log reader's (readPastCheckpoint). */
export async function consumeBatch(ctx: Ctx, limit = 2000): Promise<BatchResult> {
  return ctx.db.transaction(async (tx) => consumeIn(tx, ctx, await lockCheckpoint(tx), limit));
}

export type BatchResult = { events: number; orders: number; more: boolean };

/** One batch inside a transaction that already holds the checkpoint lock. */
export async function consumeIn(tx: Queryable, ctx: Ctx, cp: CheckpointRow, limit = 2000): Promise<BatchResult> {
  const read = await readPastCheckpoint(tx, cp, limit);
  // Any event may come with a change of an order's place (intake, recategorisation, re-routing, a
  // merge…): the kept places of every touched order are restated before the results are rewritten.
  await syncPlaces(tx, [...new Set(read.taken.map((e) => Number(e.order_id)))].sort((a, b) => a - b));
  const orderIds = [...new Set(read.taken.filter((e) => RELEVANT_EVENTS.includes(e.type)).map((e) => e.order_id))];
  if (orderIds.length) await rejudgeOrders(tx, orderIds, await loadPolicies(tx), await loadUnitKinds(tx));
  if (read.changed) {
    await tx.query('update evaluation_checkpoints set last_event_id = $2, gap_xmax = $3, updated_at = $4 where name = $1', [
      CHECKPOINT, read.checkpoint.last_event_id, read.checkpoint.gap_xmax, ctx.now(),
    ]);
  }
  return { events: read.taken.length, orders: orderIds.length, more: read.more };
}

/**
 * Reads up to the end of the log before a score or ranking is answered. A gap still held open by a
 * running transaction is left for the timer; its events are at most one tick late.
 */
export async function catchUp(ctx: Ctx, maxBatches = 50): Promise<number> {
  // Reads far outnumber events: when nothing is new, answer without taking the checkpoint lock.
  // max(id) is one step down the primary key, however long the log.
  if (await logIdle(ctx.db, 'select * from evaluation_checkpoints where name = $1', [CHECKPOINT])) return 0;
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
  return everyTick(ctx.log, 'evaluation consumer', everyMs, async () => {
    const n = await catchUp(ctx);
    if (n) ctx.log.info('evaluation rollups updated', { events: n });
    // A policy edit's re-judging left unfinished (a restart) goes on a few batches per tick.
    const job = await resumeRejudge(ctx);
    if (job) ctx.log.info('evaluation re-judging', { job: job.id, done: job.done, total: job.total });
  });
}
