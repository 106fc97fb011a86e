import type { Queryable } from '../../db/client.ts';
import type { OrderEvent } from '../../../shared/live-events.ts';
import type { Actor } from '../../lib/ctx.ts';
import { visibilityClause } from '../work-orders/work-order-access.ts';
import { NOTIFICATION_COLUMNS, presentNotification, type NotificationRow, type NotificationView } from '../notifications/notification-tables.ts';

export type { OrderEvent };

type EventRow = {
  id: number;
  order_id: number;
  type: string;
  at: Date;
  code: string;
  title: string;
  urgency: string;
  status: string;
  street_id: number | null;
  grid_id: number | null;
  lon: number | null;
  lat: number | null;
};

const EVENT_SELECT = `select e.id, e.order_id, e.type, e.at, o.code, o.title, o.urgency, o.status, o.street_id, o.grid_id, o.lon, o.lat
  from work_order_events e join work_orders o on o.id = e.order_id`;

const toEvent = (r: EventRow): OrderEvent => ({
  eventId: Number(r.id),
  type: r.type,
  id: Number(r.order_id),
  code: r.code,
  title: r.title,
  urgency: r.urgency,
  status: r.status,
  streetId: r.street_id,
  gridId: r.grid_id,
  lon: r.lon,
  lat: r.lat,
  at: new Date(r.at).toISOString(),
});

/** Events after `afterId` plus the listed late ids, in id order. */
export async function eventsAfter(q: Queryable, afterId: number, lateIds: number[], limit: number): Promise<OrderEvent[]> {
  const r = await q.query<EventRow>(`${EVENT_SELECT} where e.id > $1 or e.id = any($2::bigint[]) order by e.id limit $3`, [afterId, lateIds, limit]);
  return r.rows.map(toEvent);
}

/** Intake events in (afterId, upToId]: what a reconnecting stream missed. */
export async function intakesBetween(q: Queryable, afterId: number, upToId: number, limit: number): Promise<OrderEvent[]> {
  const r = await q.query<EventRow>(
    `${EVENT_SELECT} where e.id > $1 and e.id <= $2 and e.type = 'work_order.received' order by e.id limit $3`,
    [afterId, upToId, limit],
  );
  return r.rows.map(toEvent);
}

/**
 * The ids among `orderIds` that the actor may see, by the work-order module's own visibility
 * rule, in one query for the whole batch.
 */
export async function visibleOrderIds(q: Queryable, actor: Actor, orderIds: number[]): Promise<Set<number>> {
  if (!orderIds.length) return new Set();
  const params: unknown[] = [orderIds];
  const clause = visibilityClause(actor, params);
  if (clause === 'true') return new Set(orderIds);
  if (clause === 'false') return new Set();
  const r = await q.query<{ id: number }>(`select o.id from work_orders o where o.id = any($1::bigint[]) and (${clause})`, params);
  return new Set(r.rows.map((x) => Number(x.id)));
}

/** One key per distinct visibility, so subscribers who see alike share one check per batch. */
export function visibilityKey(actor: Actor): string {
  const params: unknown[] = [];
  return `${visibilityClause(actor, params)}|${JSON.stringify(params)}`;
}

export type InboxItem = NotificationView & { userId: number };

export async function notificationsAfter(q: Queryable, afterId: number, lateIds: number[], limit: number): Promise<InboxItem[]> {
  const r = await q.query<NotificationRow>(
    `select ${NOTIFICATION_COLUMNS} from notifications where id > $1 or id = any($2::bigint[]) order by id limit $3`,
    [afterId, lateIds, limit],
  );
  return r.rows.map((row) => ({ ...presentNotification(row), userId: row.user_id }));
}

export async function maxIds(q: Queryable): Promise<{ e: number; n: number }> {
  const r = await q.query<{ e: number | null; n: number | null }>(
    `select (select max(id) from work_order_events) as e, (select max(id) from notifications) as n`,
  );
  return { e: Number(r.rows[0].e ?? 0), n: Number(r.rows[0].n ?? 0) };
}
