import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { addDays, shanghaiMidnight } from '../deadlines/calendar.ts';
import { VIA, visibilitySources } from '../work-orders/work-order-access.ts';
import { DEFAULT_REPEAT, mostCommon, topTerms, type RepeatGroup } from './repeat-detector.ts';
import { KIND_CODE, shownKey } from './repeat-group-tables.ts';
import type { RepeatsFilter } from './repeat-queries.ts';

/**
 * Repeats of a period read from the kept groups (repeat-linker.ts) rather than by grouping the
 * period's orders: per grant, the per-unit sums of the groups (repeat_group_units) of the months
 * the period touches, one index range, summed per group.
 *
 * What an answer holds: a kept group is a component of the pairwise rule among the orders of one
 * key taken in during one Asia/Shanghai calendar month, whoever may see them. The answer lists each
 * group whose members the caller may see span (first to last) a time in the period, shown whole:
 * all of its members the caller may see, also those just outside the period (at most a month
 * either side, as the group lies in one month); size is their count, largest first, at most 100,
 * `total` counting those of at least minSize (listRepeats then shows each group's newest
 * SHOWN_ORDERS). For a period of whole months that is exactly the
 * groups with a member in it; a shorter period can also list a group whose members fall on both
 * sides of it and none inside.
 *
 * How it differs from the detector (another window or a cut, repeat-queries.ts), which groups only
 * the caller's orders of the period: the kept groups never cross a month boundary (a repeat on the
 * 31st and the 1st is two kept groups, one group for the detector), they include members outside
 * the period, and a group may join orders the detector leaves apart when the chain between them
 * runs through an order the caller does not see. Times are compared to the microsecond (the
 * detector: the millisecond). test/api/analysis-repeat-groups.test.ts checks this on seeded data.
 */

const MAX_GROUPS = 100;
const CUTS = ['category', 'streetId', 'communityId', 'gridId', 'channel', 'requestType', 'hour', 'weekday', 'month'] as const;

/**
 * Whether the kept groups answer this read: the default window (any minSize: it is a bound on the
 * counted members), no cut besides the period, and visibility by units (the centre, districts,
 * streets, departments). Others — another window, a cut, a grid member's own orders — are grouped
 * by the detector, as before.
 */
export function keptGroupsAnswer(actor: Actor, f: RepeatsFilter): boolean {
  if ((f.windowDays ?? DEFAULT_REPEAT.windowDays) !== DEFAULT_REPEAT.windowDays) return false;
  if (CUTS.some((c) => f[c] !== undefined)) return false;
  const sources = visibilitySources(actor);
  return sources === null || (sources.length > 0 && sources.every((s) => 'unitId' in s));
}

type Grant = { unitId: number; via: number };
const grantsOf = (actor: Actor): Grant[] => (visibilitySources(actor) ?? [{ unitId: 0, via: VIA.city }]) as Grant[];

/** The instants that bound the Shanghai calendar months the period touches: [first of from's month, first after to's month). */
function monthsOf(f: RepeatsFilter): [Date, Date] {
  const [y, m] = f.to.split('-').map(Number);
  const next = m === 12 ? `${y + 1}-01-01` : `${y}-${String(m + 1).padStart(2, '0')}-01`;
  return [shanghaiMidnight(`${f.from.slice(0, 7)}-01`), shanghaiMidnight(next)];
}

/** The caller's grouped orders of the months the period touches, one index range of repeat_visible per grant. */
function visibleMembers(actor: Actor, kind: number, params: unknown[], months: [Date, Date]): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  const k = p(kind);
  const bound = `v.received_at >= ${p(months[0])} and v.received_at < ${p(months[1])}`;
  const one = (u: Grant) =>
    `select v.order_id, v.group_id, v.received_at from repeat_visible v where v.kind = ${k} and v.unit_id = ${p(u.unitId)} and ${bound} and (v.via & ${p(u.via)}) <> 0`;
  // an order seen through two grants counts once
  return grantsOf(actor).map(one).join(' union ');
}

/**
 * Per group of the months the period touches, the caller's members as rows (group_id, n, first_at,
 * last_at): one grant's per-unit sums; with several grants their members, each order once.
 */
function visibleSums(actor: Actor, kind: number, months: [Date, Date], params: unknown[]): string {
  const grants = grantsOf(actor);
  if (grants.length !== 1) {
    return `select group_id, 1 as n, received_at as first_at, received_at as last_at from (${visibleMembers(actor, kind, params, months)}) m`;
  }
  const p = (v: unknown) => `$${params.push(v)}`;
  // a group lies in one month: its rows' last_at fall in the months' range, whatever their first_at
  return `select group_id, n, first_at, last_at from repeat_group_units
    where kind = ${p(kind)} and unit_id = ${p(grants[0].unitId)} and last_at >= ${p(months[0])} and last_at < ${p(months[1])} and (via & ${p(grants[0].via)}) <> 0`;
}

/** The groups of the period as the detector's result shape (largest first, at most 100) and how many there are. */
export async function readKeptGroups(q: Queryable, actor: Actor, f: RepeatsFilter): Promise<{ groups: RepeatGroup[]; total: number }> {
  const kind = KIND_CODE[f.kind];
  const params: unknown[] = [];
  const sums = visibleSums(actor, kind, monthsOf(f), params);
  const p = (v: unknown) => `$${params.push(v)}`;
  const top = (
    await q.query<{ group_id: number; total: number; n: number }>(
      `with g as (
         select group_id, sum(n) as n, max(last_at) as last from (${sums}) s group by group_id
         having max(last_at) >= ${p(shanghaiMidnight(f.from))} and min(first_at) < ${p(shanghaiMidnight(addDays(f.to, 1)))} and sum(n) >= ${p(f.minSize ?? DEFAULT_REPEAT.minSize)})
       select group_id, n::int as n, count(*) over ()::int as total from g order by n desc, last desc, group_id limit ${MAX_GROUPS}`,
      params,
    )
  ).rows;
  if (!top.length) return { groups: [], total: 0 };
  const ids = top.map((r) => Number(r.group_id));
  const sizes = new Map(top.map((r) => [Number(r.group_id), Number(r.n)]));
  const rows = await newestMembers(q, actor, kind, ids);
  const byGroup = new Map<number, typeof rows>(ids.map((g) => [g, []]));
  for (const r of rows) byGroup.get(Number(r.group_id))!.push(r);
  // a group merged away by the consumer between the two reads has no members left here
  const groups = ids.filter((g) => byGroup.get(g)!.length).map((g): RepeatGroup => {
    const ms = byGroup.get(g)!.sort((a, b) => a.t - b.t || Number(a.order_id) - Number(b.order_id));
    return {
      kind: f.kind,
      key: shownKey(ms[0].key),
      orderIds: ms.map((m) => Number(m.order_id)),
      size: sizes.get(g),
      first: new Date(Math.min(...ms.map((m) => m.first))),
      last: new Date(ms[ms.length - 1].t),
      category: mostCommon(ms.map((m) => m.category)),
      terms: topTerms(ms.map((m) => new Set(m.words))),
    };
  });
  return { groups, total: top[0].total };
}

/**
 * Members read per group: the newest, which the list shows (at least SHOWN_ORDERS) and its matter
 * and terms are taken from. A hundred groups of 200 made the centre's read 280 ms at ten million
 * orders; of 50, 150 ms.
 */
const SAMPLE = 50;

type MemberRow = { order_id: number; group_id: number; key: string; t: number; first: number; category: string | null; words: string[] };

/**
 * The newest SAMPLE members of each group the caller may see, with the time of the group's first
 * such member: one short backward range of repeat_visible per group and grant, however large the
 * group (a busy address gathers thousands of orders in a month). With several grants an order
 * seen through two of them is read once.
 */
async function newestMembers(q: Queryable, actor: Actor, kind: number, groups: number[]): Promise<MemberRow[]> {
  const params: unknown[] = [kind, groups, SAMPLE];
  const p = (v: unknown) => `$${params.push(v)}`;
  const range = (u: Grant, dir: 'asc' | 'desc', limit: string) =>
    `select v.order_id, v.received_at from repeat_visible v
     where v.kind = $1 and v.unit_id = ${p(u.unitId)} and v.group_id = g.id and (v.via & ${p(u.via)}) <> 0 order by v.received_at ${dir}, v.order_id ${dir} limit ${limit}`;
  const grants = grantsOf(actor);
  const newest = grants.map((u) => `(${range(u, 'desc', '$3')})`).join(' union ');
  const first = grants.map((u) => `(${range(u, 'asc', '1')})`).join(' union ');
  return (
    await q.query<MemberRow>(
      `select g.id as group_id, m.order_id, r.key, floor(extract(epoch from m.received_at) * 1000)::float8 as t,
         floor(extract(epoch from f.first) * 1000)::float8 as first, r.category, r.words
       from unnest($2::bigint[]) as g(id)
       cross join lateral (select min(x.received_at) as first from (${first}) x) f
       cross join lateral (select y.order_id, y.received_at from (${newest}) y order by y.received_at desc, y.order_id desc limit $3) m
       join repeat_orders r on r.order_id = m.order_id and r.kind = $1`,
      params,
    )
  ).rows;
}
