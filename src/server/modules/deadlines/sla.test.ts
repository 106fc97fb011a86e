import { describe, expect, it } from 'vitest';
import holidayData from './cn-holidays.json' with { type: 'json' };
import { addDuration, buildCalendar, type CalendarDay, type Duration } from './calendar.ts';
import {
  BEIJING_DEFAULT_RULES,
  SHANGHAI_STYLE_RULES,
  STAGES,
  URGENCIES,
  computeDue,
  dueDispatch,
  dueTimesAtDispatch,
  extendDue,
  ruleFor,
  warnAt,
  type SlaPolicy,
} from './sla.ts';

const cal = buildCalendar(holidayData.days as CalendarDay[]);
const at = (iso: string) => new Date(iso);
const iso = (d: Date) => d.toISOString();

const beijing: SlaPolicy = {
  id: 1,
  version: 1,
  name: '北京 DB11/T 2021—2022',
  rules: BEIJING_DEFAULT_RULES,
  warnFraction: 0.8,
  reHandlingDuration: { amount: 7, unit: 'days' },
};
const shanghai: SlaPolicy = {
  id: 2,
  version: 3,
  name: '工作日制',
  rules: SHANGHAI_STYLE_RULES,
  warnFraction: 0.8,
  reHandlingDuration: { amount: 3, unit: 'working_days' },
};

describe('rule tables', () => {
  it.each([
    ['BEIJING_DEFAULT_RULES', BEIJING_DEFAULT_RULES],
    ['SHANGHAI_STYLE_RULES', SHANGHAI_STYLE_RULES],
  ])('%s has exactly one rule per urgency and stage', (_name, rules) => {
    expect(rules).toHaveLength(16);
    for (const u of URGENCIES) {
      for (const s of STAGES) {
        expect(rules.filter((r) => r.urgency === u && r.stage === s), `${u}/${s}`).toHaveLength(1);
      }
    }
  });

  it('Beijing defaults follow DB11/T 2021—2022 for dispatch and feedback', () => {
    const d = (u: Parameters<typeof ruleFor>[1], s: Parameters<typeof ruleFor>[2]) => ruleFor(beijing, u, s).duration;
    expect(d('emergency', 'dispatch')).toEqual({ amount: 1, unit: 'hours' });
    expect(d('utilities', 'dispatch')).toEqual({ amount: 2, unit: 'hours' });
    expect(d('general', 'dispatch')).toEqual({ amount: 24, unit: 'hours' });
    expect(d('complex', 'dispatch')).toEqual({ amount: 24, unit: 'hours' });
    expect(d('emergency', 'feedback')).toEqual({ amount: 2, unit: 'hours' });
    expect(d('utilities', 'feedback')).toEqual({ amount: 24, unit: 'hours' });
    expect(d('general', 'feedback')).toEqual({ amount: 7, unit: 'days' });
    expect(d('complex', 'feedback')).toEqual({ amount: 15, unit: 'days' });
  });

  it('Beijing defaults for the configurable sign and first-contact stages', () => {
    expect(URGENCIES.map((u) => ruleFor(beijing, u, 'sign').duration)).toEqual([
      { amount: 30, unit: 'minutes' },
      { amount: 1, unit: 'hours' },
      { amount: 2, unit: 'hours' },
      { amount: 2, unit: 'hours' },
    ]);
    expect(URGENCIES.map((u) => ruleFor(beijing, u, 'first_contact').duration)).toEqual([
      { amount: 1, unit: 'hours' },
      { amount: 2, unit: 'hours' },
      { amount: 24, unit: 'hours' },
      { amount: 24, unit: 'hours' },
    ]);
  });

  it('Beijing uses natural time only; Shanghai style uses working days for general/complex handling', () => {
    expect(BEIJING_DEFAULT_RULES.every((r) => r.duration.unit !== 'working_days')).toBe(true);
    expect(ruleFor(shanghai, 'general', 'first_contact').duration).toEqual({ amount: 1, unit: 'working_days' });
    expect(ruleFor(shanghai, 'general', 'feedback').duration).toEqual({ amount: 5, unit: 'working_days' });
    expect(ruleFor(shanghai, 'complex', 'feedback').duration).toEqual({ amount: 15, unit: 'working_days' });
    expect(ruleFor(shanghai, 'general', 'dispatch').duration.unit).toBe('hours');
    expect(ruleFor(shanghai, 'general', 'sign').duration.unit).toBe('hours');
    expect(ruleFor(shanghai, 'emergency', 'feedback').duration).toEqual({ amount: 2, unit: 'hours' });
  });

  it('ruleFor names the policy, urgency and stage when a rule is missing', () => {
    const partial: SlaPolicy = { ...beijing, rules: BEIJING_DEFAULT_RULES.filter((r) => r.stage !== 'sign') };
    expect(() => ruleFor(partial, 'complex', 'sign')).toThrow(Error);
    expect(() => ruleFor(partial, 'complex', 'sign')).toThrow(/北京.*v1.*complex.*sign/);
  });
});

describe('Beijing natural-time due times', () => {
  // Received Sat 2026-02-14 23:20 Shanghai (a make-up day, irrelevant in natural time).
  const received = at('2026-02-14T15:20:00Z');

  it('dispatch limits per urgency', () => {
    expect(iso(dueDispatch(cal, beijing, 'emergency', received))).toBe('2026-02-14T16:20:00.000Z');
    expect(iso(dueDispatch(cal, beijing, 'utilities', received))).toBe('2026-02-14T17:20:00.000Z');
    expect(iso(dueDispatch(cal, beijing, 'general', received))).toBe('2026-02-15T15:20:00.000Z');
  });

  it('stage due times at dispatch run through the Spring Festival unchanged', () => {
    const dispatched = at('2026-02-15T01:05:30Z');
    expect(dueTimesAtDispatch(cal, beijing, 'general', dispatched)).toEqual({
      sign: at('2026-02-15T03:05:30Z'),
      first_contact: at('2026-02-16T01:05:30Z'),
      feedback: at('2026-02-22T01:05:30Z'),
    });
    expect(iso(dueTimesAtDispatch(cal, beijing, 'complex', dispatched).feedback)).toBe('2026-03-02T01:05:30.000Z');
    expect(dueTimesAtDispatch(cal, beijing, 'emergency', dispatched)).toEqual({
      sign: at('2026-02-15T01:35:30Z'),
      first_contact: at('2026-02-15T02:05:30Z'),
      feedback: at('2026-02-15T03:05:30Z'),
    });
  });

  it('computeDue equals the rule duration added to the start', () => {
    const start = at('2025-07-01T08:00:00Z');
    expect(iso(computeDue(cal, beijing, 'utilities', 'feedback', start))).toBe('2025-07-02T08:00:00.000Z');
  });
});

describe('working-day mode', () => {
  it('first contact and feedback end at 24:00 Shanghai of the n-th working day', () => {
    // Thu 2026-02-12 10:00 Shanghai: 2/13 #1; then 2/14 (make-up) #2, 2/24 #3, 2/25 #4, 2/26 #5.
    const dispatched = at('2026-02-12T02:00:00Z');
    const due = dueTimesAtDispatch(cal, shanghai, 'general', dispatched);
    expect(iso(due.sign)).toBe('2026-02-12T04:00:00.000Z');
    expect(iso(due.first_contact)).toBe('2026-02-13T16:00:00.000Z');
    expect(iso(due.feedback)).toBe('2026-02-26T16:00:00.000Z');
    expect(iso(dueTimesAtDispatch(cal, shanghai, 'complex', dispatched).feedback)).toBe('2026-03-11T16:00:00.000Z');
  });

  it('dispatched at 01:30 Shanghai on the make-up Saturday (17:30Z the day before)', () => {
    const due = dueTimesAtDispatch(cal, shanghai, 'general', at('2026-02-13T17:30:00Z'));
    expect(iso(due.first_contact)).toBe('2026-02-24T16:00:00.000Z');
  });

  it('crosses the year end into 2026 元旦', () => {
    const due = dueTimesAtDispatch(cal, shanghai, 'general', at('2025-12-31T09:00:00Z'));
    // #1 1/4 (Sun make-up), ... #5 1/8 → 1/9 00:00 Shanghai.
    expect(iso(due.first_contact)).toBe('2026-01-04T16:00:00.000Z');
    expect(iso(due.feedback)).toBe('2026-01-08T16:00:00.000Z');
  });

  it('emergency stays on natural hours even in working-day mode', () => {
    const due = dueTimesAtDispatch(cal, shanghai, 'emergency', at('2025-10-01T02:00:00Z'));
    expect(iso(due.feedback)).toBe('2025-10-01T04:00:00.000Z');
  });

  it('re-handling limit after reopen is applied with the same arithmetic', () => {
    // Reopened Fri 2025-09-26: Sat 9/27 off, Sun 9/28 make-up #1, Mon 9/29 #2, Tue 9/30 #3.
    const reopened = at('2025-09-26T06:00:00Z');
    expect(iso(addDuration(cal, reopened, shanghai.reHandlingDuration))).toBe('2025-09-30T16:00:00.000Z');
  });
});

describe('warnAt', () => {
  it('returns the instant when the fraction of the span has elapsed', () => {
    const start = at('2026-03-02T00:00:00Z');
    const due = at('2026-03-02T10:00:00Z');
    expect(iso(warnAt(start, due, 0.8))).toBe('2026-03-02T08:00:00.000Z');
    expect(warnAt(start, due, 0)).toEqual(start);
    expect(warnAt(start, due, 1)).toEqual(due);
  });

  it('rounds to the nearest second', () => {
    const start = at('2026-03-02T00:00:00.000Z');
    expect(iso(warnAt(start, at('2026-03-02T00:00:07Z'), 0.5))).toBe('2026-03-02T00:00:04.000Z');
    expect(iso(warnAt(start, at('2026-03-02T00:00:10Z'), 1 / 3))).toBe('2026-03-02T00:00:03.000Z');
    expect(iso(warnAt(at('2026-03-02T00:00:00.400Z'), at('2026-03-02T00:00:00.400Z'), 0.8))).toBe(
      '2026-03-02T00:00:00.000Z',
    );
  });

  it('works on a working-day due time spanning a holiday', () => {
    const start = at('2026-02-12T02:00:00Z');
    const due = computeDue(cal, shanghai, 'general', 'feedback', start);
    const w = warnAt(start, due, shanghai.warnFraction);
    expect(w.getTime() - start.getTime()).toBe(Math.round(0.8 * (due.getTime() - start.getTime()) / 1000) * 1000);
    expect(w < due && w > start).toBe(true);
  });

  it('rejects fractions outside [0, 1]', () => {
    expect(() => warnAt(at('2026-03-02T00:00:00Z'), at('2026-03-03T00:00:00Z'), 1.2)).toThrow(/fraction/);
    expect(() => warnAt(at('2026-03-02T00:00:00Z'), at('2026-03-03T00:00:00Z'), Number.NaN)).toThrow(/fraction/);
  });
});

describe('extendDue', () => {
  it('adds natural time to the current due instant', () => {
    const due = at('2026-02-20T03:00:00Z');
    expect(iso(extendDue(cal, due, { amount: 2, unit: 'hours' }))).toBe('2026-02-20T05:00:00.000Z');
    expect(iso(extendDue(cal, due, { amount: 7, unit: 'days' }))).toBe('2026-02-27T03:00:00.000Z');
  });

  it('extends a 24:00 working-day due by whole working days without skipping a day', () => {
    // Due end of Mon 2025-03-17 (= 3/18 00:00 Shanghai); +3 → end of Thu 3/20.
    const due = at('2025-03-17T16:00:00Z');
    expect(iso(extendDue(cal, due, { amount: 3, unit: 'working_days' }))).toBe('2025-03-20T16:00:00.000Z');
  });

  it('extends a working-day due across 劳动节 2025 and its Sunday make-up day', () => {
    // Due end of Fri 4/25; 4/27 (Sun make-up) #1, 4/28 #2, 4/29 #3, 4/30 #4, 5/6 #5.
    const due = at('2025-04-25T16:00:00Z');
    const wd = (amount: number): Duration => ({ amount, unit: 'working_days' });
    expect(iso(extendDue(cal, due, wd(1)))).toBe('2025-04-27T16:00:00.000Z');
    expect(iso(extendDue(cal, due, wd(5)))).toBe('2025-05-06T16:00:00.000Z');
  });

  it('extends a natural-hour due by working days from its own Shanghai date', () => {
    // Due Wed 2025-03-12 15:00 Shanghai; +1 working day → end of Thu 3/13.
    expect(iso(extendDue(cal, at('2025-03-12T07:00:00Z'), { amount: 1, unit: 'working_days' }))).toBe(
      '2025-03-13T16:00:00.000Z',
    );
  });
});
