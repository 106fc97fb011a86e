import type { Queryable } from '../../db/client.ts';
import type { Ctx, RoleGrant } from '../../lib/ctx.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { decide, targetAllowed, type Action, type OrderFacts, type Status } from './work-order-workflow.ts';
import { canSee, loadFacts, syncVisibility, type OrderRow } from './work-order-access.ts';
import { actionLabel } from './work-order-labels.ts';

export type Change = {
  to?: Status;
  patch?: Record<string, unknown>;
  reason?: string | null;
  data?: Record<string, unknown>;
  /**
   * Automatic warnings change nothing a person decides on; keeping the version spares whoever has
   * the order open a needless "reload and try again".
   */
  keepVersion?: boolean;
};

export const EVENT_TYPES: Record<Action, string> = {
  answer: 'work_order.answered',
  decline: 'work_order.declined',
  dispatch: 'work_order.dispatched',
  merge: 'work_order.merged',
  sign: 'work_order.signed',
  dispute: 'work_order.disputed',
  adjudicate: 'work_order.dispute_adjudicated',
  contact: 'work_order.contacted',
  request_extension: 'work_order.extension_requested',
  decide_extension: 'work_order.extension_decided',
  escalate: 'work_order.escalated',
  reassign: 'work_order.reassigned',
  co_report: 'work_order.co_handler_reported',
  feedback: 'work_order.feedback_submitted',
  callback: 'work_order.called_back',
  reopen: 'work_order.reopened',
  close: 'work_order.closed',
  request_exclusion: 'work_order.exclusion_requested',
  decide_exclusion: 'work_order.exclusion_decided',
  supervise: 'work_order.supervised',
  recategorize: 'work_order.recategorized',
  verify: 'work_order.verified',
};

export type Apply = (tx: Queryable, order: OrderRow, facts: OrderFacts, grant: RoleGrant) => Promise<Change>;

/**
 * The only way a work order changes state. In one transaction: lock the row, check the version the
 * caller saw, re-check role, scope, status and guards against the locked row, let the command
 * compute its change, write it with a new version, and append the event.
 */
export async function transition(
  ctx: Ctx,
  orderId: number,
  action: Action,
  expectedVersion: number,
  apply: Apply,
): Promise<OrderRow> {
  return ctx.db.transaction((tx) => transitionIn(tx, ctx, orderId, action, expectedVersion, apply));
}

/** The same inside a caller's transaction; `expectedVersion` null is for the system (the sweep), which saw no page. */
export async function transitionIn(
  tx: Queryable,
  ctx: Ctx,
  orderId: number,
  action: Action,
  expectedVersion: number | null,
  apply: Apply,
): Promise<OrderRow> {
  const order = (await tx.query<OrderRow>('select * from work_orders where id = $1 for update', [orderId])).rows[0];
  if (!order || !(await canSee(tx, ctx.actor, order))) throw notFound('work order', orderId);
  const facts = await loadFacts(tx, order);
  const decision = decide(action, facts, ctx.actor);
  if (!decision.ok && decision.reason === 'forbidden') {
    throw forbidden(`You may not ${action} this work order.`, `您无权对该工单执行“${actionLabel(action, 'zh-CN')}”。`, { action });
  }
  // A stale version is reported before the state check: the caller's picture is out of date.
  if (expectedVersion !== null && order.version !== expectedVersion) {
    throw new AppError(
      'version_conflict',
      `Work order ${order.code} changed since you loaded it (version ${expectedVersion}, now ${order.version}); reload and try again.`,
      { expected: expectedVersion, actual: order.version },
      `工单 ${order.code} 已被他人更新，请刷新后重试。`,
    );
  }
  if (!decision.ok) {
    throw new AppError(
      'invalid_transition',
      `Cannot ${action} a work order in status ${order.status}${decision.failedGuard ? ` (${decision.failedGuard})` : ''}.`,
      { action, status: order.status, guard: decision.failedGuard ?? null },
      `当前状态下不能执行“${actionLabel(action, 'zh-CN')}”。`,
    );
  }
  const change = await apply(tx, order, facts, decision.grant);
  const to = change.to ?? order.status;
  if (!targetAllowed(action, order.status, to)) throw new Error(`workflow: ${action} may not lead to ${to}`);
  const updated = await writeChange(tx, ctx, order, to, change.patch ?? {}, change.keepVersion ?? false);
  if (visibilityChanged(order, updated, change.patch ?? {})) await syncVisibility(tx, order.id);
  await appendEvent(tx, ctx, order.id, {
    type: EVENT_TYPES[action],
    action,
    grant: decision.grant,
    from: order.status,
    to,
    reason: change.reason ?? null,
    data: change.data ?? {},
  });
  return updated;
}

// What work_order_visibility and work_order_counts copy or derive from: status, overdue, place and units.
function visibilityChanged(before: OrderRow, after: OrderRow, patch: Record<string, unknown>): boolean {
  return (
    before.status !== after.status ||
    before.overdue_stages.length > 0 !== after.overdue_stages.length > 0 ||
    ['lead_unit_id', 'district_id', 'street_id'].some((c) => c in patch)
  );
}

async function writeChange(
  tx: Queryable,
  ctx: Ctx,
  order: OrderRow,
  to: Status,
  patch: Record<string, unknown>,
  keepVersion: boolean,
): Promise<OrderRow> {
  const cols = Object.keys(patch);
  const sets = cols.map((c, i) => `${c} = $${i + 4}`);
  const rows = await tx.query<OrderRow>(
    `update work_orders set status = $2, version = version + ${keepVersion ? 0 : 1}, updated_at = $3${sets.length ? ', ' + sets.join(', ') : ''}
     where id = $1 returning *`,
    [order.id, to, ctx.now(), ...cols.map((c) => patch[c])],
  );
  return rows.rows[0];
}

export type EventInput = {
  type: string;
  action?: string | null;
  grant?: RoleGrant | null;
  from?: string | null;
  to?: string | null;
  reason?: string | null;
  data?: Record<string, unknown>;
};

export async function appendEvent(tx: Queryable, ctx: Ctx, orderId: number, e: EventInput): Promise<void> {
  const actorId = ctx.actor && ctx.actor.userId > 0 ? ctx.actor.userId : null;
  await tx.query(
    `insert into work_order_events(order_id, seq, type, action, actor_id, actor_role, actor_unit_id, at, from_status, to_status, reason, data)
     values ($1, (select coalesce(max(seq), 0) + 1 from work_order_events where order_id = $1), $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      orderId,
      e.type,
      e.action ?? null,
      actorId,
      e.grant?.role ?? null,
      e.grant?.unitId ?? null,
      ctx.now(),
      e.from ?? null,
      e.to ?? null,
      e.reason ?? null,
      JSON.stringify(e.data ?? {}),
    ],
  );
}
