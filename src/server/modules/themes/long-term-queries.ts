import type { Ctx } from '../../lib/ctx.ts';
import { visibilityClause } from '../work-orders/work-order-access.ts';
import type { LongTermEventRow, LongTermItemRow } from './theme-tables.ts';

/** The long-term list over the orders the caller may see, the reviews due first. */
export async function listLongTerm(ctx: Ctx, q: { status: 'tracking' | 'resolved' | 'all' }) {
  const params: unknown[] = [q.status];
  const vis = visibilityClause(ctx.actor, params);
  const rows = (await ctx.db.query<LongTermItemRow & { code: string; title: string; unit_name: string; events: LongTermEventRow[] }>(
    `select l.*, o.code, o.title, u.name as unit_name,
            coalesce((select json_agg(e order by e.id) from long_term_events e where e.item_id = l.id), '[]') as events
       from long_term_items l join work_orders o on o.id = l.order_id join units u on u.id = l.unit_id
      where ($1 = 'all' or l.status = $1) and (${vis})
      order by l.review_due desc, l.next_review_at, l.id limit 500`,
    params,
  )).rows;
  return {
    items: rows.map((r) => ({
      id: Number(r.id), orderId: Number(r.order_id), orderCode: r.code, orderTitle: r.title, reasonKind: r.reason_kind, reason: r.reason,
      unitId: r.unit_id, unitName: r.unit_name, reviewDays: r.review_days, nextReviewAt: r.next_review_at.toISOString(), reviewDue: r.review_due,
      status: r.status, version: r.version, createdAt: r.created_at.toISOString(),
      events: r.events.map((e) => ({ type: e.type, at: new Date(e.at).toISOString(), note: e.note })),
    })),
  };
}
export type LongTermList = Awaited<ReturnType<typeof listLongTerm>>;
