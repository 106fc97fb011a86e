import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import type { OrderFacts } from './work-order-workflow.ts';
import type { OrderRow } from './work-order-tables.ts';
import { placeAndRequesterFacts } from './verification-policy.ts';


export type { OrderRow } from './work-order-tables.ts';

const CITYWIDE = ['intake_agent', 'dispatcher', 'callback_agent', 'hotline_supervisor', 'admin'];

/** Bits of work_order_visibility.via (migration 0005). */
export const VIA = { district: 1, street: 2, assignedInDistrict: 4, assignedBelow: 8, assigned: 16, lead: 32, coHandler: 64, city: 128 } as const;

/**
 * Where the orders a grant may see are found: an index range of work_order_visibility (a unit and
 * the reasons that count for its role), or a column of work_orders for people rather than units.
 */
export type VisibilitySource = { unitId: number; via: number } | { column: 'created_by' | 'grid_id' | 'requester_user_id'; value: number };

/**
 * The visibility rule: the centre sees everything; a district its territory and what is assigned
 * inside it; a street its territory and what is assigned to it or its communities; a department
 * what is assigned to it; a grid member what they reported or what lies in their grid; a citizen
 * their own requests. Null means citywide.
 */
export function visibilitySources(actor: Actor | null): VisibilitySource[] | null {
  if (!actor) return [];
  const out: VisibilitySource[] = [];
  for (const g of actor.grants) {
    if (CITYWIDE.includes(g.role)) return null;
    switch (g.role) {
      case 'district_supervisor':
        if (g.unitId !== null) out.push({ unitId: g.unitId, via: VIA.district | VIA.assignedInDistrict });
        break;
      case 'street_staff':
        if (g.unitId !== null) out.push({ unitId: g.unitId, via: VIA.street | VIA.assignedBelow });
        break;
      case 'department_staff':
        if (g.unitId !== null) out.push({ unitId: g.unitId, via: VIA.assigned });
        break;
      case 'grid_member':
        out.push({ column: 'created_by', value: actor.userId });
        if (g.unitId !== null) out.push({ column: 'grid_id', value: g.unitId });
        break;
      case 'citizen':
        out.push({ column: 'requester_user_id', value: actor.userId });
        break;
    }
  }
  return out;
}

/**
 * The visibility rule (see visibilitySources) as one SQL predicate over alias `o`, for single reads
 * and searches: a primary-key probe of work_order_visibility per candidate order.
 */
export function visibilityClause(actor: Actor | null, params: unknown[]): string {
  const sources = visibilitySources(actor);
  if (sources === null) return 'true';
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const units = sources.filter((s): s is { unitId: number; via: number } => 'unitId' in s);
  const parts = sources.filter((s) => 'column' in s).map((s) => `o.${(s as { column: string }).column} = ${p((s as { value: number }).value)}`);
  if (units.length) {
    const keys = units.map((u) => `(v.unit_id = ${p(u.unitId)} and (v.via & ${u.via}) <> 0)`).join(' or ');
    parts.push(`exists (select 1 from work_order_visibility v where v.order_id = o.id and v.unit_id = any(${p(units.map((u) => u.unitId))}::int[]) and (${keys}))`);
  }
  return parts.length ? parts.map((s) => `(${s})`).join(' or ') : 'false';
}

export async function canSee(q: Queryable, actor: Actor | null, order: { id: number }): Promise<boolean> {
  const params: unknown[] = [order.id];
  const clause = visibilityClause(actor, params);
  if (clause === 'true') return true;
  const r = await q.query<{ ok: boolean }>(`select exists (select 1 from work_orders o where o.id = $1 and (${clause})) as ok`, params);
  return r.rows[0].ok;
}

// The centre's roles that speak to requesters; admin manages accounts and has no call to make.
const CALLERS = ['intake_agent', 'dispatcher', 'callback_agent', 'hotline_supervisor'];

export function callsRequesters(actor: Actor | null): boolean {
  return !!actor && actor.grants.some((g) => CALLERS.includes(g.role));
}

/**
 * Fills work_order_visibility and work_order_counts for orders written without the commands (a
 * bulk history load): every order with id in [orderIdFrom, orderIdTo], from work_orders,
 * work_order_assignments and units. Idempotent; rows of the range are replaced.
 */
export async function rebuildVisibility(q: Queryable, range: { orderIdFrom?: number; orderIdTo?: number } = {}): Promise<void> {
  await q.query('select work_order_visibility_rebuild($1, $2)', [range.orderIdFrom ?? 0, range.orderIdTo ?? Number.MAX_SAFE_INTEGER]);
}

/** Keeps one order's visibility rows and counts in line with it; inside the transaction that changed it. */
export async function syncVisibility(tx: Queryable, orderId: number): Promise<void> {
  await tx.query('select work_order_visibility_sync($1)', [orderId]);
}

export function isCitywide(actor: Actor | null): boolean {
  return !!actor && actor.grants.some((g) => CITYWIDE.includes(g.role));
}

export async function loadFacts(q: Queryable, order: OrderRow): Promise<OrderFacts> {
  const r = await q.query<{
    co: number[] | null;
    lead_district: number | null;
    pending_ext: boolean;
    pending_excl: boolean;
    cb: { valid: boolean; solved: boolean | null; satisfaction: string | null } | null;
  }>(
    `select
       (select array_agg(unit_id) from work_order_assignments where order_id = $1 and active and role = 'co_handler') as co,
       (select district_id from units where id = $2) as lead_district,
       exists (select 1 from extensions where order_id = $1 and status = 'pending') as pending_ext,
       exists (select 1 from exclusions where order_id = $1 and status = 'pending') as pending_excl,
       (select json_build_object('valid', valid, 'solved', solved, 'satisfaction', satisfaction)
          from callbacks where order_id = $1 order by round desc, id desc limit 1) as cb`,
    [order.id, order.lead_unit_id],
  );
  const f = r.rows[0];
  return {
    status: order.status,
    leadUnitId: order.lead_unit_id,
    coHandlerUnitIds: f.co ?? [],
    districtId: order.district_id ?? f.lead_district,
    excluded: order.excluded,
    pendingExtension: f.pending_ext,
    pendingExclusion: f.pending_excl,
    lastCallback: f.cb,
    ...placeAndRequesterFacts(order),
  };
}
