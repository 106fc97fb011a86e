import type { Queryable } from '../../db/client.ts';
import { dropReferenceHere, invalidateReference, referenceValue } from '../../lib/reference-cache.ts';
import { buildCalendar, type Calendar, type CalendarDay, type Duration } from './calendar.ts';
import { warnAt, type SlaPolicy, type SlaRule, type Stage } from './sla.ts';
import { cancelTimers, scheduleTimers } from './deadline-handlers.ts';

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

/*
 * Policies and the calendar are a few dozen rows that change a few times a year, but every intake
 * and dispatch needs them: they are held in the reference cache, and an edit drops them in every
 * server process at once.
 */
const memo = referenceValue;

export function forgetReference(q: Queryable): Promise<void> {
  return invalidateReference(q, 'sla_policies', 'calendar');
}

async function allPolicies(q: Queryable): Promise<PolicyRow[]> {
  return memo(q, 'sla_policies', async () => (await q.query<PolicyRow>('select * from sla_policies order by version desc')).rows);
}

/** The policy version in force at `at`: the newest whose validity covers it. */
export async function policyAt(q: Queryable, at: Date): Promise<SlaPolicy> {
  const t = at.getTime();
  const row = (await allPolicies(q)).find((p) => p.valid_from.getTime() <= t && (!p.valid_to || p.valid_to.getTime() > t));
  if (!row) throw new Error('no SLA policy in force: seed one (npx shaobao seed)');
  return toPolicy(row);
}

export async function policyById(q: Queryable, id: number): Promise<SlaPolicy> {
  let row = (await allPolicies(q)).find((p) => p.id === id);
  if (!row) {
    dropReferenceHere(q, 'sla_policies');
    row = (await allPolicies(q)).find((p) => p.id === id);
  }
  if (!row) throw new Error(`SLA policy ${id} missing`);
  return toPolicy(row);
}

export async function loadCalendar(q: Queryable, calendar = 'CN'): Promise<Calendar> {
  return memo(q, `calendar:${calendar}`, async () => {
    const r = await q.query<CalendarDay>(
      `select to_char(date, 'YYYY-MM-DD') as date, kind, name from calendar_days where calendar = $1 order by date`,
      [calendar],
    );
    return buildCalendar(r.rows);
  });
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
  await scheduleTimers(q, 'work_order', [
    { subjectId: orderId, stage, kind: 'warn', fireAt: warnAt(start, due, warnFraction) },
    { subjectId: orderId, stage, kind: 'due', fireAt: due },
  ]);
}

export async function cancelStages(q: Queryable, orderId: number, stages: Stage[]): Promise<void> {
  await cancelTimers(q, 'work_order', [orderId], stages);
}
