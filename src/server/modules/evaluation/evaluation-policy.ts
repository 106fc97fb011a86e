import { z } from '@hono/zod-openapi';

/**
 * Evaluation policy as data, and the calendar of periods it defines. Pure: no database, no clock.
 * A period is named by the month it ends in ('2026-03'); with a start day of 19 it runs from the
 * 19th of the month before up to the 18th inclusive, in Asia/Shanghai.
 */

export const POLICY_KINDS = ['district', 'street', 'department', 'enterprise'] as const;
export type PolicyKind = (typeof POLICY_KINDS)[number];

export const GROUPS = ['districts', 'streets', 'departments', 'enterprises'] as const;
export type Group = (typeof GROUPS)[number];
export const GROUP_KIND: Record<Group, PolicyKind> = {
  districts: 'district',
  streets: 'street',
  departments: 'department',
  enterprises: 'enterprise',
};

/** Townships are ranked with streets (街乡); communities and grids only assist and are not ranked. */
export function policyKindOf(unitKind: string): PolicyKind | null {
  if (unitKind === 'township') return 'street';
  return (POLICY_KINDS as readonly string[]).includes(unitKind) ? (unitKind as PolicyKind) : null;
}

export const Month = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');

export const PolicyRules = z
  .object({
    weights: z.object({
      response: z.number().min(0).max(1),
      resolution: z.number().min(0).max(1),
      satisfaction: z.number().min(0).max(1),
    }),
    basicallySatisfiedCredit: z.number().min(0).max(1),
    periodStartDay: z.number().int().min(1).max(28),
    counting: z.object({
      removeApprovedExclusions: z.boolean(),
      excludeNotDispatched: z.boolean(),
      mergedCountedOnce: z.boolean(),
      /**
       * last_valid_in_period: an order (reopened or not) counts once per unit and period, with the
       * last valid callback of that period at which the unit had a part.
       * every_valid_callback: each valid callback counts, so a reopened order can count twice.
       */
      reopenRule: z.enum(['last_valid_in_period', 'every_valid_callback']),
    }),
    coHandlerShare: z.number().min(0).max(1),
    minimumVolume: z.number().int().min(0),
    lagging: z.object({
      bottomCount: z.number().int().min(0),
      belowScore: z.number().min(0).max(100).nullable(),
    }),
    appealWindowDays: z.number().int().min(1).max(90),
    whistleWeight: z.number().min(0).max(1),
  })
  .refine((r) => Math.abs(r.weights.response + r.weights.resolution + r.weights.satisfaction - 1) < 1e-6, {
    message: 'weights must add up to 1',
    path: ['weights'],
  })
  .openapi('EvaluationPolicyRules');
export type PolicyRules = z.infer<typeof PolicyRules>;

export type PolicyVersion = {
  id: number;
  unitKind: PolicyKind;
  version: number;
  validFrom: string;
  validTo: string | null;
  rules: PolicyRules;
};

/** The version of a kind in force for a period; versions of a kind never overlap. */
export function policyFor(versions: PolicyVersion[], kind: PolicyKind, period: string): PolicyVersion {
  const v = versions.find((p) => p.unitKind === kind && p.validFrom <= period && (p.validTo === null || period < p.validTo));
  if (!v) throw new Error(`no evaluation policy for ${kind} in ${period}`);
  return v;
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number);
  const i = y * 12 + (m - 1) + n;
  return `${Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

const SHANGHAI_MS = 8 * 3600_000;

/** Shanghai midnight of a day as an instant. */
function shanghaiMidnight(month: string, day: number): Date {
  const [y, m] = month.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, day) - SHANGHAI_MS);
}

/** The month (Asia/Shanghai) an instant falls in. */
export function shanghaiMonth(t: Date): string {
  const s = new Date(t.getTime() + SHANGHAI_MS);
  return `${s.getUTCFullYear()}-${String(s.getUTCMonth() + 1).padStart(2, '0')}`;
}

/** End (exclusive) of the period that ends in `month`, under the version in force for it. */
export function periodEnd(versions: PolicyVersion[], kind: PolicyKind, month: string): Date {
  const day = policyFor(versions, kind, month).rules.periodStartDay;
  return day === 1 ? shanghaiMidnight(addMonths(month, 1), 1) : shanghaiMidnight(month, day);
}

/**
 * A period starts where the one before it ended, so when the start day changes between versions
 * no callback falls between two periods or in both.
 */
export function periodBounds(versions: PolicyVersion[], kind: PolicyKind, month: string): { start: Date; end: Date } {
  return { start: periodEnd(versions, kind, addMonths(month, -1)), end: periodEnd(versions, kind, month) };
}

export function periodOf(versions: PolicyVersion[], kind: PolicyKind, t: Date): string {
  const m = shanghaiMonth(t);
  return t < periodEnd(versions, kind, m) ? m : addMonths(m, 1);
}
