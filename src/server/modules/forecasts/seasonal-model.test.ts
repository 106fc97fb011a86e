import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { backtest, dayKindFrom, generateSeasonalHistory } from './seasonal-backtest.ts';
import { fitSeasonal, forecastWeeks, mape, seasonalNaiveWeeks } from './seasonal-model.ts';

const holidays = JSON.parse(readFileSync(new URL('../deadlines/cn-holidays.json', import.meta.url), 'utf8')) as { days: { date: string; kind: 'holiday' | 'workday' }[] };
const dayKind = dayKindFrom(holidays.days);

describe('seasonal forecaster', () => {
  it('MAPE and the seasonal-naive baseline, hand-computed', () => {
    expect(mape([10, 20, 0], [12, 15, 3])).toBeCloseTo((0.2 + 0.25) / 2, 12);
    const history = Array.from({ length: 371 }, (_, i) => ({ date: new Date(Date.UTC(2025, 0, 1 + i)).toISOString().slice(0, 10), count: i }));
    // 2026-01-07 minus 364 days is 2025-01-08 (index 7): the week holds 7+8+…+13
    expect(seasonalNaiveWeeks(history, '2026-01-07', 1)).toEqual([70]);
  });

  it('recovers a constant weekday pattern exactly enough and brackets it', () => {
    const history = Array.from({ length: 140 }, (_, i) => {
      const date = new Date(Date.UTC(2025, 2, 3 + i));
      return { date: date.toISOString().slice(0, 10), count: date.getUTCDay() === 0 ? 5 : 20 };
    });
    const [w] = forecastWeeks(fitSeasonal(history, () => null), '2025-07-21', 1);
    // six days of 20 and a Sunday of 5; ridge shrinkage pulls a little toward the mean
    expect(w.expected).toBeGreaterThan(120);
    expect(w.expected).toBeLessThan(130);
    expect(w.lower).toBeLessThanOrEqual(w.expected);
    expect(w.upper).toBeGreaterThanOrEqual(w.expected);
  });

  for (const shape of ['heating', 'flood'] as const) {
    it(`beats the seasonal-naive baseline on generated ${shape} history (backtest over 2026)`, () => {
      const history = generateSeasonalHistory('2025-01-01', '2026-11-29', { shape, perDay: 25, growthPerYear: 0.2, seed: 42 }, dayKind);
      const r = backtest(history, dayKind);
      console.log(`[forecast backtest ${shape}] ${JSON.stringify(r)}`);
      expect(r.weeks).toBeGreaterThanOrEqual(40);
      expect(r.modelMape).toBeLessThan(r.naiveMape);
      expect(r.modelMape).toBeLessThan(0.2);
      expect(r.coverage).toBeGreaterThan(0.6);
    });
  }
});
