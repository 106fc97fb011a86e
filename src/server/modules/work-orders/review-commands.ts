import type { Ctx } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import type { Duration } from '../deadlines/calendar.ts';
import { cancelStages, loadCalendar, policyById, scheduleStage } from '../deadlines/deadline-store.ts';
import { addDuration } from '../deadlines/calendar.ts';
import { extendDue } from '../deadlines/sla.ts';
import { transition } from './work-order-transition.ts';
import { categoryOfIntake } from './routing-at-intake.ts';
import type { ActionInputs } from './work-order-schemas.ts';

/** The centre's side after dispatch: extensions, callbacks, re-handling, closure, exclusions and supervision. */

export function decideExtension(ctx: Ctx, id: number, input: ActionInputs['decide_extension']) {
  return transition(ctx, id, 'decide_extension', input.version, async (tx, order) => {
    const ext = (
      await tx.query<{ id: number; duration: Duration }>(`select id, duration from extensions where order_id = $1 and status = 'pending'`, [order.id])
    ).rows[0];
    const decided = [ext.id, input.approve ? 'approved' : 'refused', ctx.actor?.userId ?? null, ctx.now(), input.note ?? null];
    if (!input.approve) {
      await tx.query('update extensions set status = $2, decided_by = $3, decided_at = $4, decision_note = $5 where id = $1', decided);
      return { reason: input.note ?? null, data: { approved: false, extensionId: ext.id } };
    }
    const policy = await policyById(tx, order.sla_policy_id!);
    const cal = await loadCalendar(tx);
    const base = order.due_feedback_at ?? ctx.now();
    const newDue = extendDue(cal, base, ext.duration);
    await tx.query(
      'update extensions set status = $2, decided_by = $3, decided_at = $4, decision_note = $5, new_due_at = $6 where id = $1',
      [...decided, newDue],
    );
    await cancelStages(tx, order.id, ['feedback']);
    await scheduleStage(tx, order.id, 'feedback', ctx.now(), newDue, policy.warnFraction);
    return {
      patch: { due_feedback_at: newDue, extension_count: order.extension_count + 1, overdue_stages: order.overdue_stages.filter((s) => s !== 'feedback') },
      reason: input.note ?? null,
      data: { approved: true, extensionId: ext.id, oldDueAt: base, newDueAt: newDue },
    };
  });
}

/**
 * 回访. The hotline calls (channel phone); a requester may instead answer the same questions in the
 * portal (channel online), which always makes a valid callback. Both write the same row and event,
 * so evaluation counts them alike.
 */
export function recordCallback(ctx: Ctx, id: number, input: ActionInputs['callback']) {
  const channel = ctx.actor?.kind === 'citizen' ? 'online' : 'phone';
  return transition(ctx, id, 'callback', input.version, async (tx, order) => {
    if (channel === 'online' && !input.valid) {
      throw new AppError('validation_failed', 'An online answer is a valid callback.', { field: 'valid' }, '在线回访须为有效回访。');
    }
    if (input.valid && (input.contacted === undefined || input.solved === undefined || !input.satisfaction)) {
      throw new AppError(
        'validation_failed',
        'A valid callback records whether the unit contacted the requester, whether it was solved, and the satisfaction.',
        { fields: ['contacted', 'solved', 'satisfaction'] },
        '有效回访须填写是否联系、是否解决和满意度。',
      );
    }
    const round = (await tx.query<{ n: number }>('select count(*)::int + 1 as n from callbacks where order_id = $1', [order.id])).rows[0].n;
    await tx.query(
      `insert into callbacks(order_id, round, valid, contacted, solved, satisfaction, note, agent_id, at, channel) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        order.id, round, input.valid,
        input.valid ? input.contacted : null, input.valid ? input.solved : null, input.valid ? input.satisfaction : null,
        input.note ?? null, ctx.actor?.userId ?? null, ctx.now(), channel,
      ],
    );
    const data = input.valid
      ? { round, valid: true, contacted: input.contacted, solved: input.solved, satisfaction: input.satisfaction, channel }
      : { round, valid: false, channel };
    return { to: input.valid ? 'called_back' : 'awaiting_callback', reason: input.note ?? null, data };
  });
}

export function reopenWorkOrder(ctx: Ctx, id: number, input: ActionInputs['reopen']) {
  return transition(ctx, id, 'reopen', input.version, async (tx, order) => {
    const policy = await policyById(tx, order.sla_policy_id!);
    const due = addDuration(await loadCalendar(tx), ctx.now(), policy.reHandlingDuration);
    await cancelStages(tx, order.id, ['feedback']);
    await scheduleStage(tx, order.id, 'feedback', ctx.now(), due, policy.warnFraction);
    return {
      to: 'in_progress',
      patch: {
        reopen_count: order.reopen_count + 1,
        feedback_at: null,
        feedback_text: null,
        feedback_solved: null,
        due_feedback_at: due,
        overdue_stages: order.overdue_stages.filter((s) => s !== 'feedback'),
      },
      reason: input.reason,
      data: { round: order.reopen_count + 1, dueFeedbackAt: due },
    };
  });
}

export function closeWorkOrder(ctx: Ctx, id: number, input: ActionInputs['close']) {
  return transition(ctx, id, 'close', input.version, async (tx, order) => {
    await cancelStages(tx, order.id, ['dispatch', 'sign', 'first_contact', 'feedback']);
    return { to: 'closed', patch: { closed_at: ctx.now() }, reason: input.note ?? null };
  });
}

export function requestExclusion(ctx: Ctx, id: number, input: ActionInputs['request_exclusion']) {
  return transition(ctx, id, 'request_exclusion', input.version, async (tx, order) => {
    await tx.query(
      `insert into exclusions(order_id, reason, status, requested_by, requested_at) values ($1, $2, 'pending', $3, $4)`,
      [order.id, input.reason, ctx.actor?.userId ?? null, ctx.now()],
    );
    return { reason: input.reason };
  });
}

export function decideExclusion(ctx: Ctx, id: number, input: ActionInputs['decide_exclusion']) {
  return transition(ctx, id, 'decide_exclusion', input.version, async (tx, order) => {
    await tx.query(
      `update exclusions set status = $2, decided_by = $3, decided_at = $4, decision_note = $5 where order_id = $1 and status = 'pending'`,
      [order.id, input.approve ? 'approved' : 'refused', ctx.actor?.userId ?? null, ctx.now(), input.note ?? null],
    );
    return { patch: input.approve ? { excluded: true } : {}, reason: input.note ?? null, data: { approved: input.approve } };
  });
}

export function superviseWorkOrder(ctx: Ctx, id: number, input: ActionInputs['supervise']) {
  return transition(ctx, id, 'supervise', input.version, async (tx, order) => {
    await tx.query(
      `insert into supervisions(order_id, kind, stage, note, created_by, created_at) values ($1, 'manual', null, $2, $3, $4)`,
      [order.id, input.note, ctx.actor?.userId ?? null, ctx.now()],
    );
    return { reason: input.note, data: { kind: 'manual' } };
  });
}

export function recategorizeWorkOrder(ctx: Ctx, id: number, input: ActionInputs['recategorize']) {
  return transition(ctx, id, 'recategorize', input.version, async (tx, order) => {
    const c = await categoryOfIntake(tx, input.category, ctx.now());
    return {
      patch: { category: c!.code, taxonomy_version_id: c!.taxonomyVersionId },
      reason: input.reason ?? null,
      data: { from: order.category, to: c!.code },
    };
  });
}
