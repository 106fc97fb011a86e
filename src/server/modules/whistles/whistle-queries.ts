import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { notFound } from '../../lib/errors.ts';
import { canSeeWhistle, visibleWhere } from './whistle-access.ts';
import { loadWhistleFacts } from './whistle-transition.ts';
import { allowedWhistleActions, blockedWhistleActions, decideWhistle, type WhistleAction, type WhistleFacts } from './whistle-workflow.ts';
import type { LeaderPost, WhistleRow } from './whistle-tables.ts';
import { photoUrl } from './whistle-photos.ts';

// A summons shown as one status: a pending unit past its deadline is 'late'.
const REPORT_INS = `coalesce((select json_agg(json_build_object(
    'id', s.id, 'unitId', s.unit_id, 'unitCode', u.code, 'unitName', u.name, 'dueAt', s.due_at,
    'status', case when s.status = 'pending' and (s.late or s.due_at < $NOW) then 'late' else s.status end,
    'late', s.late or (s.status = 'pending' and s.due_at < $NOW) or coalesce(s.reported_at > s.due_at, false),
    'lateMinutes', s.late_minutes, 'reportedAt', s.reported_at, 'person', s.person, 'source', s.source,
    'arrival', case when s.arrived_at is null then null else json_build_object('at', s.arrived_at, 'lon', s.arrived_lon, 'lat', s.arrived_lat) end,
    'releasedAt', s.released_at, 'releaseReason', s.release_reason,
    'leaders', case when w.type = 'hard_problem' and u.kind = 'district' then
        (select json_agg(json_build_object('post', p.post, 'person', l.person, 'reportedAt', l.reported_at, 'lateMinutes', l.late_minutes) order by p.ord)
           from unnest(array['standing_committee', 'deputy_head']) with ordinality as p(post, ord)
           left join whistle_leader_report_ins l on l.summons_id = s.id and l.post = p.post) end,
    'stationed', (select coalesce(json_agg(json_build_object('id', ss.id, 'name', ss.name, 'phone', ss.phone) order by ss.id), '[]')
                    from stationed_staff ss where ss.id = any(s.stationed_staff_ids))) order by s.id)
  from whistle_summons s join units u on u.id = s.unit_id where s.whistle_id = w.id), '[]')`;

const SUMMARY = (now: string) => `w.id, w.version, w.status, w.type, w.trigger, w.scope, w.title, w.street_id as "streetId", st.name as "streetName",
  w.district_id as "districtId", w.on_site as "onSite", w.created_at as "createdAt", w.closed_at as "closedAt", w.escalated_at as "escalatedAt", w.result,
  ${REPORT_INS.replaceAll('$NOW', now)} as "reportIns"`;

type ReportInJson = {
  unitId: number; status: string; dueAt: string; reportedAt: string | null; releasedAt: string | null; arrival: { at: string } | null;
  leaders: { post: LeaderPost; reportedAt: string | null }[] | null;
};
const iso = (v: string | null) => (v === null ? null : new Date(v).toISOString());

/** json_build_object writes timestamps in PostgreSQL's format; the API speaks ISO 8601 throughout. */
function isoReportIns<T extends { reportIns: unknown }>(row: T): Omit<T, 'reportIns'> & { reportIns: ReportInJson[] } {
  const list = (row.reportIns as ReportInJson[]).map((r) => ({
    ...r, dueAt: iso(r.dueAt)!, reportedAt: iso(r.reportedAt), releasedAt: iso(r.releasedAt), arrival: r.arrival ? { ...r.arrival, at: iso(r.arrival.at)! } : null,
    leaders: r.leaders && r.leaders.map((l) => ({ ...l, reportedAt: iso(l.reportedAt) })),
  }));
  return { ...row, reportIns: list };
}

export type WhistleListFilter = { status: 'open' | 'closed' | 'all'; streetId?: number; workOrderId?: number; summoned?: 'mine'; limit: number };

export async function listWhistles(q: Queryable, actor: Actor, f: WhistleListFilter, now: Date) {
  const params: unknown[] = [now];
  const v = visibleWhere(actor, 2);
  params.push(...v.params);
  const where = [v.sql];
  if (f.status === 'open') where.push(`w.status <> 'closed'`);
  if (f.status === 'closed') where.push(`w.status = 'closed'`);
  if (f.streetId) where.push(`w.street_id = $${params.push(f.streetId)}`);
  if (f.workOrderId) where.push(`exists (select 1 from whistle_orders wo where wo.whistle_id = w.id and wo.order_id = $${params.push(f.workOrderId)})`);
  if (f.summoned === 'mine') {
    const mine = actor.grants.filter((g) => g.unitId !== null).map((g) => g.unitId!);
    where.push(`exists (select 1 from whistle_summons ms where ms.whistle_id = w.id and ms.unit_id = any($${params.push(mine)}::int[]))`);
  }
  const rows = await q.query(
    `select ${SUMMARY('$1::timestamptz')} from whistles w join units st on st.id = w.street_id
      where ${where.join(' and ')} order by w.status = 'closed', w.created_at desc, w.id desc limit ${f.limit}`,
    params,
  );
  return { items: rows.rows.map((r) => isoReportIns(r as { id: number; reportIns: unknown })) };
}

export async function getWhistleDetail(q: Queryable, actor: Actor, id: number, now: Date) {
  if (!(await canSeeWhistle(q, actor, { id }))) throw notFound('whistle', id);
  const w = (await q.query<WhistleRow & { streetName: string; reportIns: unknown[] }>(
    `select w.*, st.name as "streetName", ${REPORT_INS.replaceAll('$NOW', '$2::timestamptz')} as "reportIns"
       from whistles w join units st on st.id = w.street_id where w.id = $1`, [id, now],
  )).rows[0];
  const citywideOrArea = actor.grants.some((g) => ['admin', 'hotline_supervisor', 'district_supervisor'].includes(g.role) || (g.role === 'street_staff' && (g.unitId === w.street_id || !!g.unitPath?.includes(`/${w.street_id}/`))));
  const myUnits = actor.grants.filter((g) => g.unitId !== null).map((g) => g.unitId!);
  const [orders, actions, ratings, events, policy, notes, facts, photos] = await Promise.all([
    q.query(`select o.id, o.code, o.title, o.status from whistle_orders wo join work_orders o on o.id = wo.order_id where wo.whistle_id = $1 order by o.id`, [id]),
    q.query(`select a.id, a.unit_id as "unitId", u.name as "unitName", a.text, a.created_at as "createdAt", us.display_name as "by"
               from whistle_actions a join units u on u.id = a.unit_id left join users us on us.id = a.created_by where a.whistle_id = $1 order by a.id`, [id]),
    // a department sees its own ratings; the street and the district see all of them
    q.query(`select r.unit_id as "unitId", u.name as "unitName", r.timeliness, r.attitude, r.effectiveness, r.comment, r.status,
                    r.contest_due_at as "contestDueAt", r.contest_reason as "contestReason", r.original, r.decision_note as "decisionNote",
                    r.decided_at as "decidedAt", r.created_at as "createdAt"
               from whistle_ratings r join units u on u.id = r.unit_id where r.whistle_id = $1 and ($2 or r.unit_id = any($3::int[])) order by r.id`, [id, citywideOrArea, myUnits]),
    q.query(`select e.id, e.type, e.action, e.at, e.from_status as "from", e.to_status as "to", e.reason, e.data, e.actor_role as "actorRole",
                    e.actor_unit_id as "actorUnitId", e.unit_id as "unitId", u.name as "unitName", us.display_name as "actorName"
               from whistle_events e left join units u on u.id = e.unit_id left join users us on us.id = e.actor_id where e.whistle_id = $1 order by e.id`, [id]),
    q.query(`select version, name, limits, warn_before_minutes as "warnBeforeMinutes", contest_days as "contestDays" from whistle_policies where id = $1`, [w.policy_id]),
    q.query(`select kind, title, title_en as "titleEn", created_at as "createdAt", read_at as "readAt" from notifications
              where user_id = $1 and subject_kind = 'whistle' and subject_id = $2 order by id`, [actor.userId, id]),
    loadWhistleFacts(q, w),
    q.query<{ id: number; actionId: number | null; name: string; mime: string; kind: string; size: number; createdAt: Date }>(
      `select id, action_id as "actionId", name, mime, kind, size, created_at as "createdAt" from whistle_photos where whistle_id = $1 order by id`, [id]),
  ]);
  const reportIns = isoReportIns(w).reportIns;
  // 双报到: the posts still to report in on the caller's own leaders' summons, for the report-in form
  const mine = reportIns.find((r) => r.leaders && myUnits.includes(r.unitId) && !r.reportedAt);
  return {
    id: w.id, version: w.version, status: w.status, type: w.type, trigger: w.trigger, scope: w.scope, scopeReason: w.scope_reason,
    title: w.title, description: w.description, place: w.place, lon: w.lon, lat: w.lat, onSite: w.on_site,
    streetId: w.street_id, streetName: w.streetName, districtId: w.district_id, blownBy: w.blown_by, blownByUnitId: w.blown_by_unit_id,
    proposal: w.proposal, result: w.result, createdAt: w.created_at, updatedAt: w.updated_at, escalatedAt: w.escalated_at, closedAt: w.closed_at,
    policy: policy.rows[0], limit: (policy.rows[0] as { limits: Record<string, unknown> }).limits[w.type],
    reportIns, myLeaderPosts: mine?.leaders?.filter((l) => !l.reportedAt).map((l) => l.post) ?? [], workOrders: orders.rows, actions: actions.rows, ratings: ratings.rows, events: events.rows,
    photos: photos.rows.map((p) => ({ ...p, url: photoUrl(id, p.id) })),
    onBehalf: { report_in: onBehalfUnits('report_in', facts, actor), record_action: onBehalfUnits('record_action', facts, actor) },
    myNotifications: notes.rows, allowedActions: allowedWhistleActions(facts, actor), blockedActions: blockedWhistleActions(facts, actor),
  };
}

/** The departments the street may report in or act for, through the stationed staff it dispatched; empty for anyone acting for their own unit. */
function onBehalfUnits(action: WhistleAction, facts: WhistleFacts, actor: Actor): number[] {
  const d = decideWhistle(action, facts, actor);
  if (!d.ok || !d.onBehalf) return [];
  const fits = action === 'report_in' ? ['pending'] : ['reported', 'acted'];
  return facts.summons.filter((s) => s.stationed && fits.includes(s.status)).map((s) => s.unitId);
}
