import { z } from '@hono/zod-openapi';
import { isoDateTime } from '../../http/input-schemas.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import { buildCalendar } from './calendar.ts';
import { STAGES, URGENCIES } from './sla.ts';
import { forgetReference } from './deadline-store.ts';

/** A time limit as entered: natural minutes, hours or days, or working days on the calendar. */
export const Duration = z.object({ amount: z.number().positive().max(10_000), unit: z.enum(['minutes', 'hours', 'days', 'working_days']) });

export const CalendarDayInput = z
  .object({
    date: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, 'YYYY-MM-DD')
      .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), 'not a calendar date'),
    kind: z.enum(['holiday', 'workday', 'normal']).openapi({ description: 'normal clears the entry' }),
    name: z.string().trim().max(50).default(''),
  })
  .openapi('CalendarDayInput');

export const SlaPolicyInput = z
  .object({
    name: z.string().trim().min(1).max(100),
    validFrom: isoDateTime(),
    warnFraction: z.number().gt(0).lt(1).default(0.8),
    rehandling: Duration,
    rules: z.array(z.object({ urgency: z.enum(URGENCIES as [string, ...string[]]), stage: z.enum(STAGES as [string, ...string[]]), duration: Duration })),
  })
  .openapi('SlaPolicyInput');

export async function setCalendarDay(ctx: Ctx, input: z.infer<typeof CalendarDayInput>): Promise<void> {
  await ctx.db.transaction(async (tx) => {
    await tx.query(`delete from calendar_days where calendar = 'CN' and date = $1::date`, [input.date]);
    if (input.kind === 'normal') return;
    // Let the calendar's own rules judge the entry (a make-up day must fall on a weekend…).
    try {
      buildCalendar([{ date: input.date, kind: input.kind, name: input.name || input.kind }]);
    } catch (e) {
      throw new AppError('validation_failed', (e as Error).message, { field: 'date' }, `日历条目无效：${(e as Error).message}`);
    }
    await tx.query(`insert into calendar_days(calendar, date, kind, name) values ('CN', $1::date, $2, $3)`, [input.date, input.kind, input.name || input.kind]);
  });
  await forgetReference(ctx.db);
}

/** A new version supersedes the one in force from validFrom on; every urgency × stage must be covered. */
export async function createSlaPolicy(ctx: Ctx, input: z.infer<typeof SlaPolicyInput>) {
  const missing = URGENCIES.flatMap((u) => STAGES.filter((s) => !input.rules.some((r) => r.urgency === u && r.stage === s)).map((s) => `${u}/${s}`));
  if (missing.length) {
    throw new AppError('validation_failed', `The policy must set every urgency × stage; missing ${missing.join(', ')}.`, { missing }, `时限规则不完整，缺少：${missing.join('、')}`);
  }
  const created = await ctx.db.transaction(async (tx) => {
    const next = (await tx.query<{ v: number }>('select coalesce(max(version), 0) + 1 as v from sla_policies')).rows[0].v;
    await tx.query('update sla_policies set valid_to = $1 where valid_to is null and valid_from < $1', [input.validFrom]);
    const row = await tx.query<{ id: number; version: number }>(
      `insert into sla_policies(version, name, calendar, rules, warn_fraction, rehandling, valid_from, created_by)
       values ($1, $2, 'CN', $3, $4, $5, $6, $7) returning id, version, name, valid_from`,
      [next, input.name, JSON.stringify(input.rules), input.warnFraction, JSON.stringify(input.rehandling), input.validFrom, ctx.actor?.userId ?? null],
    );
    return row.rows[0];
  });
  await forgetReference(ctx.db);
  return created;
}
