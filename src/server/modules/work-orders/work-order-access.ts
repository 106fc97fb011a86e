import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import type { OrderFacts, Status } from './work-order-workflow.ts';

export type OrderRow = {
  id: number;
  code: string;
  status: Status;
  version: number;
  channel: string;
  request_type: string;
  title: string;
  text: string;
  urgency: string;
  category: string | null;
  district_id: number | null;
  street_id: number | null;
  community_id: number | null;
  grid_id: number | null;
  address: string | null;
  lon: number | null;
  lat: number | null;
  requester_name: string | null;
  requester_phone: string | null;
  requester_anonymous: boolean;
  requester_user_id: number | null;
  lead_unit_id: number | null;
  sla_policy_id: number | null;
  received_at: Date;
  dispatched_at: Date | null;
  signed_at: Date | null;
  first_contact_at: Date | null;
  feedback_at: Date | null;
  closed_at: Date | null;
  due_dispatch_at: Date | null;
  due_sign_at: Date | null;
  due_contact_at: Date | null;
  due_feedback_at: Date | null;
  overdue_stages: string[];
  reopen_count: number;
  extension_count: number;
  excluded: boolean;
  merged_into_id: number | null;
  held_from_status: Status | null;
  answer: string | null;
  close_reason: string | null;
  feedback_text: string | null;
  feedback_solved: boolean | null;
  created_by: number | null;
  updated_at: Date;
  taxonomy_version_id: number | null;
  duty_list_id: number | null;
  dispatch_rule_id: number | null;
  routing_proposal: Record<string, unknown> | null;
  routing_overridden: boolean | null;
  tokens: string[] | null;
};

const CITYWIDE = ['intake_agent', 'dispatcher', 'callback_agent', 'hotline_supervisor', 'admin'];

/**
 * The visibility rule as one SQL predicate over alias `o`, used for lists and single reads alike:
 * the centre sees everything; a district its territory and what is assigned inside it; a street
 * its territory and what is assigned to it or its communities; a department what is assigned to
 * it; a grid member what they reported or what lies in their grid; a citizen their own requests.
 */
export function visibilityClause(actor: Actor | null, params: unknown[]): string {
  if (!actor) return 'false';
  const parts: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const assignedWhere = (cond: string) =>
    `exists (select 1 from work_order_assignments a join units u on u.id = a.unit_id where a.order_id = o.id and a.active and ${cond})`;
  for (const g of actor.grants) {
    if (CITYWIDE.includes(g.role)) return 'true';
    switch (g.role) {
      case 'district_supervisor': {
        const d = p(g.unitId);
        parts.push(`o.district_id = ${d} or ${assignedWhere(`u.district_id = ${d}`)}`);
        break;
      }
      case 'street_staff':
        parts.push(`o.street_id = ${p(g.unitId)} or ${assignedWhere(`u.path like ${p(`${g.unitPath}%`)}`)}`);
        break;
      case 'department_staff':
        parts.push(assignedWhere(`a.unit_id = ${p(g.unitId)}`));
        break;
      case 'grid_member':
        parts.push(`o.created_by = ${p(actor.userId)} or o.grid_id = ${p(g.unitId)}`);
        break;
      case 'citizen':
        parts.push(`o.requester_user_id = ${p(actor.userId)}`);
        break;
    }
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
  };
}
