import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import type { OrderRow } from '../work-orders/work-order-access.ts';
import { secretMatches } from './tracking-secret.ts';
import { PUBLIC_EVENT_TYPES } from '../work-orders/work-order-presenter.ts';
import { loadFacts } from '../work-orders/work-order-access.ts';
import { allowedActions, TERMINAL } from '../work-orders/work-order-workflow.ts';
import { INFORMATION_ADDED } from '../work-orders/add-information.ts';

const notYours = () => new AppError('not_found', 'No request with that code and tracking secret.', {}, '未找到该编号与查询码对应的诉求。');

/**
 * The public view of one request, for its signed-in requester or whoever holds its tracking secret
 * (the phone number is no secret: staff see most of it, and codes are sequential). A merged request
 * shows the progress and result of the order it was merged into, so every caller about one event
 * hears the same outcome.
 */
export async function trackRequest(q: Queryable, code: string, secret: string | null, actor: Actor | null) {
  const order = (await q.query<OrderRow>('select * from work_orders where code = $1', [code])).rows[0];
  const own = !!order && !!actor && order.requester_user_id === actor.userId;
  if (!order || (!own && !(secret && (await secretMatches(q, order.id, secret))))) {
    throw notYours();
  }
  const handled = order.merged_into_id
    ? (await q.query<OrderRow>('select * from work_orders where id = $1', [order.merged_into_id])).rows[0]
    : order;
  const ids = order.merged_into_id ? [order.id, handled.id] : [order.id];
  const events = (
    await q.query<{ order_id: number; type: string; at: Date; to_status: string | null; data: Record<string, unknown> }>(
      'select order_id, type, at, to_status, data from work_order_events where order_id = any($1::bigint[]) order by at, id',
      [ids],
    )
  ).rows.filter((e) => (PUBLIC_EVENT_TYPES.has(e.type) || (e.type === INFORMATION_ADDED && e.order_id === order.id)) && !(e.order_id !== order.id && e.type === 'work_order.received'));
  const lead = handled.lead_unit_id ? (await q.query<{ name: string }>('select name from units where id = $1', [handled.lead_unit_id])).rows[0]?.name : null;
  return {
    code: order.code,
    status: order.merged_into_id ? handled.status : order.status,
    merged: !!order.merged_into_id,
    mergedIntoCode: order.merged_into_id ? handled.code : null,
    title: order.title,
    requestType: order.request_type,
    receivedAt: order.received_at,
    handlingUnit: lead ?? null,
    answer: handled.answer,
    result: handled.feedback_text,
    closedAt: handled.closed_at,
    timeline: events.map((e) => ({
      type: e.type,
      at: e.at,
      status: e.to_status,
      unitName: (e.data.leadUnitName as string | undefined) ?? null,
      // What the requester wrote themselves, and how a callback was taken; nothing internal.
      text: e.type === INFORMATION_ADDED ? ((e.data.text as string | undefined) ?? null) : null,
      channel: e.type === 'work_order.called_back' ? ((e.data.channel as string | undefined) ?? 'phone') : null,
    })),
    ...(await expectations(q, handled, own && !order.merged_into_id ? actor : null)),
  };
}

/**
 * When the requester may expect to hear back (the deadline of the stage the order is in), and, for
 * the signed-in requester, which of their own steps are open now (by the transition table).
 */
async function expectations(q: Queryable, o: OrderRow, requester: Actor | null) {
  const open = !TERMINAL.includes(o.status);
  const expectedBy = !open ? null : o.status === 'received' ? o.due_dispatch_at : ['awaiting_callback', 'called_back'].includes(o.status) ? null : o.due_feedback_at;
  const allowed = requester ? allowedActions(await loadFacts(q, o), requester) : [];
  return {
    expectedReplyAt: expectedBy,
    expectedReplyStage: !expectedBy ? null : o.status === 'received' ? 'dispatch' : 'feedback',
    canAnswerCallback: allowed.includes('callback'),
    canAskRehandling: allowed.includes('reopen'),
    canAddInformation: !!requester && open,
  };
}

/** A signed-in citizen's own request by its code (for their steps); another's is not found. */
export async function ownRequest(q: Queryable, code: string, actor: Actor): Promise<OrderRow> {
  const o = (await q.query<OrderRow>('select * from work_orders where code = $1', [code])).rows[0];
  if (!o || o.requester_user_id !== actor.userId) throw notYours();
  return o;
}

/** The name and phone the citizen gave last, to prefill the next request. */
export async function citizenProfile(q: Queryable, actor: Actor) {
  const r = await q.query<{ phone: string | null; name: string | null }>(
    `select u.phone, (select o.requester_name from work_orders o where o.requester_user_id = u.id and o.requester_name is not null order by o.id desc limit 1) as name
     from users u where u.id = $1`,
    [actor.userId],
  );
  const row = r.rows[0];
  return { name: row?.name ?? (actor.kind === 'citizen' && !actor.displayName.includes('****') ? actor.displayName : null), phone: row?.phone ?? null };
}

export async function listMyRequests(q: Queryable, actor: Actor) {
  const rows = await q.query<{ code: string; status: string; title: string; received_at: Date; merged_status: string | null }>(
    `select o.code, o.status, o.title, o.received_at, m.status as merged_status
     from work_orders o left join work_orders m on m.id = o.merged_into_id
     where o.requester_user_id = $1 order by o.received_at desc limit 200`,
    [actor.userId],
  );
  return rows.rows.map((r) => ({ code: r.code, status: r.merged_status ?? r.status, merged: r.merged_status !== null, title: r.title, receivedAt: r.received_at }));
}
