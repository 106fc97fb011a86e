import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { resolveCategory } from '../routing/taxonomy/taxonomy-queries.ts';
import { visibilityClause, type OrderRow } from './work-order-access.ts';
import { allowedActions, STATUSES, TERMINAL, type OrderFacts, type Status } from './work-order-workflow.ts';
import { presentDetail, presentForRequester, type DetailExtras } from './work-order-presenter.ts';
import { visibleSources } from './work-order-sources.ts';
import { placeAndRequesterFacts } from './verification-policy.ts';
import { DETAIL_SQL, EXTRA_KEYS, reviveDates, type DetailJson } from './work-order-detail-sql.ts';

export { listWorkOrders, type ListFilter } from './work-order-list.ts';

/**
 * One order as the console shows it, in one query: the row, whether the actor may see it, the
 * facts the transition table needs, the timeline and every record attached, as json aggregates.
 */
export async function getWorkOrderDetail(q: Queryable, actor: Actor, id: number) {
  const params: unknown[] = [id];
  const vis = visibilityClause(actor, params);
  params.push(actor.userId);
  const sql = DETAIL_SQL.replaceAll('$VIS', () => vis).replace('$ME', `$${params.length}`);
  const r = (await q.query<OrderRow & DetailJson>(sql, params, { prepare: true })).rows[0];
  if (!r || !r._visible) throw notFound('work order', id);
  const { _visible, _co, _lead_district, _pending_ext, _pending_excl, _cb, _category_path, ...rest } = r;
  const order = rest as unknown as OrderRow;
  const facts: OrderFacts = {
    status: order.status,
    leadUnitId: order.lead_unit_id,
    coHandlerUnitIds: _co ?? [],
    districtId: order.district_id ?? _lead_district,
    excluded: order.excluded,
    pendingExtension: _pending_ext,
    pendingExclusion: _pending_excl,
    lastCallback: _cb,
    ...placeAndRequesterFacts(order),
  };
  const extras = Object.fromEntries(EXTRA_KEYS.map((k) => [k, reviveDates(r[`_${k}` as keyof DetailJson])])) as unknown as DetailExtras;
  const path = order.category && order.taxonomy_version_id !== null ? (_category_path?.length && _category_path[_category_path.length - 1].code === order.category ? _category_path : null) : await categoryPath(q, order);
  const detail = { ...presentDetail(order, extras, allowedActions(facts, actor), actor), categoryPath: path };
  return actor.kind === 'citizen' ? presentForRequester(detail) : detail;
}

/** The order's category with its ancestors, read in the taxonomy version the order was classified with. */
async function categoryPath(q: Queryable, o: OrderRow): Promise<{ code: string; name: string }[] | null> {
  if (!o.category) return null;
  try {
    return (await resolveCategory(q, o.category, { versionId: o.taxonomy_version_id ?? undefined, at: o.received_at })).path;
  } catch (e) {
    // A category code from before the taxonomy existed: show the code alone rather than fail the page.
    if (e instanceof AppError) return null;
    throw e;
  }
}

/**
 * Headline counts for the command centre: orders by status, currently overdue, received today
 * (Shanghai). One unit's scope reads work_order_counts and today's slice of its visibility index;
 * people-scoped or several grants count their (small) sets directly.
 */
export async function workOrderStats(q: Queryable, actor: Actor, now: Date) {
  const dayStart = new Date(Math.floor((now.getTime() + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000);
  const sources = visibleSources(actor);
  const s = sources[0];
  let rows: { status: string; n: number; overdue: number }[];
  let receivedToday: number;
  if (sources.length === 1 && s.kind === 'unit') {
    rows = (await q.query<{ status: string; n: number; overdue: number }>(
      `select v.status, sum(v.n)::int as n, coalesce(sum(v.n) filter (where v.overdue), 0)::int as overdue
       from work_order_counts v where v.unit_id = $1 and (${s.pred}) group by v.status`,
      [s.unitId],
    )).rows;
    receivedToday = (await q.query<{ n: number }>(
      `select count(*)::int as n from work_order_visibility v where v.unit_id = $1 and (${s.pred}) and v.received_at >= $2`,
      [s.unitId, dayStart],
    )).rows[0].n;
  } else {
    const params: unknown[] = [dayStart];
    const r = (await q.query<{ status: string; n: number; overdue: number; today: number }>(
      `select o.status, count(*)::int as n, count(*) filter (where cardinality(o.overdue_stages) > 0)::int as overdue,
              count(*) filter (where o.received_at >= $1)::int as today
       from work_orders o where ${visibilityClause(actor, params)} group by o.status`,
      params,
    )).rows;
    rows = r;
    receivedToday = r.reduce((a, x) => a + x.today, 0);
  }
  const byStatus: Record<string, number> = Object.fromEntries(STATUSES.map((st) => [st, 0]));
  let overdueOpen = 0;
  for (const row of rows) {
    byStatus[row.status] = row.n;
    if (!TERMINAL.includes(row.status as Status)) overdueOpen += row.overdue;
  }
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  const open = STATUSES.filter((st) => !TERMINAL.includes(st)).reduce((a, st) => a + byStatus[st], 0);
  return { total, open, overdueOpen, receivedToday, byStatus };
}
