import type { Queryable } from '../../db/client.ts';
import { buildCalendar, type Calendar, type CalendarDay, type Duration } from './calendar.ts';
import { warnAt, type SlaPolicy, type SlaRule, type Stage } from './sla.ts';

export type PolicyRow = {
  id: number;
  version: number;
  name: string;
  calendar: string;
  rules: SlaRule[];
  warn_fraction: number;
  rehandling: Duration;
  valid_from: Date;
  valid_to: Date | null;
};

export function toPolicy(r: PolicyRow): SlaPolicy {
  return { id: r.id, version: r.version, name: r.name, rules: r.rules, warnFraction: r.warn_fraction, reHandlingDuration: r.rehandling };
}

/** The policy version in force at `at`: the newest whose validity covers it. */
export async function policyAt(q: Queryable, at: Date): Promise<SlaPolicy> {
  const r = await q.query<PolicyRow>(
    `select * from sla_policies where valid_from <= $1 and (valid_to is null or valid_to > $1)
     order by version desc limit 1`,
    [at],
  );
  if (!r.rows[0]) throw new Error('no SLA policy in force: seed one (npx shaobao seed)');
  return toPolicy(r.rows[0]);
}

export async function policyById(q: Queryable, id: number): Promise<SlaPolicy> {
  const r = await q.query<PolicyRow>('select * from sla_policies where id = $1', [id]);
  if (!r.rows[0]) throw new Error(`SLA policy ${id} missing`);
  return toPolicy(r.rows[0]);
}

// The calendar is a few dozen rows that change a few times a year; it is read once per request that
// needs it, which keeps every process in agreement after an edit without any cache invalidation.
export async function loadCalendar(q: Queryable, calendar = 'CN'): Promise<Calendar> {
  const r = await q.query<CalendarDay>(
    `select to_char(date, 'YYYY-MM-DD') as date, kind, name from calendar_days where calendar = $1 order by date`,
    [calendar],
  );
  return buildCalendar(r.rows);
}

/** Stores a warning and a due timer for a stage; the sweep fires them. */
export async function scheduleStage(
  q: Queryable,
  orderId: number,
  stage: Stage,
  start: Date,
  due: Date,
  warnFraction: number,
): Promise<void> {
  await q.query(
    `insert into deadlines(order_id, stage, kind, fire_at) values ($1, $2, 'warn', $3), ($1, $2, 'due', $4)`,
    [orderId, stage, warnAt(start, due, warnFraction), due],
  );
}

export async function cancelStages(q: Queryable, orderId: number, stages: Stage[]): Promise<void> {
  await q.query(
    `update deadlines set cancelled = true where order_id = $1 and stage = any($2::text[]) and fired_at is null and not cancelled`,
    [orderId, stages],
  );
}
