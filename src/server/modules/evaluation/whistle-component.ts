import type { Queryable } from '../../db/client.ts';

/**
 * The whistle component of a unit's composite (一哨一考核: the streets' ratings of a department and
 * its report-in timeliness), 0–100 per unit and period. It comes from the whistle module; until
 * that module is present no unit has one and every composite is the hotline composite alone.
 * `withWhistle` in evaluation-scoring.ts blends it in with the policy's `whistleWeight`.
 *
 * To wire: return the whistle module's per-period score here (read-only query over its tables),
 * and re-judge nothing — the blend happens at read time, so a new rating shows at the next read.
 */
export type WhistleSource = (q: Queryable, unitIds: number[], period: string) => Promise<Map<number, number>>;

let source: WhistleSource = async () => new Map();

export function whistleScores(q: Queryable, unitIds: number[], period: string): Promise<Map<number, number>> {
  return unitIds.length ? source(q, unitIds, period) : Promise.resolve(new Map());
}

/** Lets the whistle module (or a test fixture) provide the scores. */
export function setWhistleSource(s: WhistleSource): void {
  source = s;
}
