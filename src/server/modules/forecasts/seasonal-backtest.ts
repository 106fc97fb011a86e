import { addDays } from '../deadlines/calendar.ts';
import { seededRandom } from '../routing/classifier/metrics.ts';
import { fitSeasonal, forecastWeeks, mape, seasonalNaiveWeeks, type DailyCount, type DayKind } from './seasonal-model.ts';

/** Demand shapes of the hotline: heating peaks in November, floods in July (share of the mean per month). */
export const SEASON_SHAPES = {
  heating: [1.5, 1.1, 0.9, 0.6, 0.5, 0.5, 0.5, 0.5, 0.6, 0.9, 2.6, 1.9],
  flood: [0.6, 0.6, 0.7, 0.8, 1.0, 1.4, 2.4, 2.0, 1.1, 0.8, 0.7, 0.6],
} as const;

const WEEKDAY = [0.7, 1.1, 1.05, 1.05, 1.0, 1.0, 0.75]; // Sunday first

function poisson(lambda: number, random: () => number): number {
  // Knuth for small rates, a normal approximation above: exact enough for counts of requests
  if (lambda > 40) return Math.max(0, Math.round(lambda + Math.sqrt(lambda) * gauss(random)));
  const l = Math.exp(-lambda);
  let k = 0;
  let p = 1;
  do {
    k++;
    p *= random();
  } while (p > l);
  return k - 1;
}

function gauss(random: () => number): number {
  return Math.sqrt(-2 * Math.log(random() || 1e-12)) * Math.cos(2 * Math.PI * random());
}

export type GeneratedSeries = { shape: keyof typeof SEASON_SHAPES; perDay: number; growthPerYear: number; seed: number };

/** Daily counts with a trend, weekday and month shape, fewer calls on days off and a Poisson draw. */
export function generateSeasonalHistory(from: string, to: string, s: GeneratedSeries, dayKind: (date: string) => DayKind): DailyCount[] {
  const random = seededRandom(s.seed);
  const out: DailyCount[] = [];
  for (let d = from, i = 0; d <= to; d = addDays(d, 1), i++) {
    const date = new Date(`${d}T00:00:00Z`);
    const kind = dayKind(d);
    const dow = kind === 'workday' ? 1 : date.getUTCDay();
    const holiday = kind === 'holiday' ? 0.55 : 1;
    const lambda = s.perDay * (1 + (s.growthPerYear * i) / 365) * WEEKDAY[dow] * SEASON_SHAPES[s.shape][date.getUTCMonth()] * holiday;
    out.push({ date: d, count: poisson(lambda, random) });
  }
  return out;
}

export type BacktestResult = { origins: number; weeks: number; modelMape: number; naiveMape: number; coverage: number };

/**
 * Rolling origins every four weeks over the last `evalWeeks` weeks: fit on everything before the
 * origin, forecast `horizon` weeks, compare weekly totals. Coverage is the share of actual weeks
 * inside the 80% interval.
 */
export function backtest(history: DailyCount[], dayKind: (date: string) => DayKind, evalWeeks = 44, horizon = 4): BacktestResult {
  const byDate = new Map(history.map((h) => [h.date, h.count]));
  const last = history[history.length - 1].date;
  const actualWeek = (start: string) => Array.from({ length: 7 }, (_, d) => byDate.get(addDays(start, d)) ?? 0).reduce((s, x) => s + x, 0);
  const firstOrigin = addDays(last, -7 * evalWeeks + 1);
  const actual: number[] = [];
  const model: number[] = [];
  const naive: number[] = [];
  let inside = 0;
  let origins = 0;
  for (let origin = firstOrigin; addDays(origin, 7 * horizon - 1) <= last; origin = addDays(origin, 7 * horizon)) {
    const train = history.filter((h) => h.date < origin);
    const f = forecastWeeks(fitSeasonal(train, dayKind), origin, horizon);
    const n = seasonalNaiveWeeks(train, origin, horizon);
    f.forEach((w, i) => {
      const a = actualWeek(w.weekStart);
      actual.push(a);
      model.push(w.expected);
      naive.push(n[i]);
      if (a >= w.lower && a <= w.upper) inside++;
    });
    origins++;
  }
  return { origins, weeks: actual.length, modelMape: mape(actual, model), naiveMape: mape(actual, naive), coverage: actual.length ? inside / actual.length : 0 };
}

/** The day kinds of the State Council calendar file (src/server/modules/deadlines/cn-holidays.json). */
export function dayKindFrom(days: { date: string; kind: 'holiday' | 'workday' }[]): (date: string) => DayKind {
  const m = new Map(days.map((d) => [d.date, d.kind]));
  return (date) => m.get(date) ?? null;
}
