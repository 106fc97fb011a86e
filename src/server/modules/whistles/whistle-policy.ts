import { z } from '@hono/zod-openapi';
import { isoDateTime } from '../../http/input-schemas.ts';
import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { invalidateReference, referenceValue } from '../../lib/reference-cache.ts';
import { addDuration, type Calendar } from '../deadlines/calendar.ts';
import { loadCalendar } from '../deadlines/deadline-store.ts';
import { Duration } from '../deadlines/deadline-admin.ts';
import { WHISTLE_TYPES, type WhistlePolicyRow, type WhistleType } from './whistle-tables.ts';

export const WhistlePolicyInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    validFrom: isoDateTime(),
    limits: z.object({ routine: Duration, key_task: Duration, hard_problem: Duration, emergency: Duration }),
    warnBeforeMinutes: z.number().int().min(0).max(24 * 60).default(10),
    contestDays: z.number().int().min(1).max(90).default(7),
  })
  .openapi('WhistlePolicyInput');

// A few rows read by every blow: held in the reference cache, so a version published through any
// server process is in force in every other at its next request.
const KEY = 'whistle_policies';

export async function whistlePolicies(q: Queryable): Promise<WhistlePolicyRow[]> {
  return referenceValue(q, KEY, async () => (await q.query<WhistlePolicyRow>('select * from whistle_policies order by version desc')).rows);
}

/** The version in force at `at`. */
export async function whistlePolicyAt(q: Queryable, at: Date): Promise<WhistlePolicyRow> {
  const t = at.getTime();
  const row = (await whistlePolicies(q)).find((p) => p.valid_from.getTime() <= t && (!p.valid_to || p.valid_to.getTime() > t));
  if (!row) throw new Error('no whistle policy in force');
  return row;
}

/** When a unit summoned at `start` must have reported in: natural time, or working days on the calendar. */
export function reportInDue(cal: Calendar, p: WhistlePolicyRow, type: WhistleType, start: Date): Date {
  return addDuration(cal, start, p.limits[type]);
}

export async function dueForWhistle(q: Queryable, p: WhistlePolicyRow, type: WhistleType, start: Date): Promise<Date> {
  return reportInDue(await loadCalendar(q, p.calendar), p, type, start);
}

/** A new version takes over from validFrom; whistles already blown keep theirs. */
export async function createWhistlePolicy(ctx: Ctx, input: z.infer<typeof WhistlePolicyInput>): Promise<WhistlePolicyRow> {
  const row = await ctx.db.transaction(async (tx) => {
    await tx.query('lock table whistle_policies in exclusive mode');
    const next = (await tx.query<{ v: number }>('select coalesce(max(version), 0) + 1 as v from whistle_policies')).rows[0].v;
    await tx.query('update whistle_policies set valid_to = $1 where valid_to is null and valid_from < $1', [input.validFrom]);
    const limits = Object.fromEntries(WHISTLE_TYPES.map((t) => [t, input.limits[t]]));
    return (
      await tx.query<WhistlePolicyRow>(
        `insert into whistle_policies(version, name, limits, warn_before_minutes, contest_days, valid_from, created_by)
         values ($1, $2, $3, $4, $5, $6, $7) returning *`,
        [next, input.name, JSON.stringify(limits), input.warnBeforeMinutes, input.contestDays, input.validFrom, ctx.actor?.userId ?? null],
      )
    ).rows[0];
  });
  await invalidateReference(ctx.db, KEY);
  return row;
}
