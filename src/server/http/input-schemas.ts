import { z } from '@hono/zod-openapi';

/**
 * Shared edge schemas for the values PostgreSQL is stricter about than JavaScript: ids live in
 * int4 columns, dates must be real calendar dates inside the range the columns hold. Using these
 * everywhere makes such input a 400 at the edge instead of a database error inside a transaction.
 */
export const INT4_MAX = 2_147_483_647;

/** A row id in a JSON body. */
export const dbId = () => z.number().int().positive().max(INT4_MAX);

/** A row id in a path or query string. */
export const queryId = () => z.coerce.number().int().positive().max(INT4_MAX);

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

/** Why a string is not a strict ISO 8601 date or date-time from 1900 to 9999, or null when it is one. */
export function isoDateProblem(s: string): string | null {
  const m = ISO.exec(s);
  if (!m) return 'an ISO 8601 date or date-time such as 2026-03-02T09:00:00+08:00';
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1900 || year > 9999) return 'a year from 1900 to 9999';
  if (month < 1 || month > 12) return 'a month from 01 to 12';
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (day < 1 || day > daysInMonth) return `a day from 01 to ${daysInMonth} in ${m[1]}-${m[2]}`;
  if (m[4] !== undefined && (Number(m[4]) > 23 || Number(m[5]) > 59 || Number(m[6] ?? 0) > 59)) return 'a time from 00:00:00 to 23:59:59';
  if (m[4] !== undefined && !m[7]) return 'a date-time with its UTC offset (Z or +08:00): a local time is ambiguous';
  if (m[7] && m[7] !== 'Z' && (Number(m[7].slice(1, 3)) > 14 || Number(m[7].slice(4)) > 59)) return 'a UTC offset from -14:00 to +14:00';
  return null;
}

/**
 * A strict ISO date-time: `null`, numbers, booleans, rolled-over dates (2026-02-30) and times
 * without an offset are refused, not coerced. A bare date is midnight in Asia/Shanghai, the
 * time zone every deadline and duty list of the platform is reckoned in.
 */
export const isoDateTime = () =>
  z
    .string()
    .max(40)
    .superRefine((s, c) => {
      const problem = isoDateProblem(s);
      if (problem) c.addIssue({ code: 'custom', message: `must be ${problem}` });
    })
    .transform((s) => new Date(s.length === 10 ? `${s}T00:00:00+08:00` : s))
    .openapi({ type: 'string', format: 'date-time', example: '2026-03-02T09:00:00+08:00' });
