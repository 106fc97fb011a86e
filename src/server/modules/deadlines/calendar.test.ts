import { describe, expect, it } from 'vitest';
import holidayData from './cn-holidays.json' with { type: 'json' };
import {
  addDays,
  addDuration,
  addWorkingDays,
  buildCalendar,
  shanghaiDate,
  shanghaiMidnight,
  workingDaysBetween,
  type CalendarDay,
} from './calendar.ts';

const cal = buildCalendar(holidayData.days as CalendarDay[]);
const at = (iso: string) => new Date(iso);
const range = (first: string, last: string) => {
  const out: string[] = [];
  for (let d = first; d <= last; d = addDays(d, 1)) out.push(d);
  return out;
};

describe('Shanghai date helpers', () => {
  it('maps instants to the Shanghai date, not the UTC date', () => {
    expect(shanghaiDate(at('2026-02-13T15:59:59Z'))).toBe('2026-02-13');
    expect(shanghaiDate(at('2026-02-13T16:00:00Z'))).toBe('2026-02-14');
    expect(shanghaiDate(at('2026-02-13T17:30:00Z'))).toBe('2026-02-14');
    expect(shanghaiDate(at('2025-12-31T16:00:00Z'))).toBe('2026-01-01');
  });

  it('gives 00:00 Shanghai as 16:00Z the previous day', () => {
    expect(shanghaiMidnight('2026-01-01').toISOString()).toBe('2025-12-31T16:00:00.000Z');
    expect(shanghaiDate(shanghaiMidnight('2026-03-01'))).toBe('2026-03-01');
  });

  it('adds calendar days across month, leap and year ends', () => {
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2025-02-28', 1)).toBe('2025-03-01');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
  });

  it('rejects malformed and impossible dates', () => {
    expect(() => addDays('2025-2-1', 1)).toThrow(/invalid date/);
    expect(() => shanghaiMidnight('2025-02-30')).toThrow(/invalid date/);
    expect(() => cal.isWorkingDay('2025-13-01')).toThrow(/invalid date/);
    expect(() => shanghaiDate(new Date(Number.NaN))).toThrow(/invalid/);
  });
});

describe('buildCalendar', () => {
  it('treats plain weekdays as working and weekends as off', () => {
    expect(cal.dayInfo('2025-03-12')).toEqual({ working: true, name: null, kind: 'workday' });
    expect(cal.dayInfo('2025-03-15')).toEqual({ working: false, name: null, kind: 'weekend' });
    expect(cal.isWorkingDay('2025-03-16')).toBe(false);
  });

  it('knows which years it has data for', () => {
    expect(cal.years()).toEqual([2025, 2026]);
  });

  const blocks: [string, string, string][] = [
    ['元旦', '2025-01-01', '2025-01-01'],
    ['春节', '2025-01-28', '2025-02-04'],
    ['清明节', '2025-04-04', '2025-04-06'],
    ['劳动节', '2025-05-01', '2025-05-05'],
    ['端午节', '2025-05-31', '2025-06-02'],
    ['国庆节、中秋节', '2025-10-01', '2025-10-08'],
    ['元旦', '2026-01-01', '2026-01-03'],
    ['春节', '2026-02-15', '2026-02-23'],
    ['清明节', '2026-04-04', '2026-04-06'],
    ['劳动节', '2026-05-01', '2026-05-05'],
    ['端午节', '2026-06-19', '2026-06-21'],
    ['中秋节', '2026-09-25', '2026-09-27'],
    ['国庆节', '2026-10-01', '2026-10-07'],
  ];
  it.each(blocks)('%s %s..%s is entirely off, bounded by working or weekend days', (name, first, last) => {
    for (const d of range(first, last)) {
      expect(cal.dayInfo(d), d).toEqual({ working: false, name, kind: 'holiday' });
    }
    expect(cal.dayInfo(addDays(first, -1)).kind).not.toBe('holiday');
    expect(cal.dayInfo(addDays(last, 1)).kind).not.toBe('holiday');
  });

  const makeups = [
    '2025-01-26', '2025-02-08', '2025-04-27', '2025-09-28', '2025-10-11',
    '2026-01-04', '2026-02-14', '2026-02-28', '2026-05-09', '2026-09-20', '2026-10-10',
  ];
  it.each(makeups)('make-up day %s is a working weekend day', (d) => {
    const info = cal.dayInfo(d);
    expect(info.working).toBe(true);
    expect(info.kind).toBe('makeup');
    expect(info.name).toMatch(/调休上班$/);
    expect([0, 6]).toContain(new Date(`${d}T00:00:00Z`).getUTCDay());
  });

  it('has exactly the official number of days off and make-up days per year', () => {
    const count = (y: string, k: CalendarDay['kind']) =>
      (holidayData.days as CalendarDay[]).filter((d) => d.date.startsWith(y) && d.kind === k).length;
    expect([count('2025', 'holiday'), count('2025', 'workday')]).toEqual([28, 5]);
    expect([count('2026', 'holiday'), count('2026', 'workday')]).toEqual([33, 6]);
    expect(holidayData.source).toContain('国办发明电〔2024〕12号');
    expect(holidayData.source).toContain('国办发明电〔2025〕7号');
  });

  it('falls back to weekends only for years without data', () => {
    expect(cal.dayInfo('2027-01-01')).toEqual({ working: true, name: null, kind: 'workday' });
    expect(cal.isWorkingDay('2027-01-02')).toBe(false);
  });

  it('rejects inconsistent data', () => {
    expect(() =>
      buildCalendar([
        { date: '2025-01-26', kind: 'workday', name: 'a' },
        { date: '2025-01-26', kind: 'holiday', name: 'b' },
      ]),
    ).toThrow(/both/);
    expect(() => buildCalendar([{ date: '2025-01-27', kind: 'workday', name: 'x' }])).toThrow(/Saturday/);
    expect(() => buildCalendar([{ date: '2025-01-32', kind: 'holiday', name: 'x' }])).toThrow(/invalid/);
  });
});

describe('addDuration, natural time', () => {
  it('adds minutes, hours and 24h days regardless of weekends and holidays', () => {
    const start = at('2026-02-14T03:10:00Z');
    expect(addDuration(cal, start, { amount: 30, unit: 'minutes' }).toISOString()).toBe('2026-02-14T03:40:00.000Z');
    expect(addDuration(cal, start, { amount: 2, unit: 'hours' }).toISOString()).toBe('2026-02-14T05:10:00.000Z');
    expect(addDuration(cal, start, { amount: 7, unit: 'days' }).toISOString()).toBe('2026-02-21T03:10:00.000Z');
  });

  it('rejects negative or non-finite amounts', () => {
    expect(() => addDuration(cal, at('2026-01-05T00:00:00Z'), { amount: -1, unit: 'hours' })).toThrow();
    expect(() => addDuration(cal, at('2026-01-05T00:00:00Z'), { amount: Infinity, unit: 'days' })).toThrow();
  });
});

describe('addDuration, working days', () => {
  const wd = (amount: number) => ({ amount, unit: 'working_days' as const });

  it('ends at 24:00 Shanghai of the n-th working day after the start date', () => {
    // Wed 2025-03-12 10:00 Shanghai + 1 → end of Thu 03-13 = 03-14 00:00 Shanghai.
    expect(addDuration(cal, at('2025-03-12T02:00:00Z'), wd(1)).toISOString()).toBe('2025-03-13T16:00:00.000Z');
    // Fri + 1 skips the weekend → end of Mon.
    expect(addDuration(cal, at('2025-03-14T02:00:00Z'), wd(1)).toISOString()).toBe('2025-03-17T16:00:00.000Z');
    // Start time within the day does not matter.
    expect(addDuration(cal, at('2025-03-11T16:00:00Z'), wd(1))).toEqual(
      addDuration(cal, at('2025-03-12T15:59:59Z'), wd(1)),
    );
  });

  it('crosses the year end and 2026 元旦 with its Sunday make-up day', () => {
    // 12-31 start; 1/1–1/3 off; 1/4 (Sun, make-up) is #1, 1/5 #2, 1/6 #3 → 2026-01-07 00:00 Shanghai.
    expect(addDuration(cal, at('2025-12-31T01:00:00Z'), wd(3)).toISOString()).toBe('2026-01-06T16:00:00.000Z');
  });

  it('counts from a start on a holiday', () => {
    // 2025-10-03 (国庆) + 1: 10-04..10-08 off → 10-09 → due 10-10 00:00 Shanghai.
    expect(addDuration(cal, at('2025-10-03T04:00:00Z'), wd(1)).toISOString()).toBe('2025-10-09T16:00:00.000Z');
    // + 2: 10-10 Fri is #2 → due 10-11 00:00; 10-11 itself is a make-up Saturday.
    expect(addDuration(cal, at('2025-10-03T04:00:00Z'), wd(2)).toISOString()).toBe('2025-10-10T16:00:00.000Z');
    expect(addDuration(cal, at('2025-10-03T04:00:00Z'), wd(3)).toISOString()).toBe('2025-10-11T16:00:00.000Z');
  });

  it('uses the Shanghai date of a late-night UTC instant (make-up Saturday before 春节)', () => {
    // 2026-02-13T17:30Z = Sat 2026-02-14 01:30 Shanghai; 2/15–2/23 off → #1 is Tue 2/24.
    expect(addDuration(cal, at('2026-02-13T17:30:00Z'), wd(1)).toISOString()).toBe('2026-02-24T16:00:00.000Z');
    // The same UTC date but still Friday in Shanghai: #1 is the make-up Saturday 2/14.
    expect(addDuration(cal, at('2026-02-13T15:30:00Z'), wd(1)).toISOString()).toBe('2026-02-14T16:00:00.000Z');
  });

  it('covers 5 and 15 working days through 2026 春节 and the 2/28 make-up day', () => {
    // Thu 2/12: 2/13 #1, 2/14 #2, 2/24 #3, 2/25 #4, 2/26 #5.
    expect(addDuration(cal, at('2026-02-12T02:00:00Z'), wd(5)).toISOString()).toBe('2026-02-26T16:00:00.000Z');
    // Continue: 2/27 #6, 2/28 (Sat make-up) #7, 3/2–3/6 #8–12, 3/9–3/11 #13–15.
    expect(addDuration(cal, at('2026-02-12T02:00:00Z'), wd(15)).toISOString()).toBe('2026-03-11T16:00:00.000Z');
  });

  it('computes on weekends only for a year without data, without throwing', () => {
    // Thu 2027-12-30 + 2: Fri 12-31, Mon 2028-01-03.
    expect(addDuration(cal, at('2027-12-30T02:00:00Z'), wd(2)).toISOString()).toBe('2028-01-03T16:00:00.000Z');
    expect(cal.years()).not.toContain(2028);
  });

  it('requires a positive whole number of working days', () => {
    expect(() => addDuration(cal, at('2025-03-12T02:00:00Z'), wd(0))).toThrow(/positive integer/);
    expect(() => addDuration(cal, at('2025-03-12T02:00:00Z'), wd(1.5))).toThrow(/positive integer/);
  });

  it('addWorkingDays returns the date of the n-th working day', () => {
    expect(addWorkingDays(cal, '2025-04-25', 1)).toBe('2025-04-27');
    expect(addWorkingDays(cal, '2025-04-30', 1)).toBe('2025-05-06');
  });
});

describe('workingDaysBetween', () => {
  it('counts working days after from’s date up to and including to’s date', () => {
    // Mon 2025-03-10 → Mon 2025-03-17: Tue–Fri + Mon = 5.
    expect(workingDaysBetween(cal, at('2025-03-10T02:00:00Z'), at('2025-03-17T02:00:00Z'))).toBe(5);
    expect(workingDaysBetween(cal, at('2025-03-10T02:00:00Z'), at('2025-03-10T09:00:00Z'))).toBe(0);
    expect(workingDaysBetween(cal, at('2025-03-17T02:00:00Z'), at('2025-03-10T02:00:00Z'))).toBe(0);
  });

  it('skips holidays and counts make-up days, across the year end', () => {
    // 2025-12-31 → 2026-01-06: 1/4, 1/5, 1/6.
    expect(workingDaysBetween(cal, at('2025-12-31T01:00:00Z'), at('2026-01-06T01:00:00Z'))).toBe(3);
    // Whole of 2026 春节 block plus make-up days: 2/13 → 2/28 = 2/14, 2/24–2/27, 2/28 = 6.
    expect(workingDaysBetween(cal, at('2026-02-13T02:00:00Z'), at('2026-02-28T02:00:00Z'))).toBe(6);
  });

  it('agrees with addDuration: the due instant lies on the day after n working days', () => {
    const start = at('2025-09-26T03:00:00Z');
    for (const n of [1, 2, 5, 9, 15]) {
      const due = addDuration(cal, start, { amount: n, unit: 'working_days' });
      const lastDay = new Date(due.getTime() - 1);
      expect(workingDaysBetween(cal, start, lastDay), `n=${n}`).toBe(n);
    }
  });

  // 261 weekdays minus the 13 statutory days off (调休 swaps cancel out) in both years.
  it('counts a full year: 2025 and 2026 each have 248 working days', () => {
    expect(workingDaysBetween(cal, shanghaiMidnight('2024-12-31'), shanghaiMidnight('2025-12-31'))).toBe(248);
    expect(workingDaysBetween(cal, shanghaiMidnight('2025-12-31'), shanghaiMidnight('2026-12-31'))).toBe(248);
  });
});
