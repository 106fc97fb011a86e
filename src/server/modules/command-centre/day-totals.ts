import type { Db, Queryable } from '../../db/client.ts';
import { shanghaiDate, shanghaiMidnight } from '../deadlines/calendar.ts';

/** One Shanghai day of orders taken in, cut by category and area, plus the orders closed that day. */
export type DayTotals = { received: number; closed: number; byCategory: Record<string, number>; byArea: Record<string, number> };

// A finished day's intake hardly changes (only visibility does, when an order is re-dispatched):
// it is counted once and kept this long, so a refresh reads only today's rows.
const PAST_TTL_MS = 10 * 60_000;
const MAX_ENTRIES = 20_000;
const caches = new WeakMap<Db, Map<string, { at: number; v: DayTotals }>>();

/** `counts`: the actor's range of the analysis daily counts, when they answer for the filter. */
export type Filter = { where: string; params: unknown[]; areaColumn: string; key: string; counts?: { unitId: number; via: number } | null };

export function addDays(date: string, n: number): string {
  return shanghaiDate(new Date(shanghaiMidnight(date).getTime() + n * 86_400_000 + 3_600_000));
}

/** The totals of the `days` days up to and including today's date, oldest first. */
export async function dayTotals(db: Db, f: Filter, today: string, days: number, nowMs: number): Promise<{ date: string; t: DayTotals }[]> {
  let cache = caches.get(db);
  if (!cache) caches.set(db, (cache = new Map()));
  const dates = Array.from({ length: days }, (_, i) => addDays(today, i - days + 1));
  const missing = dates.filter((d) => {
    if (d === today) return true;
    const hit = cache.get(`${f.key}|${d}`);
    return !hit || nowMs - hit.at > PAST_TTL_MS;
  });
  if (missing.length) {
    const fresh = await countDays(db, f, missing[0], addDays(missing[missing.length - 1], 1));
    for (const d of missing) {
      if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
      cache.set(`${f.key}|${d}`, { at: nowMs, v: fresh.get(d) ?? empty() });
    }
  }
  return dates.map((date) => ({ date, t: cache.get(`${f.key}|${date}`)!.v }));
}

const empty = (): DayTotals => ({ received: 0, closed: 0, byCategory: {}, byArea: {} });

/** Two range reads over [from, to): received_at and closed_at are both indexed. */
async function countDays(q: Queryable, f: Filter, from: string, to: string): Promise<Map<string, DayTotals>> {
  if (f.counts) return countDaysKept(q, f.counts, AREA_DIM[f.areaColumn], from, to);
  const params = [...f.params, shanghaiMidnight(from), shanghaiMidnight(to)];
  const a = `$${params.length - 1}`;
  const b = `$${params.length}`;
  const [received, closed] = await Promise.all([
    q.query<{ day: string; category: string | null; area: number | null; n: number }>(
      `select to_char(o.received_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, o.category, o.${f.areaColumn} as area, count(*)::int as n
       from work_orders o where o.received_at >= ${a} and o.received_at < ${b} and ${f.where}
       group by 1, 2, 3`,
      params,
    ),
    q.query<{ day: string; n: number }>(
      `select to_char(o.closed_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, count(*)::int as n
       from work_orders o where o.closed_at >= ${a} and o.closed_at < ${b} and o.status = 'closed' and ${f.where}
       group by 1`,
      params,
    ),
  ]);
  const out = new Map<string, DayTotals>();
  const get = (d: string) => out.get(d) ?? (out.set(d, empty()), out.get(d)!);
  for (const r of received.rows) {
    const t = get(r.day);
    t.received += r.n;
    if (r.category) t.byCategory[r.category] = (t.byCategory[r.category] ?? 0) + r.n;
    if (r.area !== null) t.byArea[r.area] = (t.byArea[r.area] ?? 0) + r.n;
  }
  for (const r of closed.rows) get(r.day).closed += r.n;
  return out;
}

const AREA_DIM: Record<string, string> = { street_id: 'street', community_id: 'community', grid_id: 'grid' };

/** The same totals from the analysis daily counts: the days' rows, however many orders they hold. */
async function countDaysKept(q: Queryable, range: { unitId: number; via: number }, areaDim: string, from: string, to: string): Promise<Map<string, DayTotals>> {
  const r = await q.query<{ day: string; dim: string; key: string; n: number }>(
    `select to_char(c.day, 'YYYY-MM-DD') as day, c.dim, c.key, sum(c.n)::int as n from analysis_daily_counts c
      where c.unit_id = $1 and c.dim = any($2::text[]) and c.day >= $3::date and c.day < $4::date and (c.via & $5) <> 0
      group by 1, 2, 3 having sum(c.n) <> 0`,
    [range.unitId, ['channel', 'category', areaDim, 'closed'], from, to, range.via],
  );
  const out = new Map<string, DayTotals>();
  const get = (d: string) => out.get(d) ?? (out.set(d, empty()), out.get(d)!);
  for (const x of r.rows) {
    const t = get(x.day);
    if (x.dim === 'channel') t.received += x.n;
    else if (x.dim === 'closed') t.closed += x.n;
    else if (x.key === '') continue;
    else if (x.dim === 'category') t.byCategory[x.key] = (t.byCategory[x.key] ?? 0) + x.n;
    else t.byArea[x.key] = (t.byArea[x.key] ?? 0) + x.n;
  }
  return out;
}

/** Orders dispatched on or after a Shanghai date, from the analysis daily counts. */
export async function dispatchedSince(q: Queryable, range: { unitId: number; via: number }, day: string): Promise<number> {
  const r = await q.query<{ n: number }>(
    `select coalesce(sum(c.n), 0)::int as n from analysis_daily_counts c where c.unit_id = $1 and c.dim = 'dispatched' and c.day >= $2::date and (c.via & $3) <> 0`,
    [range.unitId, day, range.via],
  );
  return r.rows[0].n;
}
