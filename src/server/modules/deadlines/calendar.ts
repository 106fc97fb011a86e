/**
 * Working-day calendar and time-limit arithmetic for China (Asia/Shanghai).
 *
 * Pure functions only: the current time is always a parameter, never read from the clock, so due
 * times are reproducible in tests and when recomputed later from stored start instants.
 */

/** One entry of an official holiday notice. */
export type CalendarDay = {
  /** YYYY-MM-DD, a Shanghai calendar date. */
  date: string;
  /** 'holiday' = a day off inside a holiday block; 'workday' = a Saturday/Sunday make-up working day (调休). */
  kind: 'holiday' | 'workday';
  name: string;
};

export type DayKind = 'workday' | 'weekend' | 'holiday' | 'makeup';

export type Calendar = {
  isWorkingDay(date: string): boolean;
  dayInfo(date: string): { working: boolean; name: string | null; kind: DayKind };
  /** Years that have holiday data; a computation reaching another year uses weekends only. */
  years(): number[];
};

export type Duration = { amount: number; unit: 'minutes' | 'hours' | 'days' | 'working_days' };

// China has had no DST since 1991 and Asia/Shanghai is a fixed UTC+8, so a constant offset is exact
// for every instant we handle, independent of the host TZ, and much cheaper than Intl formatting.
const SHANGHAI_OFFSET_MS = 8 * 3600_000;
const DAY_MS = 86_400_000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses YYYY-MM-DD to a UTC-midnight epoch; rejects impossible dates such as 2025-02-30. */
function dateToUtcMs(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m) throw new Error(`invalid date "${date}", expected YYYY-MM-DD`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new Error(`invalid date "${date}"`);
  }
  return ms;
}

function utcMsToDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

function checkInstant(t: Date, what: string): number {
  const ms = t.getTime();
  if (!Number.isFinite(ms)) throw new Error(`invalid ${what} instant`);
  return ms;
}

/** The Shanghai calendar date (YYYY-MM-DD) of an instant. */
export function shanghaiDate(t: Date): string {
  return utcMsToDate(checkInstant(t, 'date') + SHANGHAI_OFFSET_MS);
}

/** The instant of 00:00 Shanghai on the given date. */
export function shanghaiMidnight(date: string): Date {
  return new Date(dateToUtcMs(date) - SHANGHAI_OFFSET_MS);
}

/** Calendar-date arithmetic: `date` plus n days (n may be negative). */
export function addDays(date: string, n: number): string {
  if (!Number.isInteger(n)) throw new Error(`addDays needs an integer, got ${n}`);
  return utcMsToDate(dateToUtcMs(date) + n * DAY_MS);
}

function isWeekend(date: string): boolean {
  const dow = new Date(dateToUtcMs(date)).getUTCDay();
  return dow === 0 || dow === 6;
}

export function buildCalendar(days: CalendarDay[]): Calendar {
  const byDate = new Map<string, CalendarDay>();
  const yearSet = new Set<number>();
  for (const day of days) {
    dateToUtcMs(day.date);
    if (day.kind !== 'holiday' && day.kind !== 'workday') {
      throw new Error(`calendar day ${day.date}: unknown kind "${String(day.kind)}"`);
    }
    // A make-up day on a weekday would silently do nothing; it is almost certainly a typo in the data.
    if (day.kind === 'workday' && !isWeekend(day.date)) {
      throw new Error(`calendar day ${day.date}: make-up workday is not a Saturday or Sunday`);
    }
    const prev = byDate.get(day.date);
    if (prev && prev.kind !== day.kind) {
      throw new Error(`calendar day ${day.date} is listed both as holiday and as make-up workday`);
    }
    byDate.set(day.date, day);
    yearSet.add(Number(day.date.slice(0, 4)));
  }
  const sortedYears = [...yearSet].sort((a, b) => a - b);

  const dayInfo = (date: string): { working: boolean; name: string | null; kind: DayKind } => {
    const weekend = isWeekend(date);
    const entry = byDate.get(date);
    if (entry?.kind === 'holiday') return { working: false, name: entry.name, kind: 'holiday' };
    if (entry?.kind === 'workday') return { working: true, name: entry.name, kind: 'makeup' };
    return weekend
      ? { working: false, name: null, kind: 'weekend' }
      : { working: true, name: null, kind: 'workday' };
  };

  return {
    isWorkingDay: (date) => dayInfo(date).working,
    dayInfo,
    years: () => [...sortedYears],
  };
}

/**
 * The date of the n-th working day strictly after `date` (n ≥ 1). Exposed so callers that already
 * hold a date (reports, extensions) need not round-trip through instants.
 */
export function addWorkingDays(cal: Calendar, date: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) {
    throw new Error(`working-day count must be a positive integer, got ${n}`);
  }
  let d = date;
  let found = 0;
  while (found < n) {
    d = addDays(d, 1);
    if (cal.isWorkingDay(d)) found++;
  }
  return d;
}

/**
 * Adds a time limit to a start instant.
 *
 * minutes/hours/days are natural time (Beijing 12345 counts natural hours and days; a "day" is 24h
 * from the start, not the end of a calendar day). working_days follows the legal rule for periods:
 * the start day is not counted and the period ends at 24:00 of its last day, so the due instant is
 * 00:00 Shanghai of the day after the n-th working day following the start's Shanghai date.
 */
export function addDuration(cal: Calendar, start: Date, d: Duration): Date {
  const startMs = checkInstant(start, 'start');
  if (!Number.isFinite(d.amount) || d.amount < 0) {
    throw new Error(`duration amount must be a non-negative number, got ${d.amount}`);
  }
  switch (d.unit) {
    case 'minutes':
      return new Date(startMs + d.amount * 60_000);
    case 'hours':
      return new Date(startMs + d.amount * 3600_000);
    case 'days':
      return new Date(startMs + d.amount * DAY_MS);
    case 'working_days':
      return endOfWorkingPeriod(cal, shanghaiDate(start), d.amount);
    default:
      throw new Error(`unknown duration unit "${String((d as { unit: unknown }).unit)}"`);
  }
}

/** 24:00 Shanghai of the n-th working day after `anchorDate`, as an instant. */
export function endOfWorkingPeriod(cal: Calendar, anchorDate: string, n: number): Date {
  return shanghaiMidnight(addDays(addWorkingDays(cal, anchorDate, n), 1));
}

/**
 * Working days whose date is strictly after from's Shanghai date and up to and including to's.
 * Returns 0 when `to` is not on a later date than `from` (reports only need elapsed counts).
 */
export function workingDaysBetween(cal: Calendar, from: Date, to: Date): number {
  const last = shanghaiDate(to);
  let d = shanghaiDate(from);
  let count = 0;
  // ISO dates compare correctly as strings; a day-by-day walk is fine for report-sized spans.
  while (d < last) {
    d = addDays(d, 1);
    if (cal.isWorkingDay(d)) count++;
  }
  return count;
}
