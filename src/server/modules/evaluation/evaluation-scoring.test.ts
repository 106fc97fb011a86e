import { describe, expect, it } from 'vitest';
import { compositeScore, rankChange, rankUnits, rates, withWhistle } from './evaluation-scoring.ts';
import { periodBounds, periodOf, policyFor, PolicyRules, type PolicyVersion } from './evaluation-policy.ts';

const base: PolicyRules = {
  weights: { response: 0.1, resolution: 0.5, satisfaction: 0.4 },
  basicallySatisfiedCredit: 0.9,
  periodStartDay: 1,
  counting: { removeApprovedExclusions: true, excludeNotDispatched: true, mergedCountedOnce: true, reopenRule: 'last_valid_in_period' },
  coHandlerShare: 0,
  minimumVolume: 3,
  lagging: { bottomCount: 1, belowScore: null },
  appealWindowDays: 10,
  whistleWeight: 0,
};
const v = (version: number, validFrom: string, validTo: string | null, patch: Partial<PolicyRules> = {}): PolicyVersion => ({
  id: version, unitKind: 'street', version, validFrom, validTo, rules: { ...base, ...patch },
});

describe('rates and composite', () => {
  it('10 valid callbacks: 9 contacted, 7 solved, 6 satisfied, 2 basically satisfied', () => {
    const r = rates({ validCallbacks: 10, contacted: 9, solved: 7, satisfied: 6, basicallySatisfied: 2 }, base);
    expect(r.responseRate).toBeCloseTo(0.9, 12);
    expect(r.resolutionRate).toBeCloseTo(0.7, 12);
    expect(r.satisfactionRate).toBeCloseTo(0.78, 12); // (6 + 1.8) / 10
    expect(compositeScore(r, base)).toBeCloseTo(75.2, 10); // 9 + 35 + 31.2
    expect(compositeScore(r, { weights: { response: 0.3, resolution: 0.35, satisfaction: 0.35 } })).toBeCloseTo(78.8, 10); // 27 + 24.5 + 27.3
  });

  it('no valid callbacks gives zeros, not NaN', () => {
    expect(rates({ validCallbacks: 0, contacted: 0, solved: 0, satisfied: 0, basicallySatisfied: 0 }, base)).toEqual({ responseRate: 0, resolutionRate: 0, satisfactionRate: 0 });
  });

  it('weights must add up to 1', () => {
    expect(PolicyRules.safeParse({ ...base, weights: { response: 0.3, resolution: 0.35, satisfaction: 0.3 } }).success).toBe(false);
    expect(PolicyRules.safeParse({ ...base, weights: { response: 0.3, resolution: 0.35, satisfaction: 0.35 } }).success).toBe(true);
  });
});

describe('一哨一考核: the whistle component', () => {
  it('blends a department’s whistle score in at its weight, and leaves the composite alone without one', () => {
    expect(withWhistle(75, 90, 1 / 3)).toBeCloseTo(80, 10); // 2/3 × 75 + 1/3 × 90
    expect(withWhistle(75, 60, 0.5)).toBe(67.5);
    expect(withWhistle(75, null, 1 / 3)).toBe(75);
    expect(withWhistle(75, 90, 0)).toBe(75);
  });
});

describe('periods', () => {
  it('a calendar month runs from the 1st, Shanghai midnight', () => {
    const b = periodBounds([v(1, '2000-01', null)], 'street', '2026-03');
    expect(b.start.toISOString()).toBe('2026-02-28T16:00:00.000Z');
    expect(b.end.toISOString()).toBe('2026-03-31T16:00:00.000Z');
  });

  it('the 19th-to-18th period ending in March runs from 19 Feb to 18 Mar inclusive', () => {
    const vs = [v(1, '2000-01', null, { periodStartDay: 19 })];
    const b = periodBounds(vs, 'street', '2026-03');
    expect(b.start.toISOString()).toBe('2026-02-18T16:00:00.000Z');
    expect(b.end.toISOString()).toBe('2026-03-18T16:00:00.000Z');
    expect(periodOf(vs, 'street', new Date('2026-03-18T15:59:59Z'))).toBe('2026-03'); // 18 Mar 23:59:59 Shanghai
    expect(periodOf(vs, 'street', new Date('2026-03-18T16:00:00Z'))).toBe('2026-04'); // 19 Mar 00:00 Shanghai
    expect(periodOf(vs, 'street', new Date('2026-12-25T00:00:00Z'))).toBe('2027-01');
  });

  it('switching to the 19th leaves no gap: the first short period starts where the calendar month ended', () => {
    const vs = [v(1, '2000-01', '2026-05'), v(2, '2026-05', null, { periodStartDay: 19 })];
    expect(periodBounds(vs, 'street', '2026-04').end.toISOString()).toBe('2026-04-30T16:00:00.000Z');
    const may = periodBounds(vs, 'street', '2026-05');
    expect(may.start.toISOString()).toBe('2026-04-30T16:00:00.000Z');
    expect(may.end.toISOString()).toBe('2026-05-18T16:00:00.000Z');
    expect(periodOf(vs, 'street', new Date('2026-04-25T00:00:00Z'))).toBe('2026-04');
    expect(periodOf(vs, 'street', new Date('2026-05-20T00:00:00Z'))).toBe('2026-06');
  });

  it('the version in force is chosen by the period', () => {
    const vs = [v(1, '2000-01', '2026-07'), v(2, '2026-07', null)];
    expect(policyFor(vs, 'street', '2026-06').version).toBe(1);
    expect(policyFor(vs, 'street', '2026-07').version).toBe(2);
  });
});

describe('ranking', () => {
  const row = (unitId: number, compositeScore: number, validCallbacks: number) => ({ unitId, compositeScore, validCallbacks });

  it('ranks units at or above the minimum volume, ties share a rank, the rest are listed unranked', () => {
    const r = rankUnits([row(1, 80, 10), row(2, 95, 2), row(3, 90, 3), row(4, 80, 12), row(5, 70, 50)], base);
    expect(r.map((x) => [x.unitId, x.rank])).toEqual([[3, 1], [1, 2], [4, 2], [5, 4], [2, null]]);
    // a single perfect fix does not top the table
    expect(r.find((x) => x.unitId === 2)!.lagging).toBe(false);
    expect(r.filter((x) => x.lagging).map((x) => x.unitId)).toEqual([5]);
  });

  it('flags units below a score as lagging too', () => {
    const r = rankUnits([row(1, 59, 10), row(2, 95, 10), row(3, 90, 10)], { minimumVolume: 3, lagging: { bottomCount: 0, belowScore: 60 } });
    expect(r.filter((x) => x.lagging).map((x) => x.unitId)).toEqual([1]);
  });

  it('rank change counts places gained', () => {
    expect(rankChange(2, 5)).toBe(3);
    expect(rankChange(5, 2)).toBe(-3);
    expect(rankChange(null, 2)).toBeNull();
    expect(rankChange(1, undefined)).toBeNull();
  });
});
