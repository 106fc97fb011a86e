import type { Db } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { visibilitySources } from '../work-orders/work-order-access.ts';
import { VIA } from '../work-orders/work-order-access.ts';
import { catchUpAnalysis } from './analysis-consumer.ts';
import type { AnalysisFilter } from './analysis-filter.ts';

type Dimension = 'street' | 'community' | 'grid' | 'category' | 'channel' | 'requestType' | 'day' | 'hour' | 'weekday' | 'month';

// Which kept dimension a chart reads and how its key is written; every order has exactly one
// channel, so the time charts sum the channel rows of each day.
const ROLLUP: Record<Dimension, { dim: string; key: string }> = {
  street: { dim: 'street', key: `nullif(c.key, '')::int` },
  community: { dim: 'community', key: `nullif(c.key, '')::int` },
  grid: { dim: 'grid', key: `nullif(c.key, '')::int` },
  category: { dim: 'category', key: `nullif(c.key, '')` },
  channel: { dim: 'channel', key: 'c.key' },
  requestType: { dim: 'requestType', key: 'c.key' },
  hour: { dim: 'hour', key: 'c.key::int' },
  day: { dim: 'channel', key: `to_char(c.day, 'YYYY-MM-DD')` },
  weekday: { dim: 'channel', key: 'extract(isodow from c.day)::int' },
  month: { dim: 'channel', key: `to_char(c.day, 'YYYY-MM')` },
};

/** The one index range of the counts an actor reads: the whole city, or one unit under its role's mask. */
export function rangeOf(actor: Actor): { unitId: number; via: number } | null {
  const sources = visibilitySources(actor);
  if (sources === null) return { unitId: 0, via: VIA.city };
  // Two grants could both see one order: the counts would add it twice, the orders count it once.
  if (sources.length !== 1 || !('unitId' in sources[0])) return null;
  return sources[0];
}

const uncut = (f: AnalysisFilter) =>
  [f.category, f.streetId, f.communityId, f.gridId, f.channel, f.requestType, f.hour, f.weekday, f.month].every((v) => v === undefined || v === null || v === '');

/**
 * A volume read from the kept daily counts when they can answer it exactly (no cuts besides the
 * period, the actor's visibility one index range): the cost is that of the period's days, not of
 * the orders in them. Null when the orders themselves must be counted.
 */
export async function countsFromRollup(
  db: Db,
  now: Date,
  actor: Actor,
  f: AnalysisFilter & { by: Dimension; categoryLevel?: number },
): Promise<Map<string, number> | null> {
  const range = rangeOf(actor);
  if (!range || !uncut(f)) return null;
  if (!(await catchUpAnalysis(db, now))) return null;
  const { dim, key: plain } = ROLLUP[f.by];
  const key = f.by === 'category' && f.categoryLevel ? `array_to_string((string_to_array(nullif(c.key, ''), '.'))[1:${Number(f.categoryLevel)}], '.')` : plain;
  const r = await db.query<{ k: string | number | null; n: number }>(
    `select ${key} as k, sum(c.n)::int as n from analysis_daily_counts c
      where c.unit_id = $1 and c.dim = $2 and c.day >= $3::date and c.day <= $4::date and (c.via & $5) <> 0
      group by 1 having sum(c.n) > 0`,
    [range.unitId, dim, f.from, f.to, range.via],
  );
  return new Map(r.rows.map((x) => [String(x.k), x.n]));
}

type Cut = { dim: string; where: (p: (v: unknown) => string) => string };

/** The one cut of a drill-down that the kept counts can answer, or undefined (none) / null (not answerable). */
function keptCut(f: AnalysisFilter): Cut | undefined | null {
  const cuts: Cut[] = [];
  if (f.category) cuts.push({ dim: 'category', where: (p) => `(c.key = ${p(f.category)} or c.key like ${p(`${f.category}.%`)})` });
  if (f.streetId) cuts.push({ dim: 'street', where: (p) => `c.key = ${p(String(f.streetId))}` });
  if (f.communityId) cuts.push({ dim: 'community', where: (p) => `c.key = ${p(String(f.communityId))}` });
  if (f.gridId) cuts.push({ dim: 'grid', where: (p) => `c.key = ${p(String(f.gridId))}` });
  if (f.channel) cuts.push({ dim: 'channel', where: (p) => `c.key = ${p(f.channel)}` });
  if (f.requestType) cuts.push({ dim: 'requestType', where: (p) => `c.key = ${p(f.requestType)}` });
  if (f.hour !== undefined && f.hour !== null) cuts.push({ dim: 'hour', where: (p) => `c.key = ${p(String(f.hour))}` });
  if (f.weekday !== undefined && f.weekday !== null) cuts.push({ dim: 'channel', where: (p) => `extract(isodow from c.day)::int = ${p(f.weekday)}` });
  if (f.month) cuts.push({ dim: 'channel', where: (p) => `to_char(c.day, 'YYYY-MM') = ${p(f.month)}` });
  if (cuts.length > 1) return null;
  return cuts[0];
}

/**
 * How many orders a drill-down holds, from the kept daily counts when they can say it exactly (at
 * most one cut, the actor's visibility one index range): a district's month is ≈ 800,000 orders
 * at a big city's volume, too many to count per page. Null when the orders must be counted.
 */
export async function totalFromRollup(db: Db, now: Date, actor: Actor, f: AnalysisFilter): Promise<number | null> {
  const range = rangeOf(actor);
  const cut = keptCut(f);
  if (!range || cut === null) return null;
  if (!(await catchUpAnalysis(db, now))) return null;
  const params: unknown[] = [range.unitId, cut?.dim ?? 'channel', f.from, f.to, range.via];
  const p = (v: unknown) => `$${params.push(v)}`;
  const r = await db.query<{ n: number }>(
    `select coalesce(sum(c.n), 0)::int as n from analysis_daily_counts c
      where c.unit_id = $1 and c.dim = $2 and c.day >= $3::date and c.day <= $4::date and (c.via & $5) <> 0${cut ? ` and ${cut.where(p)}` : ''}`,
    params,
  );
  return r.rows[0].n;
}
