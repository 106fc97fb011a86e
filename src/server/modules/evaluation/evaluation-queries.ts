import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { catchUp } from './evaluation-consumer.ts';
import { evaluatedUnitFor, canSeeUnit } from './evaluation-access.ts';
import { addMonths, GROUP_KIND, periodBounds, policyFor, policyKindOf, type Group, type PolicyVersion } from './evaluation-policy.ts';
import { loadPolicies } from './evaluation-rollups.ts';
import { compositeScore, rankChange, rankUnits, rates, round, withWhistle, ZERO_COUNTS, type Counts } from './evaluation-scoring.ts';
import type { RollupRow, UnitRow } from './evaluation-tables.ts';
import { whistleScores } from './whistle-component.ts';

export type Score = {
  unitId: number;
  period: string;
  validCallbacks: number;
  contacted: number;
  solved: number;
  satisfied: number;
  basicallySatisfied: number;
  responseRate: number;
  resolutionRate: number;
  satisfactionRate: number;
  compositeScore: number;
  policyVersion: number;
  hotlineScore: number;
  whistleScore: number | null;
  periodStart: string;
  periodEnd: string;
};

const countsOf = (r: RollupRow | undefined): Counts =>
  r
    ? {
        validCallbacks: Number(r.valid_callbacks),
        contacted: Number(r.contacted),
        solved: Number(r.solved),
        satisfied: Number(r.satisfied),
        basicallySatisfied: Number(r.basically_satisfied),
      }
    : ZERO_COUNTS;

/** Figures of one unit from its rollup, under the policy version in force for the period. */
export function scoreOf(unit: Pick<UnitRow, 'id' | 'kind'>, period: string, row: RollupRow | undefined, versions: PolicyVersion[], whistle: number | null): Score {
  const kind = policyKindOf(unit.kind)!;
  const policy = policyFor(versions, kind, period);
  const c = countsOf(row);
  const r = rates(c, policy.rules);
  const hotline = compositeScore(r, policy.rules);
  const { start, end } = periodBounds(versions, kind, period);
  return {
    unitId: unit.id,
    period,
    ...c,
    responseRate: round(r.responseRate, 4),
    resolutionRate: round(r.resolutionRate, 4),
    satisfactionRate: round(r.satisfactionRate, 4),
    compositeScore: round(withWhistle(hotline, whistle, policy.rules.whistleWeight), 2),
    policyVersion: policy.version,
    hotlineScore: round(hotline, 2),
    whistleScore: whistle,
    periodStart: start.toISOString(),
    periodEnd: end.toISOString(),
  };
}

export async function getScore(ctx: Ctx, unitId: number, period: string): Promise<Score> {
  const unit = await evaluatedUnitFor(ctx.db, ctx.actor, unitId);
  await catchUp(ctx);
  const versions = await loadPolicies(ctx.db);
  const row = (await ctx.db.query<RollupRow>('select * from evaluation_rollups where period = $1 and unit_id = $2', [period, unitId])).rows[0];
  const whistle = (await whistleScores(ctx.db, [unitId], period)).get(unitId) ?? null;
  return scoreOf(unit, period, row, versions, whistle);
}

/** A unit's last `months` periods, oldest first, for the score card's trend. */
export async function getTrend(ctx: Ctx, unitId: number, period: string, months = 12): Promise<Score[]> {
  const unit = await evaluatedUnitFor(ctx.db, ctx.actor, unitId);
  await catchUp(ctx);
  const versions = await loadPolicies(ctx.db);
  const periods = Array.from({ length: months }, (_, i) => addMonths(period, i - months + 1));
  const rows = (await ctx.db.query<RollupRow>('select * from evaluation_rollups where unit_id = $1 and period = any($2::text[])', [unitId, periods])).rows;
  const whistle = await whistleScores(ctx.db, [unitId], period);
  return periods.map((p) => scoreOf(unit, p, rows.find((r) => r.period === p), versions, p === period ? (whistle.get(unitId) ?? null) : null));
}

export type RankingItem = {
  unitId: number;
  code: string;
  name: string;
  nameEn: string | null;
  rank: number | null;
  compositeScore: number;
  responseRate: number;
  resolutionRate: number;
  satisfactionRate: number;
  validCallbacks: number;
  rankChange: number | null;
  previousRank: number | null;
  lagging: boolean;
};

export type Ranking = { group: Group; period: string; policyVersion: number; minimumVolume: number; items: RankingItem[] };

/** The live league table of a group for every unit in it, without visibility (publication and diffs use it whole). */
export async function computeRanking(q: Queryable, group: Group, period: string): Promise<Ranking> {
  const kind = GROUP_KIND[group];
  const unitKinds = kind === 'street' ? ['street', 'township'] : [kind];
  const units = (
    await q.query<UnitRow>(
      'select id, code, name, name_en, kind, path, district_id, population, parent_id from units where kind = any($1::text[]) and active order by id',
      [unitKinds],
    )
  ).rows;
  const versions = await loadPolicies(q);
  const previous = addMonths(period, -1);
  const rows = (
    await q.query<RollupRow>('select * from evaluation_rollups where period = any($1::text[]) and unit_id = any($2::int[])', [
      [period, previous],
      units.map((u) => u.id),
    ])
  ).rows;
  const ids = units.map((u) => u.id);
  // Sequential: q may be a transaction's single connection.
  const whistleNow = await whistleScores(q, ids, period);
  const whistleBefore = await whistleScores(q, ids, previous);
  const byKey = new Map(rows.map((r) => [`${r.period}|${r.unit_id}`, r]));
  const table = (p: string, w: Map<number, number>) =>
    rankUnits(
      units.map((u) => scoreOf(u, p, byKey.get(`${p}|${u.id}`), versions, w.get(u.id) ?? null)),
      policyFor(versions, kind, p).rules,
    );
  const before = new Map(table(previous, whistleBefore).map((s) => [s.unitId, s.rank]));
  const policy = policyFor(versions, kind, period);
  const unitById = new Map(units.map((u) => [u.id, u]));
  const items = table(period, whistleNow).map((s) => {
    const u = unitById.get(s.unitId)!;
    return {
      unitId: s.unitId,
      code: u.code,
      name: u.name,
      nameEn: u.name_en,
      rank: s.rank,
      compositeScore: s.compositeScore,
      responseRate: s.responseRate,
      resolutionRate: s.resolutionRate,
      satisfactionRate: s.satisfactionRate,
      validCallbacks: s.validCallbacks,
      rankChange: rankChange(s.rank, before.get(s.unitId)),
      previousRank: before.get(s.unitId) ?? null,
      lagging: s.lagging,
    };
  });
  return { group, period, policyVersion: policy.version, minimumVolume: policy.rules.minimumVolume, items };
}

export async function getRanking(ctx: Ctx, group: Group, period: string): Promise<Ranking> {
  await catchUp(ctx);
  const r = await computeRanking(ctx.db, group, period);
  const visible = await visibleUnitIds(ctx, r.items.map((i) => i.unitId));
  return { ...r, items: r.items.filter((i) => visible.has(i.unitId)) };
}

export async function visibleUnitIds(ctx: Ctx, ids: number[]): Promise<Set<number>> {
  const units = (await ctx.db.query<UnitRow>('select id, district_id from units where id = any($1::int[])', [ids])).rows;
  return new Set(units.filter((u) => canSeeUnit(ctx.actor, u)).map((u) => u.id));
}
