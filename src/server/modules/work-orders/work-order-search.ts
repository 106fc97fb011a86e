import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { isCitywide, VIA, visibilityClause, visibilitySources } from './work-order-access.ts';
import { presentSummary, type SummaryRow } from './work-order-presenter.ts';
import { queueSources, TERMINAL_SQL, type Source } from './work-order-sources.ts';
import { COUNT_CAP, decodeCursor, DUE_SQL, encodeCursor, parseStatuses, SUMMARY_COLS, SUMMARY_JOINS, type ListFilter } from './work-order-paging.ts';
import { orderTokens } from '../routing/duplicates/find-duplicates.ts';
import { nextWeekSpan, WEEK_MS, weekOf, type WeekSpan } from './search-weeks.ts';

// Both must be written exactly as in the index expressions (migrations 0005 and 0023) for the planner to use them.
const PLACE = `(o.title || ' ' || coalesce(o.address, ''))`;
const KEYS = `search_keys(o.received_at, o.tokens, o.title || ' ' || coalesce(o.address, ''), o.requester_phone, o.street_id, o.lead_unit_id)`;
// Bits of work_order_visibility.via the unit keys stand for (territory, lead), with the district's and
// the city's, which scoped searches do not use: the rest is what wov_unit_other_idx holds (migration 0023).
const KEYED_VIA = VIA.district | VIA.street | VIA.lead | VIA.city;

type Param = (v: unknown) => string;
/**
 * One way of matching: every key must be among the order's keys (in one week), then `recheck` holds.
 * `rank` scores it: title beats words of the text, which beat the address; a phone match counts once.
 */
type Way = { keys: string[]; recheck: (p: Param) => string | null; rank: (p: Param) => string };
type Candidate = { id: number; received_at: Date; _rank: number; _due: Date | null };

const emptyPage = (f: ListFilter) => ({ total: 0, totalExact: true, page: f.page, pageSize: f.pageSize, nextCursor: null, items: [] });

const escapeLike = (s: string) => s.replace(/[\\%_]/g, (m) => '\\' + m);

/**
 * Search over code, title, text, address and the last digits of the requester's phone, ranked: the
 * exact code first, then a match in the title, in the words of the text, in the address. Words of
 * the text match the jieba tokens each order stores; fragments of title and address match by
 * character bigrams; the phone by its last four digits, and only for those who may see the phone
 * (the centre, the lead unit on an order that is not anonymous, the requester), as the detail view
 * shows it.
 *
 * Ranking looks at the newest COUNT_CAP + 1 visible matches. They are collected span by span of
 * weeks, newest first (the index keys carry the week; see nextWeekSpan), so a common word stops
 * after its newest weeks and a rare word costs a handful of index lookups, however long the history.
 */
export async function searchWorkOrders(q: Queryable, actor: Actor, f: ListFilter) {
  const text = (f.q ?? '').trim();
  const code = /^gd\d{8,}$/i.test(text) ? text.toUpperCase() : null;
  const ways = matchWays(actor, text);
  if (!ways.length && !code) return emptyPage(f);
  const mine = f.queue === 'mine' ? queueSources(actor) : null;
  if (mine && !mine.length) return emptyPage(f);

  const bounds = (await q.query<{ lo: Date | null; hi: Date | null }>('select min(received_at) as lo, max(received_at) as hi from work_orders')).rows[0];
  if (!bounds.lo || !bounds.hi) return emptyPage(f);
  const lo = weekOf(f.from && f.from > bounds.lo ? f.from : bounds.lo);
  const hi = weekOf(f.to && f.to < bounds.hi ? f.to : bounds.hi);
  const found = new Map<number, Candidate>();
  const units = scopedUnits(actor);
  let prev: { span: WeekSpan; found: number } | null = null;
  for (let span = nextWeekSpan(hi, lo, null, COUNT_CAP + 1); span; span = nextWeekSpan(hi, lo, prev, COUNT_CAP + 1 - found.size)) {
    const rows = await candidates(q, actor, f, { ways, code: prev ? null : code, units }, span, mine, COUNT_CAP + 1 - found.size);
    for (const r of rows) if (!found.has(Number(r.id))) found.set(Number(r.id), { ...r, id: Number(r.id) });
    prev = { span, found: rows.length };
  }
  // The newest COUNT_CAP + 1 matches, then the order the caller asked for.
  const pool = [...found.values()].sort((a, b) => b.received_at.getTime() - a.received_at.getTime() || b.id - a.id).slice(0, COUNT_CAP + 1);
  const due = f.sort === 'due';
  pool.sort(due ? byDue : byRank);
  const cursor = decodeCursor(f.cursor, due ? ['date', 'number'] : ['number', 'date', 'number']);
  const after = cursor ? pool.filter((r) => (due ? afterDue(r, cursor) : afterRank(r, cursor))) : pool;
  const offset = !cursor && f.page > 1 ? (f.page - 1) * f.pageSize : 0;
  const page = after.slice(offset, offset + f.pageSize);
  const more = after.length > offset + f.pageSize;
  const last = page[page.length - 1];
  const nextCursor = more && last ? encodeCursor(due ? [last._due, last.id] : [last._rank, last.received_at, last.id]) : null;
  const summaries = page.length
    ? (await q.query<SummaryRow>(`select ${SUMMARY_COLS} from work_orders o ${SUMMARY_JOINS} where o.id = any($1::int8[])`, [page.map((r) => r.id)])).rows
    : [];
  const byId = new Map(summaries.map((s) => [Number(s.id), s]));
  return {
    total: Math.min(pool.length, COUNT_CAP),
    totalExact: pool.length <= COUNT_CAP,
    page: f.page,
    pageSize: f.pageSize,
    nextCursor,
    items: page.filter((r) => byId.has(r.id)).map((r) => ({ ...presentSummary(byId.get(r.id)!), rank: r._rank })),
  };
}

const byRank = (a: Candidate, b: Candidate) => b._rank - a._rank || b.received_at.getTime() - a.received_at.getTime() || b.id - a.id;
const byDue = (a: Candidate, b: Candidate) => (a._due?.getTime() ?? Infinity) - (b._due?.getTime() ?? Infinity) || a.id - b.id;
const afterRank = (r: Candidate, c: unknown[]) => byRank(r, { id: c[2] as number, received_at: c[1] as Date, _rank: c[0] as number, _due: null }) > 0;
const afterDue = (r: Candidate, c: unknown[]) => byDue(r, { id: c[1] as number, received_at: r.received_at, _rank: 0, _due: c[0] as Date }) > 0;

/**
 * The units whose keys narrow a search: a street's or a department's (what they see is mostly their
 * territory or what they lead). Null for the centre, a district and people-based visibility.
 */
function scopedUnits(actor: Actor): number[] | null {
  const sources = visibilitySources(actor);
  if (!sources?.length || sources.some((s) => !('unitId' in s) || (s.via & VIA.district) !== 0)) return null;
  return sources.map((s) => (s as { unitId: number }).unitId);
}

/** The ways the text can match: words of the text, a fragment of title or address, the phone's last digits. */
function matchWays(actor: Actor, text: string): Way[] {
  const ways: Way[] = [];
  const tokens = orderTokens(text, '');
  if (tokens.length) ways.push({ keys: tokens.map((t) => `t${t}`), recheck: () => null, rank: (p) => `case when o.tokens @> ${p(tokens)}::text[] then 2 else 0 end` });
  const frag = text.replace(/[\s\u3000]+/g, '').toLowerCase();
  const chars = [...frag];
  const bigrams = [...new Set(chars.slice(1).map((ch, i) => chars[i] + ch))];
  // One pair repeated ("8888") would ask the index for every order holding it: the phone way serves such text.
  if (chars.length === 2 || bigrams.length >= 2) {
    const pat = `%${escapeLike(frag)}%`;
    ways.push({
      keys: bigrams.map((b) => `b${b}`),
      recheck: (p) => `search_fold${PLACE} like ${p(pat)}`,
      rank: (p) => {
        const x = p(pat);
        return `case when search_fold(o.title) like ${x} then 4 when search_fold(o.address) like ${x} then 1 else 0 end`;
      },
    });
  }
  const digits = text.replace(/[\s-]/g, '');
  if (/^\+?\d{4,20}$/.test(digits)) {
    const d = digits.replace(/\D/g, '');
    const recheck = (p: Param) => `o.requester_phone like ${p(`%${escapeLike(d)}`)} and ${phoneScopeSql(actor, p)}`;
    ways.push({ keys: [`p${d.slice(-4)}`], recheck, rank: (p) => `case when ${recheck(p)} then 1 else 0 end` });
  }
  return ways;
}

type Match = { ways: Way[]; code: string | null; units: number[] | null };

// The columns of a match that visibility (work-order-access), the filters, the queues and the due
// clock read, and nothing long: the matches of a span are held in memory.
const MATCH_COLS = `o.id, o.received_at, o.code, o.status, o.overdue_stages, o.category, o.urgency, o.street_id, o.channel,
  o.lead_unit_id, o.created_by, o.grid_id, o.requester_user_id, o.due_dispatch_at, o.due_sign_at, o.due_contact_at, o.due_feedback_at`;

/**
 * The newest `limit` visible matches within one span of weeks (and the exact code, on the first
 * span). A scoped search asks the index for matches carrying its units' keys, then adds the few
 * orders it sees otherwise (wov_unit_other_idx), tested one by one.
 */
async function candidates(q: Queryable, actor: Actor, f: ListFilter, m: Match, span: WeekSpan, mine: Source[] | null, limit: number) {
  const params: unknown[] = [];
  const p: Param = (v) => {
    params.push(v);
    return `$${params.length}`;
  };
  const weeks = Array.from({ length: span.hi - span.lo + 1 }, (_, i) => span.hi - i);
  const keyed = (keys: string[]) => keys.map((k) => `${KEYS} && ${p(weeks.map((wk) => `${wk}:${k}`))}::text[]`);
  const arms = (withUnits: boolean) =>
    m.ways.map((w) => {
      const recheck = w.recheck(p);
      const unitKeys = withUnits && m.units ? [`${KEYS} && ${p(weeks.flatMap((wk) => m.units!.map((u) => `${wk}:u${u}`)))}::text[]`] : [];
      return `(${[...keyed(w.keys), ...unitKeys, ...(recheck ? [recheck] : [])].join(' and ')})`;
    });
  const c = m.code ? p(m.code) : null;
  const rank = [c ? `case when o.code = ${c} then 8 else 0 end` : '0', ...m.ways.map((w) => w.rank(p))].join(' + ');
  const cols = `${MATCH_COLS}, (${rank})::int as _rank`;
  // One branch per way: OR-ed in one scan, every row would be re-tested against every way's keys,
  // recomputing search_keys() per row (seconds when thousands of orders match).
  const sources = [...arms(true), ...(c ? [`o.code = ${c}`] : [])].map((arm) => `select ${cols} from work_orders o where ${arm}`);
  if (m.units && m.ways.length) {
    const units = p(m.units);
    const from = p(new Date(span.lo * WEEK_MS));
    const to = p(new Date((span.hi + 1) * WEEK_MS));
    // The few orders the units see other than by territory or lead, found first (wov_unit_other_idx)
    // and then tested: led by the keys, the planner would probe the visibility of every match.
    const others = `select distinct v.order_id from work_order_visibility v
      where v.unit_id = any(${units}::int[]) and (v.via & ${KEYED_VIA}) = 0 and v.received_at >= ${from} and v.received_at < ${to} offset 0`;
    for (const arm of arms(false)) sources.push(`select ${cols} from (${others}) x join work_orders o on o.id = x.order_id where ${arm}`);
  }
  const where = [`(${visibilityClause(actor, params)})`, ...filterSql(f, p)];
  if (mine) where.push(`(${mine.map((s) => sourcePredicate(s, p)).join(' or ')})`);
  const due = f.sort === 'due';
  if (due) where.push(`o.status not in ${TERMINAL_SQL}`, `(${DUE_SQL}) is not null`);
  return (
    await q.query<Candidate>(
      // The matches first, from the keys' index, read once and materialised with what visibility,
      // filters and ranking need: given a limit, the planner is tempted to walk down the newest
      // visible orders testing each, which costs seconds for a rare word. Then newest first, each
      // once, tested for visibility only until enough are found: a street's own street name matches
      // thousands of its orders in a week.
      `with m as materialized (${sources.join(' union all ')})
       select o.id, o.received_at, o._rank, ${due ? DUE_SQL : 'null::timestamptz'} as _due
       from (select distinct on (m.received_at, m.id) * from m order by m.received_at desc, m.id desc) o
       where ${where.join(' and ')} order by o.received_at desc, o.id desc limit ${p(limit)}`,
      params,
    )
  ).rows;
}

/** Whose phone numbers the actor sees in full: the same rule as the detail view's requester block. */
function phoneScopeSql(actor: Actor, p: Param): string {
  if (isCitywide(actor)) return 'true';
  const units = actor.grants.map((g) => g.unitId).filter((u): u is number => u !== null);
  const parts = [`o.requester_user_id = ${p(actor.userId)}`];
  if (units.length) parts.push(`(o.lead_unit_id = any(${p(units)}::int[]) and not o.requester_anonymous)`);
  return `(${parts.join(' or ')})`;
}

function filterSql(f: ListFilter, p: Param): string[] {
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
  if (f.channel) out.push(`o.channel = ${p(f.channel)}`);
  if (f.leadUnitId) out.push(`o.lead_unit_id = ${p(f.leadUnitId)}`);
  return out;
}

function sourcePredicate(s: Source, p: Param): string {
  if (s.kind === 'unit') return `exists (select 1 from work_order_visibility v where v.order_id = o.id and v.unit_id = ${p(s.unitId)} and (${s.pred}))`;
  if (s.kind === 'column') return `(o.${s.column} = ${p(s.value)}${s.pred ? ` and (${s.pred})` : ''})`;
  return `o.id in (select order_id from ${s.table} where status = 'pending')`;
}
