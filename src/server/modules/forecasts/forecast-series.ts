import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { addDays, shanghaiDate } from '../deadlines/calendar.ts';
import { visibilityClause } from '../work-orders/work-order-access.ts';
import { dayKindFrom } from './seasonal-backtest.ts';
import { fitSeasonal, forecastWeeks, type DailyCount, type DayKind, type WeekForecast } from './seasonal-model.ts';

/** Two years of history: enough for the month terms to have seen each month twice. */
export const HISTORY_DAYS = 730;
export const RECENT_WEEKS = 4;

export async function loadDayKinds(q: Queryable): Promise<(date: string) => DayKind> {
  const r = await q.query<{ date: string; kind: 'holiday' | 'workday' }>(`select to_char(date, 'YYYY-MM-DD') as date, kind from calendar_days where calendar = 'CN'`);
  return dayKindFrom(r.rows);
}

/** The Monday (Shanghai date) after today: forecasts cover whole weeks from there. */
export function nextWeekStart(now: Date): string {
  const today = shanghaiDate(now);
  const dow = new Date(`${today}T00:00:00Z`).getUTCDay();
  return addDays(today, ((8 - dow) % 7) || 7);
}

export type SeriesKey = { streetId: number | null; category: string | null };

/**
 * Daily counts per street and top-level category over the orders the caller may see, from
 * HISTORY_DAYS before today to yesterday; one series per key, days without orders as zero.
 */
export async function loadDailySeries(ctx: Ctx, filter: Partial<SeriesKey> & { groupByKey: boolean }): Promise<Map<string, { key: SeriesKey; days: DailyCount[] }>> {
  const today = shanghaiDate(ctx.now());
  const from = addDays(today, -HISTORY_DAYS);
  const params: unknown[] = [`${from}T00:00:00+08:00`, `${today}T00:00:00+08:00`];
  let where = 'o.received_at >= $1::timestamptz and o.received_at < $2::timestamptz and o.merged_into_id is null';
  if (filter.streetId) where += ` and o.street_id = $${params.push(filter.streetId)}`;
  if (filter.category) where += ` and o.category like $${params.push(`${filter.category}%`)}`;
  where += ` and (${visibilityClause(ctx.actor, params)})`;
  const key = filter.groupByKey ? `o.street_id, split_part(o.category, '.', 1) as category` : `null::int as street_id, null::text as category`;
  const rows = (await ctx.db.query<{ street_id: number | null; category: string | null; day: string; n: number }>(
    `select ${key}, to_char(o.received_at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day, count(*)::int as n
       from work_orders o where ${where} ${filter.groupByKey ? 'and o.street_id is not null and o.category is not null' : ''}
      group by 1, 2, 3`,
    params,
  )).rows;
  const out = new Map<string, { key: SeriesKey; counts: Map<string, number> }>();
  for (const r of rows) {
    const k = `${r.street_id}|${r.category}`;
    const s = out.get(k) ?? { key: { streetId: r.street_id, category: r.category }, counts: new Map<string, number>() };
    s.counts.set(r.day, r.n);
    out.set(k, s);
  }
  if (!out.size && !filter.groupByKey) out.set('null|null', { key: { streetId: null, category: null }, counts: new Map() });
  const result = new Map<string, { key: SeriesKey; days: DailyCount[] }>();
  for (const [k, s] of out) {
    // from the first day with an order: zeros before a series began would read as a season
    const first = [...s.counts.keys()].sort()[0] ?? from;
    const days: DailyCount[] = [];
    for (let d = first; d < today; d = addDays(d, 1)) days.push({ date: d, count: s.counts.get(d) ?? 0 });
    result.set(k, { key: s.key, days });
  }
  return result;
}

export type SeriesForecast = { history: { weekStart: string; count: number }[]; forecast: WeekForecast[]; recentWeekly: number };

/** Weekly actuals of the last `historyWeeks` whole weeks and the forecast of the next `weeks`. */
export function forecastSeries(days: DailyCount[], dayKind: (date: string) => DayKind, firstWeek: string, weeks: number, historyWeeks = 26): SeriesForecast {
  const byDate = new Map(days.map((d) => [d.date, d.count]));
  const history = Array.from({ length: historyWeeks }, (_, i) => {
    const weekStart = addDays(firstWeek, -7 * (historyWeeks - i));
    let count = 0;
    for (let d = 0; d < 7; d++) count += byDate.get(addDays(weekStart, d)) ?? 0;
    return { weekStart, count };
  });
  // the current week is partial: the recent level is the last whole weeks before it
  const whole = history.slice(-RECENT_WEEKS - 1, -1);
  const recentWeekly = whole.reduce((s, w) => s + w.count, 0) / Math.max(1, whole.length);
  const forecast = days.length >= 28 ? forecastWeeks(fitSeasonal(days, dayKind), firstWeek, weeks) : [];
  return { history, forecast, recentWeekly };
}
