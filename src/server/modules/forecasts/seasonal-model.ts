import { addDays } from '../deadlines/calendar.ts';

/**
 * The forecaster: a log-linear regression on daily counts, written here in plain TypeScript
 * because it is twenty lines of least squares and needs no numeric library. Its terms are the
 * ones that move the hotline: a trend, the weekday, the month (heating in November, floods in
 * July) and the holiday calendar (days off, and weekend make-up working days 调休). Unlike a
 * seasonal-naive copy of last year it follows holidays that move (春节) and the year's trend;
 * unlike Holt-Winters on weekly totals it needs no two full years before its yearly terms mean
 * anything (ridge shrinkage keeps an unseen month at the overall level).
 */
export type DayKind = 'holiday' | 'workday' | null;
export type DailyCount = { date: string; count: number };

export type SeasonalModel = {
  start: string;
  beta: Float64Array;
  /** log of actual over fitted weekly totals, sorted: the empirical error that makes the intervals */
  weeklyLogErrors: number[];
  /** half the variance of the daily log residuals: turns the mean of log counts back into a mean of counts */
  smear: number;
  dayKind: (date: string) => DayKind;
};

const P = 1 + 1 + 6 + 11 + 2; // intercept, trend, weekday Mon–Sat, month Feb–Dec, holiday, make-up workday
const RIDGE = 0.5;

function dayIndex(a: string, b: string): number {
  return Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);
}

function features(m: Pick<SeasonalModel, 'start' | 'dayKind'>, date: string, out: Float64Array): void {
  out.fill(0);
  const d = new Date(`${date}T00:00:00Z`);
  const dow = d.getUTCDay();
  const month = d.getUTCMonth();
  const kind = m.dayKind(date);
  out[0] = 1;
  out[1] = dayIndex(m.start, date) / 365;
  // a make-up working Saturday is a working day: it takes Monday's level, not Saturday's
  const effectiveDow = kind === 'workday' ? 1 : dow;
  if (effectiveDow >= 1) out[1 + effectiveDow] = 1;
  if (month >= 1) out[7 + month] = 1;
  if (kind === 'holiday') out[19] = 1;
  if (kind === 'workday') out[20] = 1;
}

/** Solves (XᵀX + λI)β = Xᵀy by Gaussian elimination with partial pivoting (P is 21). */
function solve(A: Float64Array[], b: Float64Array): Float64Array {
  const n = b.length;
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r][c]) > Math.abs(A[piv][c])) piv = r;
    [A[c], A[piv]] = [A[piv], A[c]];
    [b[c], b[piv]] = [b[piv], b[c]];
    for (let r = c + 1; r < n; r++) {
      const f = A[r][c] / A[c][c];
      if (!f) continue;
      for (let k = c; k < n; k++) A[r][k] -= f * A[c][k];
      b[r] -= f * b[c];
    }
  }
  const x = new Float64Array(n);
  for (let r = n - 1; r >= 0; r--) {
    let s = b[r];
    for (let k = r + 1; k < n; k++) s -= A[r][k] * x[k];
    x[r] = s / A[r][r];
  }
  return x;
}

/** Fits on consecutive days (missing days count as zero requests). */
export function fitSeasonal(history: DailyCount[], dayKind: (date: string) => DayKind): SeasonalModel {
  if (!history.length) return { start: '1970-01-01', beta: new Float64Array(P), weeklyLogErrors: [], smear: 0, dayKind };
  const start = history[0].date;
  const model: SeasonalModel = { start, beta: new Float64Array(P), weeklyLogErrors: [], smear: 0, dayKind };
  const A = Array.from({ length: P }, () => new Float64Array(P));
  const b = new Float64Array(P);
  const x = new Float64Array(P);
  for (const h of history) {
    features(model, h.date, x);
    const y = Math.log1p(h.count);
    for (let i = 0; i < P; i++) {
      if (!x[i]) continue;
      b[i] += x[i] * y;
      for (let j = 0; j < P; j++) A[i][j] += x[i] * x[j];
    }
  }
  for (let i = 1; i < P; i++) A[i][i] += RIDGE;
  A[0][0] += 1e-9;
  model.beta = solve(A, b);
  let ss = 0;
  for (const h of history) {
    const r = Math.log1p(h.count) - linear(model, h.date);
    ss += r * r;
  }
  model.smear = ss / history.length / 2;
  // Weekly errors from the last year of fit (at most): the intervals reflect how wrong a week's total tends to be.
  const recent = history.slice(-364);
  const errors: number[] = [];
  for (let i = 0; i + 7 <= recent.length; i += 7) {
    const week = recent.slice(i, i + 7);
    const actual = week.reduce((s, d) => s + d.count, 0);
    const fitted = week.reduce((s, d) => s + predictDay(model, d.date), 0);
    errors.push(Math.log((actual + 1) / (fitted + 1)));
  }
  model.weeklyLogErrors = errors.sort((p, q) => p - q);
  return model;
}

function linear(m: SeasonalModel, date: string): number {
  const x = new Float64Array(P);
  features(m, date, x);
  let s = 0;
  for (let i = 0; i < P; i++) s += x[i] * m.beta[i];
  return s;
}

export function predictDay(m: SeasonalModel, date: string): number {
  return Math.max(0, Math.exp(linear(m, date) + m.smear) - 1);
}

export type WeekForecast = { weekStart: string; expected: number; lower: number; upper: number };

function quantile(sorted: number[], q: number): number {
  if (!sorted.length) return 0;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  return sorted[lo] + (sorted[Math.min(lo + 1, sorted.length - 1)] - sorted[lo]) * (pos - lo);
}

/**
 * Weekly totals for `weeks` weeks from `firstWeekStart`, with an 80% interval from the fit's
 * own weekly errors, widened with the horizon (errors compound the further ahead).
 */
export function forecastWeeks(m: SeasonalModel, firstWeekStart: string, weeks: number, level = 0.8): WeekForecast[] {
  const lo = quantile(m.weeklyLogErrors, (1 - level) / 2);
  const hi = quantile(m.weeklyLogErrors, 1 - (1 - level) / 2);
  return Array.from({ length: weeks }, (_, w) => {
    const weekStart = addDays(firstWeekStart, 7 * w);
    let expected = 0;
    for (let d = 0; d < 7; d++) expected += predictDay(m, addDays(weekStart, d));
    const widen = Math.sqrt(1 + w / 4);
    return {
      weekStart,
      expected,
      lower: Math.max(0, (expected + 1) * Math.exp(Math.min(lo, 0) * widen) - 1),
      upper: (expected + 1) * Math.exp(Math.max(hi, 0) * widen) - 1,
    };
  });
}

/** The baseline: each day as it was 364 days earlier (same weekday, a year back). */
export function seasonalNaiveWeeks(history: DailyCount[], firstWeekStart: string, weeks: number): number[] {
  const byDate = new Map(history.map((h) => [h.date, h.count]));
  return Array.from({ length: weeks }, (_, w) => {
    let s = 0;
    for (let d = 0; d < 7; d++) s += byDate.get(addDays(firstWeekStart, 7 * w + d - 364)) ?? 0;
    return s;
  });
}

export function mape(actual: number[], predicted: number[]): number {
  const pairs = actual.map((a, i) => [a, predicted[i]] as const).filter(([a]) => a > 0);
  return pairs.length ? pairs.reduce((s, [a, p]) => s + Math.abs(a - p) / a, 0) / pairs.length : 0;
}
