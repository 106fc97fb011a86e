import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';

/** A timer as the sweep claimed it. */
export type ClaimedDeadline = { id: number; subject_kind: string; subject_id: number; stage: string; kind: 'warn' | 'due'; fire_at: Date };

/** What firing one timer came to: a warning or an overdue mark, or nothing to do (the subject moved on). */
export type FireOutcome = 'warn' | 'due' | 'skipped';

/**
 * How one kind of subject reacts to its timers. The sweep claims a batch of due rows of the kind,
 * marks them fired and calls `fire` in the same transaction, so the reaction and the mark commit or
 * roll back together.
 */
export type DeadlineHandler = {
  subjectKind: string;
  /**
   * Rows locked with the timer (`join … on … = d.subject_id`, and the aliases for `for update of`).
   * Commands lock their subject and then its timers; a sweep holding a timer while waiting for the
   * subject would deadlock with them, so the claim takes both at once and skips what is busy.
   */
  lock?: { join: string; of: string[] };
  /** Rows per claim; set-based handlers take large batches, row-by-row ones smaller. */
  batchSize?: number;
  /** Batches claimed at once on separate connections; for set-based handlers whose batches are large (default 1). */
  lanes?: number;
  fire(tx: Queryable, ctx: Ctx, rows: ClaimedDeadline[]): Promise<FireOutcome[]>;
};

const HANDLERS = new Map<string, DeadlineHandler>();

/** Registers (or replaces) the handler of a subject kind. */
export function registerDeadlineHandler(h: DeadlineHandler): void {
  HANDLERS.set(h.subjectKind, h);
}

export function unregisterDeadlineHandler(subjectKind: string): void {
  HANDLERS.delete(subjectKind);
}

export function deadlineHandlers(): DeadlineHandler[] {
  return [...HANDLERS.values()];
}

export type TimerInput = { subjectId: number; stage: string; kind: 'warn' | 'due'; fireAt: Date };

/** Stores timers for subjects of one kind in one statement. */
export async function scheduleTimers(q: Queryable, subjectKind: string, timers: TimerInput[]): Promise<void> {
  if (!timers.length) return;
  await q.query(
    `insert into deadlines(subject_kind, subject_id, order_id, stage, kind, fire_at)
     select $1, t.subject_id, case when $1 = 'work_order' then t.subject_id end, t.stage, t.kind, t.fire_at
       from unnest($2::bigint[], $3::text[], $4::text[], $5::timestamptz[]) as t(subject_id, stage, kind, fire_at)`,
    [subjectKind, timers.map((t) => t.subjectId), timers.map((t) => t.stage), timers.map((t) => t.kind), timers.map((t) => t.fireAt)],
  );
}

/** Cancels the pending timers of the subjects (optionally only some stages). */
export async function cancelTimers(q: Queryable, subjectKind: string, subjectIds: number[], stages?: string[]): Promise<void> {
  await q.query(
    `update deadlines set cancelled = true
      where subject_kind = $1 and subject_id = any($2::bigint[]) and ($3::text[] is null or stage = any($3::text[]))
        and fired_at is null and not cancelled`,
    [subjectKind, subjectIds, stages ?? null],
  );
}
