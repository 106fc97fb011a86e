import { AppError } from '../../lib/errors.ts';
import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { cancelStages, policyById } from '../deadlines/deadline-store.ts';
import { ruleFor, type Urgency } from '../deadlines/sla.ts';
import { transition } from './work-order-transition.ts';
import { decodeAttachments, insertStepAttachments, storeAttachments, type StoredAttachment } from './attachment-store.ts';
import type { ActionInputs } from './work-order-schemas.ts';

/** What the lead unit (and its co-handlers) do with a dispatched order. */

export function signWorkOrder(ctx: Ctx, id: number, input: ActionInputs['sign']) {
  return transition(ctx, id, 'sign', input.version, async (tx, order) => {
    await cancelStages(tx, order.id, ['sign']);
    return { to: 'signed', patch: { signed_at: ctx.now() } };
  });
}

export function disputeWorkOrder(ctx: Ctx, id: number, input: ActionInputs['dispute']) {
  return transition(ctx, id, 'dispute', input.version, async (tx, order, _facts, grant) => {
    if (input.suggestedUnitId && !(await tx.query('select 1 from units where id = $1 and active', [input.suggestedUnitId])).rows.length) {
      throw new AppError('validation_failed', `Unknown unit ${input.suggestedUnitId}.`, { field: 'suggestedUnitId' }, `单位 ${input.suggestedUnitId} 不存在。`);
    }
    await tx.query(
      `insert into disputes(order_id, unit_id, reason, suggested_unit_id, status, raised_by, raised_at) values ($1, $2, $3, $4, 'pending', $5, $6)`,
      [order.id, grant.unitId, input.reason, input.suggestedUnitId ?? null, ctx.actor?.userId ?? null, ctx.now()],
    );
    return { to: 'disputed', patch: { held_from_status: order.status }, reason: input.reason, data: { suggestedUnitId: input.suggestedUnitId ?? null } };
  });
}

export async function contactRequester(ctx: Ctx, id: number, input: ActionInputs['contact']) {
  const files = await storeAttachments(ctx.db, decodeAttachments(input.attachments));
  return transition(ctx, id, 'contact', input.version, async (tx, order) => {
    await cancelStages(tx, order.id, ['first_contact']);
    await attachToStep(tx, ctx, order.id, files);
    return { to: 'in_progress', patch: { first_contact_at: ctx.now() }, data: { method: input.method, note: input.note ?? null, attachments: files.length } };
  });
}

export function requestExtension(ctx: Ctx, id: number, input: ActionInputs['request_extension']) {
  return transition(ctx, id, 'request_extension', input.version, async (tx, order, _facts, grant) => {
    // An extension is counted in the same unit as the feedback limit it extends.
    const policy = await policyById(tx, order.sla_policy_id!);
    const unit = ruleFor(policy, order.urgency as Urgency, 'feedback').duration.unit === 'working_days' ? 'working_days' : 'days';
    const duration = { amount: input.days, unit };
    await tx.query(
      `insert into extensions(order_id, unit_id, reason, duration, requester_informed, status, requested_by, requested_at, old_due_at)
       values ($1, $2, $3, $4, true, 'pending', $5, $6, $7)`,
      [order.id, grant.unitId, input.reason, JSON.stringify(duration), ctx.actor?.userId ?? null, ctx.now(), order.due_feedback_at],
    );
    return { reason: input.reason, data: { duration, requesterInformed: true } };
  });
}

export function escalateWorkOrder(ctx: Ctx, id: number, input: ActionInputs['escalate']) {
  return transition(ctx, id, 'escalate', input.version, async (_tx, order) => ({
    to: 'escalated',
    reason: input.reason,
    patch: { held_from_status: order.status },
  }));
}

export function reportAsCoHandler(ctx: Ctx, id: number, input: ActionInputs['co_report']) {
  return transition(ctx, id, 'co_report', input.version, async (tx, order, _facts, grant) => {
    await tx.query(
      `update work_order_assignments set report = $3, reported_at = $4 where order_id = $1 and unit_id = $2 and active and role = 'co_handler'`,
      [order.id, grant.unitId, input.report, ctx.now()],
    );
    return { data: { unitId: grant.unitId, report: input.report } };
  });
}

export async function submitFeedback(ctx: Ctx, id: number, input: ActionInputs['feedback']) {
  const files = await storeAttachments(ctx.db, decodeAttachments(input.attachments));
  return transition(ctx, id, 'feedback', input.version, async (tx, order) => {
    await cancelStages(tx, order.id, ['feedback']);
    await attachToStep(tx, ctx, order.id, files);
    return {
      to: 'awaiting_callback',
      patch: { feedback_at: ctx.now(), feedback_text: input.result, feedback_solved: input.solved },
      data: { result: input.result, solved: input.solved, attachments: files.length },
    };
  });
}

/** Photos sent with a step belong to the event the step appends next (the order row is locked). */
export async function attachToStep(tx: Queryable, ctx: Ctx, orderId: number, files: StoredAttachment[]) {
  if (!files.length) return;
  const seq = (await tx.query<{ n: number }>('select coalesce(max(seq), 0)::int + 1 as n from work_order_events where order_id = $1', [orderId])).rows[0].n;
  await insertStepAttachments(tx, orderId, seq, files, ctx.actor && ctx.actor.userId > 0 ? ctx.actor.userId : null, ctx.now());
}
