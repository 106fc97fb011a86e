import type { Ctx, Actor } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import { transitionIn } from '../work-orders/work-order-transition.ts';

/** The sweep acts as the hotline centre's system user: citywide supervision, no person behind it. */
export const SYSTEM_ACTOR: Actor = {
  userId: 0,
  username: 'system',
  displayName: '系统',
  kind: 'staff',
  locale: 'zh-CN',
  grants: [{ role: 'hotline_supervisor', unitId: null, unitPath: null, districtId: null }],
};

type DeadlineRow = { id: number; order_id: number; stage: string; kind: 'warn' | 'due'; fire_at: Date };

export type SweepResult = { fired: number; warnings: number; overdue: number; skipped: number };

/**
 * Fires every timer that is due, one claimed row per transaction: the claim, the supervision it
 * causes and the `fired_at` mark commit together, so a crash re-fires nothing that committed and
 * loses nothing that did not. `SKIP LOCKED` lets several server processes sweep at once.
 */
export async function sweepDeadlines(ctx: Ctx, limit = 500): Promise<SweepResult> {
  const result: SweepResult = { fired: 0, warnings: 0, overdue: 0, skipped: 0 };
  const sys: Ctx = { ...ctx, actor: SYSTEM_ACTOR };
  for (let i = 0; i < limit; i++) {
    const outcome = await ctx.db.transaction(async (tx) => {
      const claimed = (
        // Lock the timer and its order together: commands lock the order and then its timers, so a
        // sweep that held a timer while waiting for the order would deadlock with them. An order
        // someone is acting on right now is skipped and swept on the next round.
        await tx.query<DeadlineRow>(
          `select d.id, d.order_id, d.stage, d.kind, d.fire_at from deadlines d join work_orders o on o.id = d.order_id
           where d.fired_at is null and not d.cancelled and d.fire_at <= $1
           order by d.fire_at, d.id limit 1 for update of d, o skip locked`,
          [ctx.now()],
        )
      ).rows[0];
      if (!claimed) return 'none' as const;
      await tx.query('update deadlines set fired_at = $2 where id = $1', [claimed.id, ctx.now()]);
      try {
        await transitionIn(tx, sys, claimed.order_id, 'supervise', null, async (q, order) => {
          const overdue = claimed.kind === 'due';
          await q.query(
            `insert into supervisions(order_id, kind, stage, note, created_by, created_at) values ($1, $2, $3, $4, null, $5)`,
            [order.id, overdue ? 'overdue' : 'warning', claimed.stage, null, ctx.now()],
          );
          return {
            keepVersion: !overdue,
            patch: overdue ? { overdue_stages: [...new Set([...order.overdue_stages, claimed.stage])] } : {},
            data: { kind: overdue ? 'overdue' : 'warning', stage: claimed.stage, dueAt: claimed.fire_at, automatic: true },
          };
        });
      } catch (e) {
        // The order left every open state (closed, merged…) before its timer was cancelled: nothing to supervise.
        if (e instanceof AppError && e.code === 'invalid_transition') return 'skipped' as const;
        throw e;
      }
      return claimed.kind;
    });
    if (outcome === 'none') break;
    result.fired++;
    if (outcome === 'warn') result.warnings++;
    else if (outcome === 'due') result.overdue++;
    else result.skipped++;
  }
  return result;
}

/** Runs the sweep on a timer until stopped; errors are logged and the next tick tries again. */
export function startSweeper(ctx: Ctx, everyMs: number): () => Promise<void> {
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const tick = () => {
    if (stopped) return;
    running = sweepDeadlines(ctx)
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
