import type { Queryable } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { addDays, shanghaiMidnight } from '../deadlines/calendar.ts';
import { VIA, visibilitySources } from '../work-orders/work-order-access.ts';
import { DEFAULT_REPEAT, mostCommon, topTerms, type RepeatGroup } from './repeat-detector.ts';
import { KIND_CODE } from './repeat-group-tables.ts';
import type { RepeatsFilter } from './repeat-queries.ts';

/**
 * Repeats of a period read from the kept groups (repeat-linker.ts) rather than by grouping the
 * period's orders: the caller's grouped orders of the period are one index range of repeat_visible
 * per grant, counted per group.
 *
 * What an answer holds, and how it differs from the detector run over the same orders: each kept
 * group is a component over every order ever taken in, whoever may see it; the answer shows a kept
 * group's orders that the caller may see and that fall in the period, when they are at least
 * minSize. The detector, run over only the caller's orders of the period, makes groups that each
 * lie inside one of these; but a kept group so restricted can join several detector groups, or
 * hold an order the detector leaves alone, when the chain between them runs through an order
 * outside the period or one the caller does not see (a problem raised every three weeks since
 * before the period is one group here). Times are compared to the microsecond (the detector: the
 * millisecond). test/api/analysis-repeat-groups.test.ts checks this on seeded data.
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

/**
 * The caller's grouped orders of the period, as one index range per grant (the centre: unit 0);
 * with `groups`, only those of the given groups (one short range per group).
 */
function visibleMembers(actor: Actor, f: RepeatsFilter, params: unknown[], groups?: number[]): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  const kind = p(KIND_CODE[f.kind]);
  const start = p(shanghaiMidnight(f.from));
  const end = p(shanghaiMidnight(addDays(f.to, 1)));
  const only = groups ? ` and v.group_id = any(${p(groups)}::bigint[])` : '';
  const units = (visibilitySources(actor) ?? [{ unitId: 0, via: VIA.city }]) as { unitId: number; via: number }[];
  const one = (u: { unitId: number; via: number }) =>
    `select v.order_id, v.group_id, v.received_at from repeat_visible v
     where v.kind = ${kind} and v.unit_id = ${p(u.unitId)}${only} and v.received_at >= ${start} and v.received_at < ${end} and (v.via & ${p(u.via)}) <> 0`;
  // an order seen through two grants counts once
  return units.map(one).join(' union ');
}

/** The groups of the period as the detector's result shape (largest first, at most 100) and how many there are. */
export async function readKeptGroups(q: Queryable, actor: Actor, f: RepeatsFilter): Promise<{ groups: RepeatGroup[]; total: number }> {
  const params: unknown[] = [];
  const members = visibleMembers(actor, f, params);
  const min = `$${params.push(f.minSize ?? DEFAULT_REPEAT.minSize)}`;
  const top = (
    await q.query<{ group_id: number; total: number }>(
      `with g as (select group_id, count(*) as n, max(received_at) as last from (${members}) m group by group_id having count(*) >= ${min})
       select group_id, count(*) over ()::int as total from g order by n desc, last desc, group_id limit ${MAX_GROUPS}`,
      params,
    )
  ).rows;
  if (!top.length) return { groups: [], total: 0 };
  const ids = top.map((r) => Number(r.group_id));
  const p2: unknown[] = [];
  const m2 = visibleMembers(actor, f, p2, ids);
  const rows = (
    await q.query<{ order_id: number; group_id: number; key: string; t: number; category: string | null; words: string[] }>(
      `select m.order_id, m.group_id, r.key, floor(extract(epoch from m.received_at) * 1000)::float8 as t, r.category, r.words
       from (${m2}) m join repeat_orders r on r.order_id = m.order_id and r.kind = $1 order by m.received_at, m.order_id`,
      p2,
    )
  ).rows;
  const byGroup = new Map<number, typeof rows>(ids.map((g) => [g, []]));
  for (const r of rows) byGroup.get(Number(r.group_id))!.push(r);
  // a group merged away by the consumer between the two reads has no members left here
  const groups = ids.filter((g) => byGroup.get(g)!.length).map((g): RepeatGroup => {
    const ms = byGroup.get(g)!;
    return {
      kind: f.kind,
      key: ms[0].key,
      orderIds: ms.map((m) => Number(m.order_id)),
      first: new Date(ms[0].t),
      last: new Date(ms[ms.length - 1].t),
      category: mostCommon(ms.map((m) => m.category)),
      terms: topTerms(ms.map((m) => new Set(m.words))),
    };
  });
  return { groups, total: top[0].total };
}
