import type { Ctx } from '../../lib/ctx.ts';
import { deadlineHandlers, type ClaimedDeadline, type DeadlineHandler } from './deadline-handlers.ts';
import './handlers-in-use.ts';

export { SYSTEM_ACTOR } from './work-order-deadlines.ts';

export type SweepResult = { fired: number; warnings: number; overdue: number; skipped: number };
export type SweepReport = SweepResult & {
  batches: number;
  byKind: Record<string, SweepResult>;
  /** Due timers still pending when the sweep stopped: held by another sweeper or a command, or of a kind nobody handles. */
  stillDue: number;
};

const zero = (): SweepResult => ({ fired: 0, warnings: 0, overdue: 0, skipped: 0 });
const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Fires every timer that is due, in batches per subject kind until nothing is due. Each batch is
 * one transaction: the claim (`FOR UPDATE … SKIP LOCKED`, with whatever the handler locks), the
 * `fired_at` marks and the handler's reaction commit together, so a crash re-fires nothing that
 * committed and loses nothing that did not, and several processes can sweep at once without
 * firing a timer twice. Between batches the sweep yields, so a backlog does not starve requests.
 */
export async function sweepAll(ctx: Ctx, opts: { shouldStop?: () => boolean } = {}): Promise<SweepReport> {
  const report: SweepReport = { ...zero(), batches: 0, byKind: {}, stillDue: 0 };
  const handlers = deadlineHandlers();
  for (;;) {
    let progressed = false;
    for (const h of handlers) {
      // Set-based handlers may drain on several connections at once: each lane claims its own batch
      // (SKIP LOCKED keeps them apart), so the database's cores share a backlog.
      const lanes = Math.max(1, h.lanes ?? 1);
      const moved = await Promise.all(Array.from({ length: lanes }, () => fireBatch(ctx, h, report)));
      if (moved.some(Boolean)) progressed = true;
    }
    if (!progressed || opts.shouldStop?.()) break;
  }
  report.stillDue = (
    await ctx.db.query<{ n: number }>('select count(*)::int as n from deadlines where fired_at is null and not cancelled and fire_at <= $1', [ctx.now()])
  ).rows[0].n;
  return report;
}

/** Claims and fires one batch of a kind in one transaction; false when nothing of it was due and free. */
async function fireBatch(ctx: Ctx, h: DeadlineHandler, report: SweepReport): Promise<boolean> {
  const outcomes = await ctx.db.transaction(async (tx) => {
    const rows = await claim(tx, ctx.now(), h);
    return rows.length ? h.fire(tx, ctx, rows) : [];
  });
  if (!outcomes.length) return false;
  report.batches++;
  const k = (report.byKind[h.subjectKind] ??= zero());
  for (const o of outcomes) {
    for (const r of [report, k]) {
      r.fired++;
      if (o === 'warn') r.warnings++;
      else if (o === 'due') r.overdue++;
      else r.skipped++;
    }
  }
  await yieldToOthers();
  return true;
}

async function claim(tx: import('../../db/client.ts').Queryable, now: Date, h: DeadlineHandler): Promise<ClaimedDeadline[]> {
  const of = ['d', ...(h.lock?.of ?? [])].join(', ');
  // Claimed and marked fired in one statement.
  return (
    await tx.query<ClaimedDeadline>(
      `with c as (
         select d.id, d.subject_kind, d.subject_id, d.stage, d.kind, d.fire_at from deadlines d ${h.lock?.join ?? ''}
          where d.subject_kind = $1 and d.fired_at is null and not d.cancelled and d.fire_at <= $2
          order by d.fire_at, d.id limit $3 for update of ${of} skip locked),
       m as (update deadlines set fired_at = $2 from c where deadlines.id = c.id)
       select * from c order by fire_at, id`,
      [h.subjectKind, now, h.batchSize ?? 500],
    )
  ).rows;
}

/** The sweep's totals, as the HTTP endpoint and the timer report them. */
export async function sweepDeadlines(ctx: Ctx): Promise<SweepResult> {
  const { fired, warnings, overdue, skipped } = await sweepAll(ctx);
  return { fired, warnings, overdue, skipped };
}

/** Runs the sweep on a timer until stopped; errors are logged and the next tick tries again. */
export function startSweeper(ctx: Ctx, everyMs: number): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running = sweepAll(ctx, { shouldStop: () => stopped })
      .then((r) => {
        if (r.fired) ctx.log.info('deadlines swept', r);
      })
      .catch((e: unknown) => ctx.log.error('deadline sweep failed', { error: String(e) }))
      .finally(() => {
        if (!stopped) timer = setTimeout(tick, everyMs);
      });
  };
  let timer = setTimeout(tick, 50);
  return async () => {
    stopped = true;
    clearTimeout(timer);
    await running;
  };
}
