/**
 * The detail of one order as a single statement: the row and, as json aggregates, everything the
 * console shows with it and the facts the transition table decides on. `$VIS` is replaced with the
 * visibility predicate over `o`; `$1` is the order id; `$ME` the caller's user id.
 * A merge links two orders that may belong to different units: the other order is named (id and
 * code), but its state and result only go to a caller who may see that order itself (`$VIS_M`,
 * the same predicate with the inner `o` bound to the other order); the requester of a merged order
 * keeps the status of the order that handles their request.
 */
const VIS_M = 'select exists (select 1 from work_orders o where o.id = m.id and ($VIS)) as ok';
export const DETAIL_SQL = `
select o.*,
  ($VIS) as _visible,
  (select coalesce(json_agg(json_build_object('id', u.id, 'name', u.name, 'kind', u.kind)), '[]')
     from units u where u.id in (o.district_id, o.street_id, o.community_id, o.grid_id, o.lead_unit_id)) as _units,
  (select coalesce(json_agg(json_build_object('unit_id', a.unit_id, 'unit_name', u.name, 'unit_kind', u.kind, 'role', a.role, 'active', a.active,
            'assigned_at', a.assigned_at, 'report', a.report, 'reported_at', a.reported_at) order by a.id), '[]')
     from work_order_assignments a join units u on u.id = a.unit_id where a.order_id = o.id) as _assignments,
  (select coalesce(json_agg(json_build_object('seq', e.seq, 'type', e.type, 'action', e.action, 'at', e.at, 'actor_id', e.actor_id,
            'actor_name', us.display_name, 'actor_role', e.actor_role, 'actor_unit_id', e.actor_unit_id, 'actor_unit_name', un.name,
            'from_status', e.from_status, 'to_status', e.to_status, 'reason', e.reason, 'data', e.data) order by e.seq), '[]')
     from work_order_events e left join users us on us.id = e.actor_id left join units un on un.id = e.actor_unit_id
     where e.order_id = o.id) as _events,
  (select coalesce(json_agg(json_build_object('round', c.round, 'valid', c.valid, 'contacted', c.contacted, 'solved', c.solved,
            'satisfaction', c.satisfaction, 'note', c.note, 'at', c.at) order by c.round), '[]')
     from callbacks c where c.order_id = o.id) as _callbacks,
  (select coalesce(json_agg(json_build_object('id', x.id, 'unit_id', x.unit_id, 'unit_name', u.name, 'reason', x.reason, 'duration', x.duration,
            'status', x.status, 'requested_at', x.requested_at, 'decided_at', x.decided_at, 'decision_note', x.decision_note,
            'old_due_at', x.old_due_at, 'new_due_at', x.new_due_at) order by x.id), '[]')
     from extensions x join units u on u.id = x.unit_id where x.order_id = o.id) as _extensions,
  (select coalesce(json_agg(json_build_object('id', d.id, 'unit_id', d.unit_id, 'unit_name', u.name, 'reason', d.reason,
            'suggested_unit_id', d.suggested_unit_id, 'suggested_unit_name', su.name, 'suggested_unit_kind', su.kind, 'status', d.status, 'raised_at', d.raised_at, 'decided_at', d.decided_at,
            'decision_note', d.decision_note) order by d.id), '[]')
     from disputes d join units u on u.id = d.unit_id left join units su on su.id = d.suggested_unit_id where d.order_id = o.id) as _disputes,
  (select coalesce(json_agg(json_build_object('id', x.id, 'reason', x.reason, 'status', x.status, 'requested_at', x.requested_at,
            'decided_at', x.decided_at, 'decision_note', x.decision_note) order by x.id), '[]')
     from exclusions x where x.order_id = o.id) as _exclusions,
  (select coalesce(json_agg(json_build_object('kind', s.kind, 'stage', s.stage, 'note', s.note, 'created_at', s.created_at) order by s.id), '[]')
     from supervisions s where s.order_id = o.id) as _supervisions,
  (select coalesce(json_agg(json_build_object('id', a.id, 'kind', a.kind, 'name', a.name, 'mime', a.mime, 'size', a.size,
            'sha256', a.sha256, 'event_seq', a.event_seq, 'created_at', a.created_at) order by a.id), '[]')
     from attachments a where a.order_id = o.id) as _attachments,
  (select coalesce(json_agg(json_build_object('id', m.id, 'code', m.code, 'visible', v.ok, 'status', case when v.ok then m.status end) order by m.id), '[]')
     from work_orders m cross join lateral ($VIS_M) v where m.merged_into_id = o.id) as "_mergedFrom",
  (select json_build_object('id', m.id, 'code', m.code, 'visible', v.ok,
            'status', case when v.ok or o.requester_user_id = $ME then m.status end,
            'feedback_text', case when v.ok then m.feedback_text end, 'closed_at', case when v.ok then m.closed_at end)
     from work_orders m cross join lateral ($VIS_M) v where m.id = o.merged_into_id) as "_mergedInto",
  (select array_agg(a.unit_id) from work_order_assignments a where a.order_id = o.id and a.active and a.role = 'co_handler') as _co,
  (select u.district_id from units u where u.id = o.lead_unit_id) as _lead_district,
  exists (select 1 from extensions x where x.order_id = o.id and x.status = 'pending') as _pending_ext,
  exists (select 1 from exclusions x where x.order_id = o.id and x.status = 'pending') as _pending_excl,
  (select json_build_object('valid', c.valid, 'solved', c.solved, 'satisfaction', c.satisfaction)
     from callbacks c where c.order_id = o.id order by c.round desc, c.id desc limit 1) as _cb,
  (select json_agg(json_build_object('code', c.code, 'name', c.name) order by c.level)
     from categories c where c.taxonomy_version_id = o.taxonomy_version_id
       and c.code = any(array[left(o.category, 2), left(o.category, 5), o.category])) as _category_path
from work_orders o where o.id = $1`.replaceAll('$VIS_M', VIS_M);

export const EXTRA_KEYS = ['units', 'assignments', 'events', 'callbacks', 'extensions', 'disputes', 'exclusions', 'supervisions', 'attachments', 'mergedFrom', 'mergedInto'] as const;

export type DetailJson = { [K in (typeof EXTRA_KEYS)[number] as `_${K}`]: unknown } & {
  _visible: boolean;
  _co: number[] | null;
  _lead_district: number | null;
  _pending_ext: boolean;
  _pending_excl: boolean;
  _cb: { valid: boolean; solved: boolean | null; satisfaction: string | null } | null;
  _category_path: { code: string; name: string }[] | null;
};

/** json aggregates carry times as text: give them back as Dates, like the driver does for columns. */
export function reviveDates(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reviveDates);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, unknown> = {};
  for (const [k, x] of Object.entries(v)) out[k] = (k === 'at' || k.endsWith('_at')) && typeof x === 'string' ? new Date(x) : x;
  return out;
}
