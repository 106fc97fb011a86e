import type { Ctx } from '../../lib/ctx.ts';
import { districtIds, isCitywide, staffUnitIds } from '../themes/theme-access.ts';
import { forecastSeries, loadDailySeries, loadDayKinds, nextWeekStart } from './forecast-series.ts';
import type { ForecastAlertRow } from './forecast-tables.ts';

/** A sharp rise: a coming week expected at least half again above the recent weekly level, and by at least five requests. */
export const ALERT_RULE = { ratio: 1.5, minIncrease: 5, weeks: 4 };

export type AlertRule = { ratio: number; minIncrease: number };

export function isSharpRise(expected: number, recentWeekly: number, rule: AlertRule = ALERT_RULE): boolean {
  return expected >= recentWeekly * rule.ratio && expected - recentWeekly >= rule.minIncrease;
}

/**
 * Forecasts every street × top-level category the caller may see and records an alert for the
 * first coming week that rises sharply (once per series and week). A district may scan with a
 * more or less sensitive rule than the default.
 */
export async function scanForecastAlerts(ctx: Ctx, rule: AlertRule = ALERT_RULE): Promise<{ series: number; created: number }> {
  const dayKind = await loadDayKinds(ctx.db);
  const first = nextWeekStart(ctx.now());
  const all = await loadDailySeries(ctx, { groupByKey: true });
  let created = 0;
  for (const { key, days } of all.values()) {
    const f = forecastSeries(days, dayKind, first, ALERT_RULE.weeks);
    const rise = f.forecast.find((w) => isSharpRise(w.expected, f.recentWeekly, rule));
    if (!rise || key.streetId === null || key.category === null) continue;
    const r = await ctx.db.query(
      `insert into forecast_alerts(street_id, district_id, category, week_start, expected, lower, upper, recent_weekly, status, created_at)
       select $1, u.district_id, $2, $3, $4, $5, $6, $7, 'open', $8 from units u where u.id = $1
       on conflict (street_id, category, week_start) do nothing returning 1`,
      [key.streetId, key.category, rise.weekStart, rise.expected, rise.lower, rise.upper, f.recentWeekly, ctx.now()],
    );
    created += r.rows.length;
  }
  return { series: all.size, created };
}

/** Alerts of the streets and districts the caller answers for (citywide roles: all). A SQL condition on alias `a`. */
export function alertVisibleWhere(ctx: Ctx, params: unknown[], alias = 'a'): string {
  const actor = ctx.actor;
  if (!actor || actor.kind !== 'staff') return 'false';
  if (isCitywide(actor)) return 'true';
  params.push(districtIds(actor), staffUnitIds(actor));
  return `(${alias}.district_id = any($${params.length - 1}::int[]) or ${alias}.street_id = any($${params.length}::int[]))`;
}

export async function listAlerts(ctx: Ctx, q: { status: 'open' | 'converted' | 'dismissed' | 'all' }) {
  const params: unknown[] = [q.status];
  const where = alertVisibleWhere(ctx, params);
  const rows = (await ctx.db.query<ForecastAlertRow & { street_name: string; category_name: string | null; case_id: number | null }>(
    `select a.id, a.street_id, a.district_id, a.category, to_char(a.week_start, 'YYYY-MM-DD') as week_start, a.expected, a.lower, a.upper, a.recent_weekly, a.status, a.created_at,
            s.name as street_name, (select c.id from proactive_cases c where c.alert_id = a.id) as case_id,
            (select c.name from categories c join taxonomy_versions v on v.id = c.taxonomy_version_id where c.code = a.category and v.status = 'active' limit 1) as category_name
       from forecast_alerts a join units s on s.id = a.street_id
      where ($1 = 'all' or a.status = $1) and ${where}
      order by a.week_start, a.expected / greatest(a.recent_weekly, 1) desc limit 200`,
    params,
  )).rows;
  return {
    items: rows.map((a) => ({
      id: Number(a.id), streetId: a.street_id, streetName: a.street_name, category: a.category, categoryName: a.category_name, weekStart: a.week_start,
      expected: +a.expected.toFixed(1), lower: +a.lower.toFixed(1), upper: +a.upper.toFixed(1), recentWeekly: +a.recent_weekly.toFixed(1),
      status: a.status, caseId: a.case_id === null ? null : Number(a.case_id), createdAt: a.created_at.toISOString(),
    })),
  };
}
export type AlertList = Awaited<ReturnType<typeof listAlerts>>;
