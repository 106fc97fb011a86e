/**
 * SLA time limits for 12345 work orders: rule tables and due-time computation on top of the
 * working-day calendar. Policies are versioned data (stored elsewhere); this module stays pure.
 */
import {
  addDuration,
  endOfWorkingPeriod,
  shanghaiDate,
  type Calendar,
  type Duration,
} from './calendar.ts';

/** emergency = risk to life/property or public health; utilities = 水电气热 and extreme weather. */
export type Urgency = 'emergency' | 'utilities' | 'general' | 'complex';
export type Stage = 'dispatch' | 'sign' | 'first_contact' | 'feedback';

export type SlaRule = { urgency: Urgency; stage: Stage; duration: Duration };

export type SlaPolicy = {
  id: number;
  version: number;
  name: string;
  rules: SlaRule[];
  /** e.g. 0.8: warn when 80% of the allowed time has elapsed. */
  warnFraction: number;
  /** Feedback limit after a work order is reopened (re-handling). */
  reHandlingDuration: Duration;
};

export const URGENCIES: readonly Urgency[] = ['emergency', 'utilities', 'general', 'complex'];
export const STAGES: readonly Stage[] = ['dispatch', 'sign', 'first_contact', 'feedback'];

const min = (amount: number): Duration => ({ amount, unit: 'minutes' });
const hrs = (amount: number): Duration => ({ amount, unit: 'hours' });
const days = (amount: number): Duration => ({ amount, unit: 'days' });
const wdays = (amount: number): Duration => ({ amount, unit: 'working_days' });

function table(rows: Record<Stage, [Duration, Duration, Duration, Duration]>): SlaRule[] {
  const out: SlaRule[] = [];
  for (const stage of STAGES) {
    URGENCIES.forEach((urgency, i) => out.push({ urgency, stage, duration: rows[stage][i] }));
  }
  return out;
}

/**
 * Beijing DB11/T 2021—2022, natural time. Columns: emergency, utilities, general, complex.
 * dispatch and feedback are the standard's figures. sign and first_contact are not in the standard:
 * they are our configurable defaults, measured from dispatch, chosen to leave most of the feedback
 * window for handling.
 */
export const BEIJING_DEFAULT_RULES: SlaRule[] = table({
  dispatch: [hrs(1), hrs(2), hrs(24), hrs(24)],
  sign: [min(30), hrs(1), hrs(2), hrs(2)],
  first_contact: [hrs(1), hrs(2), hrs(24), hrs(24)],
  feedback: [hrs(2), hrs(24), days(7), days(15)],
});

/**
 * Working-day style as used by Shanghai streets: first contact 1 working day, feedback 5 working
 * days (complex 15). Dispatch and sign stay in natural hours because they are hotline-centre work
 * done around the clock. Emergency and utilities keep the Beijing natural-hour limits throughout:
 * a gas leak or burst main cannot wait over a weekend or a 9-day Spring Festival break.
 */
export const SHANGHAI_STYLE_RULES: SlaRule[] = table({
  dispatch: [hrs(1), hrs(2), hrs(24), hrs(24)],
  sign: [min(30), hrs(1), hrs(2), hrs(2)],
  first_contact: [hrs(1), hrs(2), wdays(1), wdays(1)],
  feedback: [hrs(2), hrs(24), wdays(5), wdays(15)],
});

export function ruleFor(policy: SlaPolicy, urgency: Urgency, stage: Stage): SlaRule {
  const rule = policy.rules.find((r) => r.urgency === urgency && r.stage === stage);
  if (!rule) {
    throw new Error(
      `SLA policy "${policy.name}" (id ${policy.id}, v${policy.version}) has no rule for urgency "${urgency}" stage "${stage}"`,
    );
  }
  return rule;
}

export function computeDue(
  cal: Calendar,
  policy: SlaPolicy,
  urgency: Urgency,
  stage: Stage,
  start: Date,
): Date {
  return addDuration(cal, start, ruleFor(policy, urgency, stage).duration);
}

/** The instant at which `fraction` of [start, due] has elapsed, rounded to the nearest second. */
export function warnAt(start: Date, due: Date, fraction: number): Date {
  if (!Number.isFinite(fraction) || fraction < 0 || fraction > 1) {
    throw new Error(`warn fraction must be between 0 and 1, got ${fraction}`);
  }
  const s = start.getTime();
  const e = due.getTime();
  if (!Number.isFinite(s) || !Number.isFinite(e)) throw new Error('invalid start or due instant');
  return new Date(Math.round((s + (e - s) * fraction) / 1000) * 1000);
}

/** Due times of the stages that run from dispatch (all measured from the dispatch instant). */
export function dueTimesAtDispatch(
  cal: Calendar,
  policy: SlaPolicy,
  urgency: Urgency,
  dispatchedAt: Date,
): { sign: Date; first_contact: Date; feedback: Date } {
  return {
    sign: computeDue(cal, policy, urgency, 'sign', dispatchedAt),
    first_contact: computeDue(cal, policy, urgency, 'first_contact', dispatchedAt),
    feedback: computeDue(cal, policy, urgency, 'feedback', dispatchedAt),
  };
}

export function dueDispatch(cal: Calendar, policy: SlaPolicy, urgency: Urgency, receivedAt: Date): Date {
  return computeDue(cal, policy, urgency, 'dispatch', receivedAt);
}

/**
 * An approved extension adds d to the current due time. For working days, a due of exactly 00:00
 * Shanghai means "24:00 of the previous day": that day is already used up, so the extension is
 * counted from it (otherwise the day after it would be skipped and the extension one day too long).
 */
export function extendDue(cal: Calendar, currentDue: Date, d: Duration): Date {
  if (d.unit !== 'working_days') return addDuration(cal, currentDue, d);
  if (!Number.isFinite(currentDue.getTime())) throw new Error('invalid currentDue instant');
  const anchor = shanghaiDate(new Date(currentDue.getTime() - 1));
  return endOfWorkingPeriod(cal, anchor, d.amount);
}
