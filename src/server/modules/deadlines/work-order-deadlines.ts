import type { Actor } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import { transitionIn } from '../work-orders/work-order-transition.ts';
import type { DeadlineHandler, FireOutcome } from './deadline-handlers.ts';

/** The sweep acts as the hotline centre's system user: citywide supervision, no person behind it. */
export const SYSTEM_ACTOR: Actor = {
  userId: 0,
  username: 'system',
  displayName: '系统',
  kind: 'staff',
  locale: 'zh-CN',
  grants: [{ role: 'hotline_supervisor', unitId: null, unitPath: null, districtId: null }],
};

/** A work order's stage timer: a warning or an overdue supervision through the order's own transition. */
export const workOrderDeadlines: DeadlineHandler = {
  subjectKind: 'work_order',
  lock: { join: 'join work_orders o on o.id = d.subject_id', of: ['o'] },
  batchSize: 100,
  async fire(tx, ctx, rows) {
    const sys = { ...ctx, actor: SYSTEM_ACTOR };
    const out: FireOutcome[] = [];
    for (const claimed of rows) {
      try {
        await transitionIn(tx, sys, claimed.subject_id, 'supervise', null, async (q, order) => {
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
        out.push(claimed.kind);
      } catch (e) {
        // The order left every open state (closed, merged…) before its timer was cancelled: nothing to supervise.
        if (e instanceof AppError && e.code === 'invalid_transition') out.push('skipped');
        else throw e;
      }
    }
    return out;
  },
};
