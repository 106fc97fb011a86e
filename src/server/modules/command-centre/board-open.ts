import type { Queryable } from '../../db/client.ts';
import { OPEN_STATUSES } from '../work-orders/work-order-workflow.ts';
import { VIA } from '../work-orders/work-order-access.ts';
import { TERMINAL_SQL } from '../work-orders/work-order-sources.ts';
import type { BoardScope } from './command-centre-scope.ts';

/** One index range of work_order_visibility: a unit and the reasons that count (the centre: unit 0). */
export type BoardRange = { unitId: number; via: number };

/** The open orders of a board by status, with how many are overdue or emergencies, and per area. */
export type OpenFigures = { byStatus: Record<string, number>; overdueOpen: number; emergencyOpen: number; openByArea: Record<string, number> };

/** An order still open, written as the open indexes' predicate (migration 0011). */
export const OPEN_PART = `o.status not in ${TERMINAL_SQL}`;

/**
 * A range's orders as a predicate over `o` (a street's board is its street's territory range, so
 * the range alone is the board). The territory reasons are the order's own columns
 * (work_order_visibility_rows gives the district bit for district_id, the street bit for
 * street_id), so the planner can walk work_orders' open indexes instead of joining a territory's
 * hundreds of thousands of visibility rows; only the other reasons (assigned inside the district)
 * are probed in the visibility table, order by order.
 */
export function rangeWhere(range: BoardRange, params: unknown[]): string {
  if ((range.via & VIA.city) !== 0) return 'true';
  const unit = `$${params.push(range.unitId)}`;
  const parts: string[] = [];
  if ((range.via & VIA.district) !== 0) parts.push(`o.district_id = ${unit}`);
  if ((range.via & VIA.street) !== 0) parts.push(`o.street_id = ${unit}`);
  const rest = range.via & ~(VIA.district | VIA.street);
  if (rest) parts.push(`exists (select 1 from work_order_visibility v where v.order_id = o.id and v.unit_id = ${unit} and (v.via & ${rest}) <> 0)`);
  return `(${parts.join(' or ')})`;
}

const zeroes = () => Object.fromEntries(OPEN_STATUSES.map((s) => [s, 0])) as Record<string, number>;

/**
 * The open figures of a board whose orders are one range, without reading its open orders one by
 * one: status and overdue from work_order_counts (kept with every change of an order), the streets
 * of the map from each street's own counts, emergencies and a street's communities from
 * work_orders' open indexes (emergencies are few; a street's open orders are one index range).
 */
export async function openFromCounts(q: Queryable, range: BoardRange, scope: BoardScope): Promise<OpenFigures> {
  const ep: unknown[] = [];
  const [status, emergency, areas] = await Promise.all([
    q.query<{ status: string; overdue: boolean; n: number }>(
      `select c.status, c.overdue, sum(c.n)::int as n from work_order_counts c
       where c.unit_id = $1 and (c.via & $2) <> 0 and c.status = any($3::text[]) group by 1, 2`,
      [range.unitId, range.via, OPEN_STATUSES],
    ),
    q.query<{ n: number }>(`select count(*)::int as n from work_orders o where o.urgency = 'emergency' and ${OPEN_PART} and ${rangeWhere(range, ep)}`, ep),
    scope.areaKind === 'street'
      ? q.query<{ area: number; n: number }>(
          `select c.unit_id as area, sum(c.n)::int as n from work_order_counts c join units u on u.id = c.unit_id
           where u.kind in ('street', 'township') and ($1::int is null or u.parent_id = $1) and (c.via & ${VIA.street}) <> 0 and c.status = any($2::text[])
           group by 1 having sum(c.n) <> 0`,
          [scope.areaParentId, OPEN_STATUSES],
        )
      : q.query<{ area: number | null; n: number }>(
          `select o.community_id as area, count(*)::int as n from work_orders o where o.status = any($2::text[]) and o.street_id = $1 group by 1`,
          [scope.unitId, OPEN_STATUSES],
        ),
  ]);
  const byStatus = zeroes();
  let overdueOpen = 0;
  for (const r of status.rows) {
    byStatus[r.status] += r.n;
    if (r.overdue) overdueOpen += r.n;
  }
  const openByArea: Record<string, number> = {};
  for (const r of areas.rows) if (r.area !== null) openByArea[r.area] = r.n;
  return { byStatus, overdueOpen, emergencyOpen: emergency.rows[0].n, openByArea };
}

/** The same figures by reading the open orders the viewer may see (any visibility: several grants, people). */
export async function openFromOrders(q: Queryable, where: string, params: unknown[], areaColumn: string): Promise<OpenFigures> {
  const r = await q.query<{ status: string; n: number; overdue: number; emergency: number; area: number | null }>(
    `select o.status, o.${areaColumn} as area, count(*)::int as n,
       count(*) filter (where cardinality(o.overdue_stages) > 0)::int as overdue,
       count(*) filter (where o.urgency = 'emergency')::int as emergency
     from work_orders o where o.status = any($${params.length + 1}::text[]) and ${where} group by 1, 2`,
    [...params, OPEN_STATUSES],
  );
  const byStatus = zeroes();
  const openByArea: Record<string, number> = {};
  let overdueOpen = 0;
  let emergencyOpen = 0;
  for (const x of r.rows) {
    byStatus[x.status] += x.n;
    overdueOpen += x.overdue;
    emergencyOpen += x.emergency;
    if (x.area !== null) openByArea[x.area] = (openByArea[x.area] ?? 0) + x.n;
  }
  return { byStatus, overdueOpen, emergencyOpen, openByArea };
}
