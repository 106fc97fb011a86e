import type { Ctx } from '../../lib/ctx.ts';
import { orderTokens } from '../routing/duplicates/find-duplicates.ts';
import { visibilityClause } from '../work-orders/work-order-access.ts';
import { findTopics } from './topic-clusters.ts';

type OrderForTopics = { id: number; code: string; title: string; text: string | null; received_at: Date; street_id: number | null; street_name: string | null; category: string | null; tokens: string[] | null };

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
const MAX_ORDERS = 1_000_000;

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
export async function detectTopics(ctx: Ctx, q: { days: number; windows: number; streetId?: number; clusters?: number }): Promise<{ from: string; to: string; orders: number; topics: TopicCandidate[] }> {
  const to = ctx.now();
  const from = new Date(to.getTime() - q.days * q.windows * DAY);
  const params: unknown[] = [from, to];
  let where = `o.received_at > $1 and o.received_at <= $2 and o.merged_into_id is null`;
  if (q.streetId) {
    params.push(q.streetId);
    where += ` and o.street_id = $${params.length}`;
  }
  where += ` and (${visibilityClause(ctx.actor, params)})`;
  const rows = (await ctx.db.query<OrderForTopics>(
    `select o.id::int as id, o.code, o.title, case when o.tokens is null then o.text end as text, o.received_at, o.street_id, s.name as street_name, o.category, o.tokens
       from work_orders o left join units s on s.id = o.street_id
      where ${where} order by o.received_at limit ${MAX_ORDERS}`,
    params,
  )).rows;
  const span = q.days * DAY;
  const docs = rows.map((r) => ({
    tokens: r.tokens ?? orderTokens(r.title, r.text ?? ''),
    window: Math.min(q.windows - 1, Math.floor((r.received_at.getTime() - from.getTime()) / span)),
  }));
  const windowStarts = Array.from({ length: q.windows }, (_, i) => new Date(from.getTime() + i * span).toISOString());
  const topics = findTopics(docs, q.windows, { k: q.clusters }).slice(0, 12).map((c): TopicCandidate => {
    const members = c.members.map((i) => rows[i]);
    const recent = [...members].sort((a, b) => b.received_at.getTime() - a.received_at.getTime());
    const streets = top(members.map((m) => (m.street_id ? `${m.street_id}\u0000${m.street_name}` : null)), 3);
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
      streets: streets.map((s) => ({ id: Number(s.key!.split('\u0000')[0]), name: s.key!.split('\u0000')[1], count: s.count })),
      categories: top(members.map((m) => m.category), 3).map((x) => ({ code: x.key!, count: x.count })),
      examples: recent.slice(0, 5).map((m) => ({ id: m.id, code: m.code, title: m.title, receivedAt: m.received_at.toISOString() })),
      orderIds: recent.slice(0, 50).map((m) => m.id),
    };
  });
  return { from: from.toISOString(), to: to.toISOString(), orders: rows.length, topics };
}
