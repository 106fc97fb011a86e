import type { PolicyRules } from './evaluation-policy.ts';

/** The 三率 and the composite (domain §5), and the league-table rules. Pure functions. */

export type Counts = { validCallbacks: number; contacted: number; solved: number; satisfied: number; basicallySatisfied: number };

export type Rates = { responseRate: number; resolutionRate: number; satisfactionRate: number };

export const ZERO_COUNTS: Counts = { validCallbacks: 0, contacted: 0, solved: 0, satisfied: 0, basicallySatisfied: 0 };

/** 响应率 = contacted/N, 解决率 = solved/N, 满意率 = (satisfied + credit × basically satisfied)/N; all 0 when N is 0. */
export function rates(c: Counts, rules: Pick<PolicyRules, 'basicallySatisfiedCredit'>): Rates {
  const n = c.validCallbacks;
  if (n <= 0) return { responseRate: 0, resolutionRate: 0, satisfactionRate: 0 };
  return {
    responseRate: c.contacted / n,
    resolutionRate: c.solved / n,
    satisfactionRate: (c.satisfied + rules.basicallySatisfiedCredit * c.basicallySatisfied) / n,
  };
}

/** 综合成绩 = 100 × (w₁·响应率 + w₂·解决率 + w₃·满意率), 0–100. */
export function compositeScore(r: Rates, rules: Pick<PolicyRules, 'weights'>): number {
  const w = rules.weights;
  return 100 * (w.response * r.responseRate + w.resolution * r.resolutionRate + w.satisfaction * r.satisfactionRate);
}

/**
 * 一哨一考核: where the whistle module gives a unit a score (0–100) for the period, the composite
 * becomes (1 − w) × hotline composite + w × whistle score; without one, the hotline composite stands.
 */
export function withWhistle(base: number, whistleScore: number | null | undefined, weight: number): number {
  if (whistleScore === null || whistleScore === undefined || weight <= 0) return base;
  return (1 - weight) * base + weight * whistleScore;
}

/** Four decimals for rates and two for scores, so the API, the console and exports show one figure. */
export const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

export type Ranked<T> = T & { rank: number | null; lagging: boolean };

/**
 * Ranks units with at least the minimum volume by composite (ties share a rank, 1224 style);
 * units below it are listed unranked at the end. Lagging (治理类): ranked in the bottom `bottomCount`,
 * or below `belowScore`.
 */
export function rankUnits<T extends { compositeScore: number; validCallbacks: number; unitId: number }>(
  rows: T[],
  rules: Pick<PolicyRules, 'minimumVolume' | 'lagging'>,
): Ranked<T>[] {
  const eligible = rows.filter((r) => r.validCallbacks >= rules.minimumVolume && r.validCallbacks > 0);
  const others = rows.filter((r) => !eligible.includes(r));
  eligible.sort((a, b) => b.compositeScore - a.compositeScore || a.unitId - b.unitId);
  const ranked: Ranked<T>[] = [];
  eligible.forEach((r, i) => {
    const prev = ranked[i - 1];
    const rank = prev && round(prev.compositeScore, 6) === round(r.compositeScore, 6) ? prev.rank : i + 1;
    ranked.push({ ...r, rank, lagging: false });
  });
  const { bottomCount, belowScore } = rules.lagging;
  const cut = ranked.length - bottomCount;
  for (const r of ranked) {
    const inBottom = bottomCount > 0 && r.rank !== null && r.rank > cut;
    r.lagging = inBottom || (belowScore !== null && r.compositeScore < belowScore);
  }
  others.sort((a, b) => b.validCallbacks - a.validCallbacks || a.unitId - b.unitId);
  return [...ranked, ...others.map((r) => ({ ...r, rank: null, lagging: false }))];
}

/** Places moved up since the last period (positive = better); null when unranked in either. */
export function rankChange(rank: number | null, previous: number | null | undefined): number | null {
  if (rank === null || previous === null || previous === undefined) return null;
  return previous - rank;
}
