import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { resolveCategory } from '../routing/taxonomy/taxonomy-queries.ts';
import { canSee, loadFacts, visibilityClause, type OrderRow } from './work-order-access.ts';
import { allowedActions, STATUSES } from './work-order-workflow.ts';
import { presentDetail, presentForRequester, presentSummary, type DetailExtras, type SummaryRow } from './work-order-presenter.ts';

export type ListFilter = { queue: 'mine' | 'all'; status?: string; q?: string; overdue?: 'true' | 'false'; page: number; pageSize: number };

/** A person's work queue: what waits on them now, by each role they hold. */
function queueClause(actor: Actor, params: unknown[]): string {
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const parts: string[] = [];
  for (const g of actor.grants) {
    switch (g.role) {
      case 'intake_agent':
        parts.push(`o.status = 'received' and o.created_by = ${p(actor.userId)}`);
        break;
      case 'dispatcher':
        parts.push(`o.status = 'received'`);
        break;
      case 'callback_agent':
        parts.push(`o.status in ('awaiting_callback','called_back')`);
        break;
      case 'hotline_supervisor':
        parts.push(`o.status = 'disputed'
          or exists (select 1 from extensions e where e.order_id = o.id and e.status = 'pending')
          or exists (select 1 from exclusions x where x.order_id = o.id and x.status = 'pending')`);
        break;
      case 'street_staff':
      case 'department_staff': {
        const u = p(g.unitId);
        parts.push(`(o.lead_unit_id = ${u} and o.status in ('dispatched','signed','in_progress','disputed','escalated'))
          or (o.status in ('dispatched','signed','in_progress') and exists (select 1 from work_order_assignments a
              where a.order_id = o.id and a.active and a.role = 'co_handler' and a.unit_id = ${u}))`);
        break;
      }
      case 'district_supervisor': {
        const d = p(g.unitId);
        parts.push(`(o.district_id = ${d} and (o.status = 'escalated' or (cardinality(o.overdue_stages) > 0 and o.status not in ('closed','answered','not_dispatched','merged'))))
          or (o.lead_unit_id = ${d} and o.status in ('dispatched','signed','in_progress','disputed'))`);
        break;
      }
      case 'grid_member':
      case 'citizen':
        parts.push(`o.created_by = ${p(actor.userId)} or o.requester_user_id = ${p(actor.userId)}`);
        break;
      case 'admin':
        break;
    }
  }
  return parts.length ? parts.map((s) => `(${s})`).join(' or ') : 'false';
}

export async function listWorkOrders(q: Queryable, actor: Actor, f: ListFilter) {
  const params: unknown[] = [];
  const where = [`(${visibilityClause(actor, params)})`];
  if (f.queue === 'mine') where.push(`(${queueClause(actor, params)})`);
  if (f.status) {
    const statuses = f.status.split(',').filter((s) => (STATUSES as readonly string[]).includes(s));
    params.push(statuses);
    where.push(`o.status = any($${params.length}::text[])`);
  }
  if (f.q) {
    params.push(`%${f.q.replace(/[\\%_]/g, (m) => '\\' + m)}%`);
    where.push(`(o.code ilike $${params.length} or o.title ilike $${params.length} or o.address ilike $${params.length})`);
  }
  // "Overdue" is about now: an order that was late once and is closed since is history, not work.
  if (f.overdue === 'true') where.push(`cardinality(o.overdue_stages) > 0 and o.status not in ('answered','not_dispatched','closed','merged')`);
  const whereSql = where.join(' and ');
  const total = (await q.query<{ n: number }>(`select count(*)::int as n from work_orders o where ${whereSql}`, params)).rows[0].n;
  params.push(f.pageSize, (f.page - 1) * f.pageSize);
  const rows = await q.query<SummaryRow>(
    `select o.id, o.code, o.status, o.version, o.title, o.request_type, o.urgency, o.channel, o.received_at, o.updated_at,
            o.due_dispatch_at, o.due_sign_at, o.due_contact_at, o.due_feedback_at, o.overdue_stages, o.excluded,
            lu.name as lead_unit_name, st.name as street_name
     from work_orders o left join units lu on lu.id = o.lead_unit_id left join units st on st.id = o.street_id
     where ${whereSql}
     order by o.received_at desc, o.id desc
     limit $${params.length - 1} offset $${params.length}`,
    params,
  );
  return { total, page: f.page, pageSize: f.pageSize, items: rows.rows.map(presentSummary) };
}

export async function getWorkOrderDetail(q: Queryable, actor: Actor, id: number) {
  const order = (await q.query<OrderRow>('select * from work_orders where id = $1', [id])).rows[0];
  if (!order || !(await canSee(q, actor, order))) throw notFound('work order', id);
  const facts = await loadFacts(q, order);
  const extras = await loadExtras(q, order);
  const detail = { ...presentDetail(order, extras, allowedActions(facts, actor), actor), categoryPath: await categoryPath(q, order) };
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

async function loadExtras(q: Queryable, o: OrderRow): Promise<DetailExtras> {
  const one = async <T>(sql: string, params: unknown[] = [o.id]) => (await q.query<T>(sql, params)).rows;
  const unitIds = [o.district_id, o.street_id, o.community_id, o.grid_id, o.lead_unit_id].filter((x): x is number => x !== null);
  const [units, assignments, events, callbacks, extensions, disputes, exclusions, supervisions, attachments, mergedFrom, mergedInto] = await Promise.all([
    one<{ id: number; name: string; kind: string }>('select id, name, kind from units where id = any($1::int[])', [unitIds]),
    one(`select a.unit_id, u.name as unit_name, u.kind as unit_kind, a.role, a.active, a.assigned_at, a.report, a.reported_at
         from work_order_assignments a join units u on u.id = a.unit_id where a.order_id = $1 order by a.id`),
    one(`select e.seq, e.type, e.action, e.at, e.actor_id, us.display_name as actor_name, e.actor_role, e.actor_unit_id,
                un.name as actor_unit_name, e.from_status, e.to_status, e.reason, e.data
         from work_order_events e left join users us on us.id = e.actor_id left join units un on un.id = e.actor_unit_id
         where e.order_id = $1 order by e.seq`),
    one('select round, valid, contacted, solved, satisfaction, note, at from callbacks where order_id = $1 order by round'),
    one(`select x.id, x.unit_id, u.name as unit_name, x.reason, x.duration, x.status, x.requested_at, x.decided_at, x.decision_note, x.old_due_at, x.new_due_at
         from extensions x join units u on u.id = x.unit_id where x.order_id = $1 order by x.id`),
    one(`select d.id, d.unit_id, u.name as unit_name, d.reason, d.suggested_unit_id, su.name as suggested_unit_name, su.kind as suggested_unit_kind,
                d.status, d.raised_at, d.decided_at, d.decision_note
         from disputes d join units u on u.id = d.unit_id left join units su on su.id = d.suggested_unit_id where d.order_id = $1 order by d.id`),
    one('select id, reason, status, requested_at, decided_at, decision_note from exclusions where order_id = $1 order by id'),
    one('select kind, stage, note, created_at from supervisions where order_id = $1 order by id'),
    one('select id, kind, name, mime, size, created_at from attachments where order_id = $1 order by id'),
    one('select id, code, status from work_orders where merged_into_id = $1 order by id'),
    o.merged_into_id ? one('select id, code, status, feedback_text, closed_at from work_orders where id = $1', [o.merged_into_id]) : Promise.resolve([]),
  ]);
  return { units, assignments, events, callbacks, extensions, disputes, exclusions, supervisions, attachments, mergedFrom, mergedInto: mergedInto[0] ?? null } as DetailExtras;
}

/** Headline counts for the command centre: orders by status, currently overdue, received today (Shanghai). */
export async function workOrderStats(q: Queryable, actor: Actor, now: Date) {
  const params: unknown[] = [];
  const vis = visibilityClause(actor, params);
  const dayStart = new Date(Math.floor((now.getTime() + 8 * 3600_000) / 86_400_000) * 86_400_000 - 8 * 3600_000);
  params.push(dayStart);
  const r = await q.query<{ status: string; n: number; overdue: number; today: number }>(
    `select o.status, count(*)::int as n,
            count(*) filter (where cardinality(o.overdue_stages) > 0)::int as overdue,
            count(*) filter (where o.received_at >= $${params.length})::int as today
     from work_orders o where ${vis} group by o.status`,
    params,
  );
  const byStatus: Record<string, number> = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  let overdueOpen = 0;
  let receivedToday = 0;
  for (const row of r.rows) {
    byStatus[row.status] = row.n;
    if (!['answered', 'not_dispatched', 'closed', 'merged'].includes(row.status)) overdueOpen += row.overdue;
    receivedToday += row.today;
  }
  const total = Object.values(byStatus).reduce((a, b) => a + b, 0);
  const open = STATUSES.filter((s) => !['answered', 'not_dispatched', 'closed', 'merged'].includes(s)).reduce((a, s) => a + byStatus[s], 0);
  return { total, open, overdueOpen, receivedToday, byStatus };
}
