import type { Ctx } from '../../lib/ctx.ts';
import { orderTokens } from '../routing/duplicates/find-duplicates.ts';
import { visibilityClause } from '../work-orders/work-order-access.ts';
import { findTopics } from './topic-clusters.ts';
import { totalFromRollup } from '../analysis/volume-rollup.ts';
import { shanghaiDate } from '../deadlines/calendar.ts';
import { unitNames } from '../org/unit-queries.ts';

// Lean rows: a month at a big city's volume is ≈ 900,000 of them. Time as epoch milliseconds and the
// tokens as one string, because parsing timestamps and text arrays row by row costs more than the read.
type OrderForTopics = { id: number; t: number; street_id: number | null; category: string | null; w: string | null; title: string | null; text: string | null };
type Example = { id: number; code: string; title: string; received_at: Date };

export type TopicCandidate = {
  key: string;
  topTerms: string[];
  counts: number[];
  windowStarts: string[];
  current: number;
  baseline: number;
  growth: number;
  z: number;
  emerging: boolean;
  streets: { id: number; name: string; count: number }[];
  categories: { code: string; count: number }[];
  examples: { id: number; code: string; title: string; receivedAt: string }[];
  orderIds: number[];
};

const DAY = 86_400_000;
/** Orders clustered at most; beyond, an even sample of the period (every n-th order by id). */
export const MAX_ORDERS = 1_000_000;

function top<K>(items: K[], n: number): { key: K; count: number }[] {
  const m = new Map<K, number>();
  for (const k of items) if (k !== null && k !== undefined) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, n).map(([key, count]) => ({ key, count }));
}

/**
 * Emerging topics over the orders the caller may see: the last `days` days against the
 * `windows - 1` windows of the same length before it. Orders written before tokens were stored
 * are segmented here.
 */
export async function detectTopics(ctx: Ctx, q: { days: number; windows: number; streetId?: number; clusters?: number }, cap = MAX_ORDERS): Promise<{ from: string; to: string; orders: number; sampleEvery: number; topics: TopicCandidate[] }> {
  const to = ctx.now();
  const from = new Date(to.getTime() - q.days * q.windows * DAY);
  const params: unknown[] = [from, to];
  let where = `o.received_at > $1 and o.received_at <= $2 and o.merged_into_id is null`;
  if (q.streetId) {
    params.push(q.streetId);
    where += ` and o.street_id = $${params.length}`;
  }
  where += ` and (${visibilityClause(ctx.actor, params)})`;
  // Sampled evenly rather than cut at the cap, which would drop whole windows and fake a trend.
  const sampleEvery = Math.max(1, Math.ceil((await ordersIn(ctx, from, to, q.streetId, where, params)) / cap));
  if (sampleEvery > 1) where += ` and o.id % ${sampleEvery} = 0`;
  const rows = (await ctx.db.query<OrderForTopics>(
    `select o.id::int as id, floor(extract(epoch from o.received_at) * 1000)::float8 as t, o.street_id, o.category,
            array_to_string(o.tokens, chr(1)) as w, case when o.tokens is null then o.title end as title, case when o.tokens is null then o.text end as text
       from work_orders o where ${where} limit ${cap}`,
    params,
  )).rows;
  const span = q.days * DAY;
  const docs = rows.map((r) => ({
    tokens: r.w !== null ? (r.w ? r.w.split('\u0001') : []) : orderTokens(r.title ?? '', r.text ?? ''),
    window: Math.min(q.windows - 1, Math.floor((r.t - from.getTime()) / span)),
  }));
  const windowStarts = Array.from({ length: q.windows }, (_, i) => new Date(from.getTime() + i * span).toISOString());
  const clusters = findTopics(docs, q.windows, { k: q.clusters }).slice(0, 12);
  const newest = clusters.map((c) => c.members.map((i) => rows[i]).sort((a, b) => b.t - a.t || b.id - a.id));
  const examples = await examplesOf(ctx, newest.flatMap((m) => m.slice(0, 5).map((r) => r.id)));
  const streetNames = await unitNames(ctx.db, [...new Set(rows.map((r) => r.street_id).filter((x): x is number => x !== null))]);
  const topics = clusters.map((c, n): TopicCandidate => {
    const members = newest[n];
    const streets = top(members.map((m) => m.street_id), 3);
    return {
      key: c.topTerms.slice(0, 3).join('·') || `cluster-${c.index}`,
      topTerms: c.topTerms,
      counts: c.counts,
      windowStarts,
      current: c.current,
      baseline: +c.baseline.toFixed(2),
      growth: +c.growth.toFixed(2),
      z: +c.z.toFixed(2),
      emerging: c.emerging,
      streets: streets.map((s) => ({ id: s.key!, name: streetNames.get(s.key!) ?? '', count: s.count })),
      categories: top(members.map((m) => m.category), 3).map((x) => ({ code: x.key!, count: x.count })),
      examples: members.slice(0, 5).flatMap((m) => {
        const e = examples.get(m.id);
        return e ? [{ id: e.id, code: e.code, title: e.title, receivedAt: e.received_at.toISOString() }] : [];
      }),
      orderIds: members.slice(0, 50).map((m) => m.id),
    };
  });
  return { from: from.toISOString(), to: to.toISOString(), orders: rows.length, sampleEvery, topics };
}

/** How many orders the period holds: from the kept daily counts where they can say it, else counted. */
async function ordersIn(ctx: Ctx, from: Date, to: Date, streetId: number | undefined, where: string, params: unknown[]): Promise<number> {
  const kept = await totalFromRollup(ctx.db, ctx.now(), ctx.actor!, { from: shanghaiDate(from), to: shanghaiDate(to), streetId });
  if (kept !== null) return kept;
  return (await ctx.db.query<{ n: number }>(`select count(*)::int as n from work_orders o where ${where}`, params)).rows[0].n;
}

async function examplesOf(ctx: Ctx, ids: number[]): Promise<Map<number, Example>> {
  if (!ids.length) return new Map();
  const r = await ctx.db.query<Example>('select o.id::int as id, o.code, o.title, o.received_at from work_orders o where o.id = any($1::int8[])', [ids]);
  return new Map(r.rows.map((e) => [e.id, e]));
}
