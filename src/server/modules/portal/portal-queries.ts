import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import type { OrderRow } from '../work-orders/work-order-access.ts';
import { secretMatches } from './tracking-secret.ts';
import { PUBLIC_EVENT_TYPES } from '../work-orders/work-order-presenter.ts';

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
    throw new AppError('not_found', 'No request with that code and tracking secret.', {}, '未找到该编号与查询码对应的诉求。');
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
  ).rows.filter((e) => PUBLIC_EVENT_TYPES.has(e.type) && !(e.order_id !== order.id && e.type === 'work_order.received'));
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
    timeline: events.map((e) => ({ type: e.type, at: e.at, status: e.to_status, unitName: (e.data.leadUnitName as string | undefined) ?? null })),
  };
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
