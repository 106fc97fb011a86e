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

/**
 * One batch of a consumer whose checkpoint is a row of analysis_checkpoints, in its own
 * transaction: the events past it, `apply` given their orders, the checkpoint moved with them.
 */
export async function consumeAnalysisLog(db: Db, name: string, now: Date, limit: number, apply: (tx: Queryable, ids: number[]) => Promise<void>): Promise<{ events: number; more: boolean }> {
  return db.transaction(async (tx) => {
    const cp = (await tx.query<LogCheckpoint>('select last_event_id, gap_xmax from analysis_checkpoints where name = $1 for update', [name])).rows[0];
    const read = await readPastCheckpoint(tx, cp, limit);
    const ids = [...new Set(read.taken.map((e) => Number(e.order_id)))].sort((a, b) => a - b);
    if (ids.length) await apply(tx, ids);
    if (read.changed) {
      await tx.query('update analysis_checkpoints set last_event_id = $2, gap_xmax = $3, updated_at = $4 where name = $1', [
        name, read.checkpoint.last_event_id, read.checkpoint.gap_xmax, now,
      ]);
    }
    return { events: read.taken.length, more: read.more };
  });
}

/**
 * Reads up to the end of the log; when nothing is new, without taking the checkpoint lock. False
 * when the log is still longer than `maxBatches` (a bulk load not yet consumed, which the timer
 * works through): the caller then answers from the orders themselves, so a read never waits long
 * behind a backlog.
 */
export async function catchUpAnalysisLog(db: Db, name: string, maxBatches: number, batch: () => Promise<{ events: number; more: boolean }>): Promise<boolean> {
  if (await logIdle(db, 'select * from analysis_checkpoints where name = $1', [name])) return true;
  for (let i = 0; i < maxBatches; i++) {
    const r = await batch();
    // A gap held open by a running transaction is left for the timer, as the evaluation consumer
    // does: the events behind it are at most one tick late.
    if (!r.more || r.events === 0) return true;
  }
  return false;
}

/** One batch in its own transaction: the events past the checkpoint, their orders re-counted. */
export async function consumeAnalysisBatch(db: Db, now: Date, limit = 5000): Promise<{ events: number; more: boolean }> {
  return consumeAnalysisLog(db, CHECKPOINT, now, limit, async (tx, ids) => {
    await tx.query('select analysis_counts_apply($1::bigint[])', [ids]);
  });
}

/** The daily counts caught up before counts are answered (see catchUpAnalysisLog). */
export async function catchUpAnalysis(db: Db, now: Date, maxBatches = 4): Promise<boolean> {
  return catchUpAnalysisLog(db, CHECKPOINT, maxBatches, () => consumeAnalysisBatch(db, now));
}

/** Counts from scratch (bulk loaders, benches); run with no concurrent writers. */
export async function rebuildAnalysisCounts(q: Queryable): Promise<void> {
  await q.query('select analysis_counts_rebuild()');
}

/** Runs the consumer on a timer until stopped; errors are logged and the next tick tries again. */
export function startAnalysisConsumer(ctx: Ctx, everyMs: number): () => Promise<void> {
  return everyTick(ctx.log, 'analysis consumer', everyMs, () => catchUpAnalysis(ctx.db, ctx.now(), 50));
}
