import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { VIA, visibilityClause } from './work-order-access.ts';
import { presentSummary, type SummaryRow } from './work-order-presenter.ts';
import { CITY, queueSources, TERMINAL_SQL, visibleSources, type Source } from './work-order-sources.ts';
import { COUNT_CAP, decodeCursor, DUE_SQL, encodeCursor, parseStatuses, SUMMARY_COLS, SUMMARY_JOINS, type ListFilter } from './work-order-paging.ts';
import { searchWorkOrders } from './work-order-search.ts';

export type { ListFilter } from './work-order-paging.ts';


type Built = { sql: string; alias: 'v' | 'o' };

/**
 * A list of orders, newest first (or soonest due), paged by a keyset cursor. Each source reads
 * its index range from the cursor on and stops after a page; the merge of the sources is the page.
 * `page` above 1 without a cursor still works (an offset over the same merge) but costs more the
 * deeper it goes: follow `nextCursor` instead.
 */
export async function listWorkOrders(q: Queryable, actor: Actor, f: ListFilter) {
  if (f.q) return searchWorkOrders(q, actor, f);
  const due = f.sort === 'due';
  const cursor = decodeCursor(f.cursor, ['date', 'number']);
  const offset = !cursor && f.page > 1 ? (f.page - 1) * f.pageSize : 0;
  const take = offset + f.pageSize + 1;
  let sources = f.queue === 'mine' ? queueSources(actor) : visibleSources(actor);
  let streetDone = false;
  let leadDone = false;
  // The whole city narrowed to one street or one lead unit: that unit's own rows are the index range to read.
  if (f.streetId && sources.length === 1 && sources[0] === CITY) {
    sources = [{ kind: 'unit', unitId: f.streetId, pred: `(v.via & ${VIA.street}) <> 0`, open: false }];
    streetDone = true;
  } else if (f.leadUnitId && sources.length === 1 && sources[0] === CITY) {
    sources = [{ kind: 'unit', unitId: f.leadUnitId, pred: `(v.via & ${VIA.lead}) <> 0`, open: false }];
    leadDone = true;
  }
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const filters = { ...f, streetId: streetDone ? undefined : f.streetId, leadUnitId: leadDone ? undefined : f.leadUnitId };
  if (!sources.length) return { total: 0, totalExact: true, page: f.page, pageSize: f.pageSize, nextCursor: null, items: [] };
  const parts = sources.map((s) => sourceSql(s, filters, p, due ? null : { cursor, take }, due));
  const dueCursor = due && cursor ? `where (s.due, s.order_id) > (${p(cursor[0])}::timestamptz, ${p(cursor[1])}::bigint)` : '';
  // A unit's queue rows are a subset of what its grant sees (a lead or co-handler is assigned; a
  // district's territory is its own), so only queues of people need the visibility check.
  const vis = f.queue === 'mine' && sources.some((x) => x.kind === 'column') ? `where ${visibilityClause(actor, params)}` : '';
  const order = due ? 'c.due asc, c.order_id asc' : 'c.received_at desc, c.order_id desc';
  const rows = (
    await q.query<SummaryRow & { _due: Date | null }>(
      `with c as (
         select s.order_id, s.received_at, s.due from (${parts.map((x) => `(${x.sql})`).join(' union all ')}) s ${dueCursor}
         group by s.order_id, s.received_at, s.due order by ${order.replaceAll('c.', 's.')} limit ${p(take)})
       select ${SUMMARY_COLS}, c.due as _due from c join work_orders o on o.id = c.order_id ${SUMMARY_JOINS} ${vis}
       order by ${order} offset ${p(offset)}`,
      params,
    )
  ).rows;
  const items = rows.slice(0, f.pageSize);
  const last = items[items.length - 1];
  const nextCursor = rows.length > f.pageSize && last ? encodeCursor([due ? last._due : last.received_at, Number(last.id)]) : null;
  const count = await countSources(q, sources, filters, due);
  return { ...count, page: f.page, pageSize: f.pageSize, nextCursor, items: items.map(presentSummary) };
}

function sourceSql(
  s: Source,
  f: ListFilter,
  p: (v: unknown) => string,
  page: { cursor: unknown[] | null; take: number } | null,
  due: boolean,
): Built {
  const statuses = parseStatuses(f.status);
  const needOrder = due || !!(f.category || f.urgency || f.streetId || f.channel || f.leadUnitId) || s.kind !== 'unit';
  const alias = s.kind === 'unit' ? 'v' : 'o';
  const id = alias === 'v' ? 'v.order_id' : 'o.id';
  const where: string[] = [];
  let from: string;
  if (s.kind === 'unit') {
    from = `work_order_visibility v${needOrder ? ' join work_orders o on o.id = v.order_id' : ''}`;
    where.push(`v.unit_id = ${p(s.unitId)}`, `(${s.pred})`);
  } else if (s.kind === 'column') {
    from = 'work_orders o';
    where.push(`o.${s.column} = ${p(s.value)}`);
    if (s.pred) where.push(`(${s.pred})`);
  } else {
    from = 'work_orders o';
    where.push(`o.id in (select order_id from ${s.table} where status = 'pending')`);
  }
  const st = `${alias}.status`;
  const overdue = alias === 'v' ? 'v.overdue' : 'cardinality(o.overdue_stages) > 0';
  // Spelled out so the planner can match the open-orders partial index.
  const openOnly = due || f.overdue === 'true' || (s.kind === 'unit' && s.open) || (statuses !== null && statuses.every((x) => !['answered', 'not_dispatched', 'closed', 'merged'].includes(x)));
  if (openOnly) where.push(`${st} not in ${TERMINAL_SQL}`);
  if (statuses) where.push(`${st} = any(${p(statuses)}::text[])`);
  if (f.overdue === 'true') where.push(overdue);
  if (f.overdue === 'false') where.push(`not (${overdue} and ${st} not in ${TERMINAL_SQL})`);
  if (f.from) where.push(`${alias}.received_at >= ${p(f.from)}`);
  if (f.to) where.push(`${alias}.received_at < ${p(f.to)}`);
  if (f.category) where.push(`(o.category = ${p(f.category)} or o.category like ${p(`${f.category}.%`)})`);
  if (f.urgency) where.push(`o.urgency = ${p(f.urgency)}`);
  if (f.streetId) where.push(`o.street_id = ${p(f.streetId)}`);
  if (f.channel) where.push(`o.channel = ${p(f.channel)}`);
  if (f.leadUnitId) where.push(`o.lead_unit_id = ${p(f.leadUnitId)}`);
  if (due) where.push(`(${DUE_SQL}) is not null`);
  if (page?.cursor) where.push(`(${alias}.received_at, ${id}) < (${p(page.cursor[0])}::timestamptz, ${p(page.cursor[1])}::bigint)`);
  const dueCol = due ? `${DUE_SQL}` : 'null::timestamptz';
  const tail = page ? ` order by ${alias}.received_at desc, ${id} desc limit ${p(page.take)}` : '';
  return { sql: `select ${id} as order_id, ${alias}.received_at, ${dueCol} as due from ${from} where ${where.join(' and ')}${tail}`, alias };
}

/**
 * Exact from work_order_counts when the list is one unit's rows filtered only by what the counts
 * are kept by (status, overdue); otherwise counted up to COUNT_CAP and reported as "at least".
 */
async function countSources(q: Queryable, sources: Source[], f: ListFilter, due: boolean): Promise<{ total: number; totalExact: boolean }> {
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const s = sources[0];
  if (sources.length === 1 && s.kind === 'unit' && !due && !f.category && !f.urgency && !f.streetId && !f.channel && !f.leadUnitId && !f.from && !f.to) {
    const statuses = parseStatuses(f.status);
    const where = [`v.unit_id = ${p(s.unitId)}`, `(${s.pred})`];
    if (statuses) where.push(`v.status = any(${p(statuses)}::text[])`);
    if (f.overdue === 'true') where.push(`v.overdue and v.status not in ${TERMINAL_SQL}`);
    if (f.overdue === 'false') where.push(`not (v.overdue and v.status not in ${TERMINAL_SQL})`);
    const r = await q.query<{ n: number }>(`select coalesce(sum(v.n), 0)::int as n from work_order_counts v where ${where.join(' and ')}`, params);
    return { total: r.rows[0].n, totalExact: true };
  }
  const parts = sources.map((x) => sourceSql(x, f, p, { cursor: null, take: COUNT_CAP + 1 }, due));
  const r = await q.query<{ n: number }>(
    `select count(*)::int as n from (select distinct order_id from (${parts.map((x) => `(${x.sql})`).join(' union all ')}) s limit ${COUNT_CAP + 1}) x`,
    params,
  );
  const n = r.rows[0].n;
  return n > COUNT_CAP ? { total: COUNT_CAP, totalExact: false } : { total: n, totalExact: true };
}
