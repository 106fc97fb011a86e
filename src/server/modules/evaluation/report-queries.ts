import type { Ctx } from '../../lib/ctx.ts';
import { evaluatedUnitFor } from './evaluation-access.ts';
import { computeRanking, getTrend, type RankingItem } from './evaluation-queries.ts';
import { getIndicators } from './indicator-queries.ts';
import { getDimensions } from './dimension-queries.ts';
import { GROUPS, GROUP_KIND, periodBounds, policyFor, policyKindOf, type Group } from './evaluation-policy.ts';
import { loadPolicies } from './evaluation-rollups.ts';
import { rates, round } from './evaluation-scoring.ts';

/**
 * The monthly report of a unit (for a district, also its streets and townships): the three rates
 * and composite against the period before with their trend, the rank in its group, the further
 * indicators, 七有/五性, the categories with the lowest satisfaction, lagging flags and appeals.
 * The console page and the PDF both render this one object, so their figures are the API's.
 */

const WORST_CATEGORIES = 5;

export async function getReport(ctx: Ctx, unitId: number, period: string) {
  const unit = await evaluatedUnitFor(ctx.db, ctx.actor, unitId);
  const kind = policyKindOf(unit.kind)!;
  // The trend catches the rollups up first; everything after reads the same state.
  const trend = await getTrend(ctx, unitId, period);
  const current = trend[trend.length - 1];
  const previous = trend[trend.length - 2];
  const versions = await loadPolicies(ctx.db);
  const rules = policyFor(versions, kind, period).rules;
  const group = GROUPS.find((g) => GROUP_KIND[g] === kind) as Group;
  const ranking = await computeRanking(ctx.db, group, period);
  const mine = ranking.items.find((i) => i.unitId === unitId) ?? null;
  const ranked = ranking.items.filter((i) => i.rank !== null).length;
  const laggingReasons: string[] = [];
  if (mine?.lagging && mine.rank !== null) {
    if (mine.rank > ranked - rules.lagging.bottomCount) laggingReasons.push('bottom');
    if (rules.lagging.belowScore !== null && mine.compositeScore < rules.lagging.belowScore) laggingReasons.push('below_score');
  }
  const indicators = await getIndicators(ctx, unitId, period);
  const dimensions = await getDimensions(ctx, unitId, period, 1);
  const { start, end } = periodBounds(versions, kind, period);
  const worst = (
    await ctx.db.query<{ code: string; name: string | null; n: string; sa: string; ba: string; so: string }>(
      `select g.code, (select c.name from categories c where c.code = g.code order by c.taxonomy_version_id desc limit 1) as name,
              g.weight as n, g.satisfied as sa, g.basically_satisfied as ba, g.solved as so
         from evaluation_category_results g where g.period = $1 and g.unit_id = $2 and g.weight > 0`,
      [period, unitId],
    )
  ).rows
    .map((r) => {
      const c = { validCallbacks: Number(r.n), contacted: 0, solved: Number(r.so ?? 0), satisfied: Number(r.sa ?? 0), basicallySatisfied: Number(r.ba ?? 0) };
      const x = rates(c, rules);
      return { categoryCode: r.code, name: r.name, validCallbacks: c.validCallbacks, resolutionRate: round(x.resolutionRate, 4), satisfactionRate: round(x.satisfactionRate, 4) };
    })
    .sort((a, b) => a.satisfactionRate - b.satisfactionRate || b.validCallbacks - a.validCallbacks || a.categoryCode.localeCompare(b.categoryCode))
    .slice(0, WORST_CATEGORIES);
  const appeals = (
    await ctx.db.query<{ id: number; order_id: number; code: string; outcome: string; status: string; reason: string; filed_at: Date; decided_at: Date | null }>(
      `select a.id, a.order_id, o.code, a.outcome, a.status, a.reason, a.filed_at, a.decided_at
         from evaluation_appeals a join work_orders o on o.id = a.order_id where a.unit_id = $1 and a.period = $2 order by a.id`,
      [unitId, period],
    )
  ).rows.map((a) => ({
    id: Number(a.id),
    orderId: Number(a.order_id),
    code: a.code,
    outcome: a.outcome,
    status: a.status,
    reason: a.reason,
    filedAt: a.filed_at.toISOString(),
    decidedAt: a.decided_at?.toISOString() ?? null,
  }));
  let streets: RankingItem[] = [];
  if (unit.kind === 'district') {
    const ids = new Set((await ctx.db.query<{ id: number }>(`select id from units where district_id = $1 and kind in ('street','township')`, [unitId])).rows.map((r) => r.id));
    streets = (await computeRanking(ctx.db, 'streets', period)).items.filter((i) => ids.has(i.unitId));
  }
  const delta = (k: 'compositeScore' | 'responseRate' | 'resolutionRate' | 'satisfactionRate') => round(current[k] - previous[k], 4);
  return {
    unit: { id: unit.id, code: unit.code, name: unit.name, nameEn: unit.name_en, kind: unit.kind },
    period,
    periodStart: start.toISOString(),
    periodEnd: end.toISOString(),
    generatedAt: ctx.now().toISOString(),
    policyVersion: current.policyVersion,
    current,
    previous,
    change: { compositeScore: delta('compositeScore'), responseRate: delta('responseRate'), resolutionRate: delta('resolutionRate'), satisfactionRate: delta('satisfactionRate') },
    trend,
    rank: { group, rank: mine?.rank ?? null, of: ranked, units: ranking.items.length, rankChange: mine?.rankChange ?? null, minimumVolume: ranking.minimumVolume },
    lagging: { lagging: mine?.lagging ?? false, reasons: laggingReasons, bottomCount: rules.lagging.bottomCount, belowScore: rules.lagging.belowScore },
    indicators: indicators.items,
    dimensions: { mapVersion: dimensions.mapVersion, items: dimensions.items },
    worstCategories: worst,
    appeals,
    streets,
  };
}

export type Report = Awaited<ReturnType<typeof getReport>>;
