import type { Queryable } from '../../db/client.ts';
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
 * and dispatch needs them. They are memoised per database for REFERENCE_TTL_MS: an edit through
 * this process takes effect at once, one through another server process within that time.
 */
const REFERENCE_TTL_MS = 30_000;

async function memo<T>(q: Queryable, key: string, load: () => Promise<T>): Promise<T> {
  const hit = q.cache.get(key) as { at: number; value: T } | undefined;
  if (hit && performance.now() - hit.at < REFERENCE_TTL_MS) return hit.value;
  const value = await load();
  q.cache.set(key, { at: performance.now(), value });
  return value;
}

export function forgetReference(q: Queryable): void {
  q.cache.clear();
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
    forgetReference(q);
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
