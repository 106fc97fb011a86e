import type { Db, Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { everyTick, logIdle, readPastCheckpoint, type LogCheckpoint } from '../../lib/event-log-reader.ts';

/**
 * Keeps analysis_daily_counts (migration 0024) current from `work_order_events`, the way the
 * evaluation rollups are kept: a checkpoint stored with the counts, so a restart resumes where the
 * last committed batch ended; every event re-reads its order (place, category, channel, type, time
 * and who may see it) and moves the counts by the difference, so a replayed event is harmless.
 */

const CHECKPOINT = 'counts';

async function lockCheckpoint(tx: Queryable): Promise<LogCheckpoint> {
  return (await tx.query<LogCheckpoint>('select last_event_id, gap_xmax from analysis_checkpoints where name = $1 for update', [CHECKPOINT])).rows[0];
}

/** One batch in its own transaction: the events past the checkpoint, their orders re-counted. */
export async function consumeAnalysisBatch(db: Db, now: Date, limit = 5000): Promise<{ events: number; more: boolean }> {
  return db.transaction(async (tx) => {
    const read = await readPastCheckpoint(tx, await lockCheckpoint(tx), limit);
    const ids = [...new Set(read.taken.map((e) => Number(e.order_id)))].sort((a, b) => a - b);
    if (ids.length) await tx.query('select analysis_counts_apply($1::bigint[])', [ids]);
    if (read.changed) {
      await tx.query('update analysis_checkpoints set last_event_id = $2, gap_xmax = $3, updated_at = $4 where name = $1', [
        CHECKPOINT, read.checkpoint.last_event_id, read.checkpoint.gap_xmax, now,
      ]);
    }
    return { events: read.taken.length, more: read.more };
  });
}

/**
 * Reads up to the end of the log before counts are answered; when nothing is new, without taking
 * the checkpoint lock. False when the log is still longer than `maxBatches` (a bulk load not yet
 * consumed, which the timer works through): the caller then counts from the orders themselves,
 * so a read never waits long behind a backlog.
 */
export async function catchUpAnalysis(db: Db, now: Date, maxBatches = 4): Promise<boolean> {
  if (await logIdle(db, 'select * from analysis_checkpoints where name = $1', [CHECKPOINT])) return true;
  for (let i = 0; i < maxBatches; i++) {
    const r = await consumeAnalysisBatch(db, now);
    // A gap held open by a running transaction is left for the timer, as the evaluation consumer
    // does: the events behind it are at most one tick late.
    if (!r.more || r.events === 0) return true;
  }
  return false;
}

/** Counts from scratch (bulk loaders, benches); run with no concurrent writers. */
export async function rebuildAnalysisCounts(q: Queryable): Promise<void> {
  await q.query('select analysis_counts_rebuild()');
}

/** Runs the consumer on a timer until stopped; errors are logged and the next tick tries again. */
export function startAnalysisConsumer(ctx: Ctx, everyMs: number): () => Promise<void> {
  return everyTick(ctx.log, 'analysis consumer', everyMs, () => catchUpAnalysis(ctx.db, ctx.now(), 50));
}
