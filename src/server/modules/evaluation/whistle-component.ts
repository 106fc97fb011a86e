import type { Queryable } from '../../db/client.ts';
import { periodBounds } from './evaluation-policy.ts';
import { loadPolicies } from './evaluation-rollups.ts';

/**
 * The whistle component of a unit's composite (一哨一考核: the streets' ratings of a department),
 * 0–100 per unit and period. It comes from the whistle module through this seam, so evaluation
 * never reads whistle tables itself; `withWhistle` in evaluation-scoring.ts blends it in with the
 * policy's `whistleWeight` at read time, so a new rating shows at the next read.
 * The period's bounds are the departments' (whistles summon departments and enterprises).
 */
export type WhistleSource = (q: Queryable, unitIds: number[], range: { start: Date; end: Date }) => Promise<Map<number, number>>;

let source: WhistleSource = async () => new Map();

export async function whistleScores(q: Queryable, unitIds: number[], period: string): Promise<Map<number, number>> {
  if (!unitIds.length) return new Map();
  return source(q, unitIds, periodBounds(await loadPolicies(q), 'department', period));
}

/** Lets the whistle module (or a test fixture) provide the scores. */
export function setWhistleSource(s: WhistleSource): void {
  source = s;
}
