import type { Ctx } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import { cancelStages } from '../deadlines/deadline-store.ts';
import { assignUnits } from './assign-units.ts';
import { recordProposal } from './record-proposal.ts';
import { appendEvent, transition } from './work-order-transition.ts';
import type { ActionInputs } from './work-order-schemas.ts';
import type { OrderRow } from './work-order-access.ts';
import { TERMINAL } from './work-order-workflow.ts';

/** Hotline-side decisions on a received order: answer, decline, dispatch, merge; and re-dispatch after a dispute or escalation. */

export function answerWorkOrder(ctx: Ctx, id: number, input: ActionInputs['answer']) {
  return transition(ctx, id, 'answer', input.version, async (tx, order) => {
    await cancelStages(tx, order.id, ['dispatch']);
    return { to: 'answered', patch: { answer: input.answer, closed_at: ctx.now() }, data: { answer: input.answer } };
  });
}

export function declineWorkOrder(ctx: Ctx, id: number, input: ActionInputs['decline']) {
  return transition(ctx, id, 'decline', input.version, async (tx, order) => {
    await cancelStages(tx, order.id, ['dispatch']);
    return {
      to: 'not_dispatched',
      patch: { close_reason: input.reason, closed_at: ctx.now() },
      reason: input.reason,
      data: { note: input.note ?? null },
    };
  });
}

export function dispatchWorkOrder(ctx: Ctx, id: number, input: ActionInputs['dispatch']) {
  return transition(ctx, id, 'dispatch', input.version, async (tx, order) => {
    const a = await assignUnits(tx, ctx, order, input.leadUnitId, input.coHandlerUnitIds, input);
    const r = await recordProposal(tx, order, input.leadUnitId, input.coHandlerUnitIds, ctx.now());
    return { to: 'dispatched', patch: { ...a.patch, ...r.patch }, data: { ...a.data, ...r.data, note: input.note ?? null } };
  });
}

export function mergeWorkOrder(ctx: Ctx, id: number, input: ActionInputs['merge']) {
  return transition(ctx, id, 'merge', input.version, async (tx, order) => {
    const target = (
      await tx.query<OrderRow>('select * from work_orders where id = $1 or code = $2 for update', [input.intoOrderId ?? 0, input.intoCode ?? ''])
    ).rows[0];
    const named = input.intoOrderId ?? input.intoCode;
    if (!target) throw new AppError('not_found', `Work order ${named} not found`, { field: 'intoOrderId' }, `未找到工单 ${named}`);
    if (target.id === order.id) {
      throw new AppError('validation_failed', 'An order cannot be merged into itself.', { field: 'intoOrderId' }, '不能与自身并案。');
    }
    if (TERMINAL.includes(target.status)) {
      throw new AppError('invalid_transition', `Work order ${target.code} is ${target.status}; merge into an open order.`, { field: 'intoOrderId', status: target.status }, '只能并入未办结的工单。');
    }
    await cancelStages(tx, order.id, ['dispatch']);
    // The surviving order changes too (one more requester to answer): bump its version and note it on its timeline.
    await tx.query('update work_orders set version = version + 1, updated_at = $2 where id = $1', [target.id, ctx.now()]);
    await appendEvent(tx, ctx, target.id, {
      type: 'work_order.merge_absorbed',
      action: 'merge',
      grant: ctx.actor?.grants[0] ?? null,
      data: { fromOrderId: order.id, fromCode: order.code },
    });
    return { to: 'merged', patch: { merged_into_id: target.id, closed_at: ctx.now() }, reason: input.note ?? null, data: { intoOrderId: target.id, intoCode: target.code } };
  });
}

export function adjudicateDispute(ctx: Ctx, id: number, input: ActionInputs['adjudicate']) {
  return transition(ctx, id, 'adjudicate', input.version, async (tx, order) => {
    const dispute = (
      await tx.query<{ id: number }>(`select id from disputes where order_id = $1 and status in ('pending','onsite_check') order by id desc limit 1`, [order.id])
    ).rows[0];
    if (!dispute) throw new Error(`order ${order.id} is disputed without an open dispute`);
    const decide = (status: string) =>
      tx.query('update disputes set status = $2, decided_by = $3, decided_at = $4, decision_note = $5 where id = $1', [
        dispute.id, status, ctx.actor?.userId ?? null, ctx.now(), input.note,
      ]);
    if (input.decision === 'onsite_check') {
      await decide('onsite_check');
      return { to: 'disputed', reason: input.note, data: { decision: 'onsite_check' } };
    }
    if (input.decision === 'reject') {
      await decide('rejected');
      return { to: order.held_from_status ?? 'dispatched', patch: { held_from_status: null }, reason: input.note, data: { decision: 'reject' } };
    }
    if (!input.leadUnitId) {
      throw new AppError('validation_failed', 'Re-dispatch needs the new lead unit.', { field: 'leadUnitId' }, '改派须指定新的主办单位。');
    }
    if (input.leadUnitId === order.lead_unit_id) {
      throw new AppError('validation_failed', 'Re-dispatch to the same unit: reject the dispute instead.', { field: 'leadUnitId' }, '改派单位与原单位相同，请选择驳回退单。');
    }
    await decide('redispatched');
    const a = await assignUnits(tx, ctx, order, input.leadUnitId, input.coHandlerUnitIds, input);
    return { to: 'dispatched', patch: a.patch, reason: input.note, data: { decision: 'redispatch', ...a.data } };
  });
}

export function reassignWorkOrder(ctx: Ctx, id: number, input: ActionInputs['reassign']) {
  return transition(ctx, id, 'reassign', input.version, async (tx, order) => {
    const a = await assignUnits(tx, ctx, order, input.leadUnitId, input.coHandlerUnitIds, input);
    return { to: 'dispatched', patch: a.patch, reason: input.note, data: a.data };
  });
}
