import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { isCitywide, visibilityClause } from './work-order-access.ts';
import { presentSummary, type SummaryRow } from './work-order-presenter.ts';
import { queueSources, TERMINAL_SQL, visibleSources, type Source } from './work-order-sources.ts';
import { COUNT_CAP, decodeCursor, DUE_SQL, encodeCursor, parseStatuses, SUMMARY_COLS, SUMMARY_JOINS, type ListFilter } from './work-order-paging.ts';
import { orderTokens } from '../routing/duplicates/find-duplicates.ts';

// Must be written exactly as in the index expression (migration 0005) for the planner to use it.
const PLACE = `(o.title || ' ' || coalesce(o.address, ''))`;

/** How many of the newest visible orders the first pass looks through. */
const SEARCH_WINDOW = 20_000;

const emptyPage = (f: ListFilter) => ({ total: 0, totalExact: true, page: f.page, pageSize: f.pageSize, nextCursor: null, items: [] });

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => '\\' + m);

/**
 * Search over code, title, text, address and the requester's phone, ranked: the exact code first,
 * then a match in the title, in the words of the text, in the address. Words of the text match the
 * jieba tokens each order stores; fragments of title and address match by character bigrams; the
 * phone by trigrams, and only for those who may see the phone (the centre, the lead unit on an
 * order that is not anonymous, the requester), as the detail view shows it.
 */
export async function searchWorkOrders(q: Queryable, actor: Actor, f: ListFilter) {
  // A common word matches a large share of history: first look for the newest matches among the
  // newest WINDOW orders the actor may see (one index range). Enough there means they are the newest
  // matches overall; otherwise the word is rare and its indexes find it cheaply.
  const v = visibleSources(actor);
  const s0 = v[0];
  let found = s0 && v.length === 1 && s0.kind === 'unit' && f.queue !== 'mine' && f.sort !== 'due' ? await runSearch(q, actor, f, s0) : null;
  if (found === 'empty') return emptyPage(f);
  if (!found || found.count <= COUNT_CAP) found = await runSearch(q, actor, f, null);
  if (found === 'empty') return emptyPage(f);
  const { rows, count } = found;
  const due = f.sort === 'due';
  const items = rows.slice(0, f.pageSize);
  const last = items[items.length - 1];
  const nextCursor =
    rows.length > f.pageSize && last ? encodeCursor(due ? [last._due, Number(last.id)] : [last._rank, last.received_at, Number(last.id)]) : null;
  return {
    total: Math.min(count, COUNT_CAP),
    totalExact: count <= COUNT_CAP,
    page: f.page,
    pageSize: f.pageSize,
    nextCursor,
    items: items.map((r) => ({ ...presentSummary(r), rank: r._rank })),
  };
}

async function runSearch(q: Queryable, actor: Actor, f: ListFilter, window: { unitId: number; pred: string } | null) {
  const text = (f.q ?? '').trim();
  const params: unknown[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  const match: string[] = [];
  const filter: string[] = [];
  const rank: string[] = [];
  if (/^gd\d{8,}$/i.test(text)) {
    const c = p(text.toUpperCase());
    match.push(`select o.id from work_orders o where o.code = ${c}`);
    filter.push(`o.code = ${c}`);
    rank.push(`case when o.code = ${c} then 8 else 0 end`);
  }
  const frag = text.replace(/[\s\u3000]+/g, '').toLowerCase();
  if ([...frag].length >= 2) {
    const pat = p(`%${escapeLike(frag)}%`);
    if (!window) match.push(`select o.id from work_orders o where cjk_bigrams${PLACE} @> cjk_bigrams(${p(frag)}) and search_fold${PLACE} like ${pat}`);
    filter.push(`search_fold${PLACE} like ${pat}`);
    rank.push(`case when search_fold(o.title) like ${pat} then 4 when search_fold(o.address) like ${pat} then 1 else 0 end`);
  }
  const tokens = orderTokens(text, '');
  if (tokens.length) {
    const t = p(tokens);
    match.push(`select o.id from work_orders o where o.tokens @> ${t}::text[]`);
    filter.push(`o.tokens @> ${t}::text[]`);
    rank.push(`case when o.tokens @> ${t}::text[] then 2 else 0 end`);
  }
  const digits = text.replace(/[\s-]/g, '');
  if (/^\+?\d{4,20}$/.test(digits)) {
    const phoneScope = phoneScopeSql(actor, p);
    const pp = p(`%${digits}%`);
    match.push(`select o.id from work_orders o where o.requester_phone like ${pp} and ${phoneScope}`);
    filter.push(`(o.requester_phone like ${pp} and ${phoneScope})`);
    rank.push(`case when o.requester_phone is not null and ${phoneScope} then 1 else 0 end`);
  }
  if (!filter.length) return 'empty' as const;
  // Each way of matching reads its own index; the union is the set of matches. Ranking looks at the
  // newest COUNT_CAP + 1 of them, so a common word costs a bounded amount however long the history.
  const where = window
    ? [
        `o.id in (select v.order_id from work_order_visibility v where v.unit_id = ${p(window.unitId)} and (${window.pred}) order by v.received_at desc, v.order_id desc limit ${SEARCH_WINDOW})`,
        `(${filter.join(' or ')})`,
        ...filterSql(f, p),
      ]
    : [`o.id in (${match.join(' union ')})`, `(${visibilityClause(actor, params)})`, ...filterSql(f, p)];
  if (f.queue === 'mine') {
    const sources = queueSources(actor);
    if (!sources.length) return 'empty' as const;
    where.push(`(${sources.map((s) => sourcePredicate(s, p)).join(' or ')})`);
  }
  const due = f.sort === 'due';
  if (due) where.push(`o.status not in ${TERMINAL_SQL}`, `(${DUE_SQL}) is not null`);
  const matchParams = params.length;
  const cursor = decodeCursor(f.cursor, due ? ['date', 'number'] : ['number', 'date', 'number']);
  const after = !cursor
    ? ''
    : due
      ? `where (x._due, x.id) > (${p(cursor[0])}::timestamptz, ${p(cursor[1])}::bigint)`
      : `where (x._rank, x.received_at, x.id) < (${p(cursor[0])}::int, ${p(cursor[1])}::timestamptz, ${p(cursor[2])}::bigint)`;
  const order = due ? 'x._due asc, x.id asc' : 'x._rank desc, x.received_at desc, x.id desc';
  const offset = !cursor && f.page > 1 ? (f.page - 1) * f.pageSize : 0;
  const candidates = `c as (
    select o.id, o.received_at, (${rank.join(' + ')}) as _rank, ${due ? DUE_SQL : 'null::timestamptz'} as _due
    from work_orders o where ${where.join(' and ')} order by o.received_at desc, o.id desc limit ${COUNT_CAP + 1})`;
  const rows = (
    await q.query<SummaryRow & { _rank: number; _due: Date | null; _n: number }>(
      `with ${candidates},
       x as (select * from c x ${after} order by ${order} limit ${p(offset + f.pageSize + 1)} offset ${p(offset)})
       select ${SUMMARY_COLS}, x._rank, x._due, (select count(*)::int from c) as _n
       from x join work_orders o on o.id = x.id ${SUMMARY_JOINS} order by ${order}`,
      params,
    )
  ).rows;
  // Past the last page there is no row to carry the count: ask for it alone.
  const count: number = rows[0]?._n ?? (!cursor && !offset ? 0 : null) ?? (await q.query<{ n: number }>(`with ${candidates} select count(*)::int as n from c`, params.slice(0, matchParams))).rows[0].n;
  return { rows, count };
}

/** Whose phone numbers the actor sees in full: the same rule as the detail view's requester block. */
function phoneScopeSql(actor: Actor, p: (v: unknown) => string): string {
  if (isCitywide(actor)) return 'true';
  const units = actor.grants.map((g) => g.unitId).filter((u): u is number => u !== null);
  const parts = [`o.requester_user_id = ${p(actor.userId)}`];
  if (units.length) parts.push(`(o.lead_unit_id = any(${p(units)}::int[]) and not o.requester_anonymous)`);
  return `(${parts.join(' or ')})`;
}

function filterSql(f: ListFilter, p: (v: unknown) => string): string[] {
  const out: string[] = [];
  const statuses = parseStatuses(f.status);
  if (statuses) out.push(`o.status = any(${p(statuses)}::text[])`);
  if (f.overdue === 'true') out.push(`cardinality(o.overdue_stages) > 0 and o.status not in ${TERMINAL_SQL}`);
  if (f.overdue === 'false') out.push(`not (cardinality(o.overdue_stages) > 0 and o.status not in ${TERMINAL_SQL})`);
  if (f.from) out.push(`o.received_at >= ${p(f.from)}`);
  if (f.to) out.push(`o.received_at < ${p(f.to)}`);
  if (f.category) out.push(`(o.category = ${p(f.category)} or o.category like ${p(`${f.category}.%`)})`);
  if (f.urgency) out.push(`o.urgency = ${p(f.urgency)}`);
  if (f.streetId) out.push(`o.street_id = ${p(f.streetId)}`);
  return out;
}

function sourcePredicate(s: Source, p: (v: unknown) => string): string {
  if (s.kind === 'unit') return `exists (select 1 from work_order_visibility v where v.order_id = o.id and v.unit_id = ${p(s.unitId)} and (${s.pred}))`;
  if (s.kind === 'column') return `(o.${s.column} = ${p(s.value)}${s.pred ? ` and (${s.pred})` : ''})`;
  return `o.id in (select order_id from ${s.table} where status = 'pending')`;
}
