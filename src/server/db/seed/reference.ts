import holidays from '../../modules/deadlines/cn-holidays.json' with { type: 'json' };
import type { Db } from '../client.ts';
import { BEIJING_DEFAULT_RULES } from '../../modules/deadlines/sla.ts';

/**
 * Reference data every installation needs: the working-day calendar (public holidays and make-up
 * days from the State Council notices) and version 1 of the SLA policy (Beijing DB11/T 2021—2022).
 * Idempotent: rows already present are left as they are, so an edited policy is never overwritten.
 */
export async function seedReference(db: Db): Promise<{ calendarDays: number; policies: number }> {
  return db.transaction(async (tx) => {
    const days = (holidays as { days: { date: string; kind: string; name: string }[] }).days;
    await tx.query(
      `insert into calendar_days(calendar, date, kind, name)
       select 'CN', d.date::date, d.kind, d.name from jsonb_to_recordset($1::jsonb) as d(date text, kind text, name text)
       on conflict do nothing`,
      [JSON.stringify(days)],
    );
    await tx.query(
      `insert into sla_policies(version, name, calendar, rules, warn_fraction, rehandling, valid_from)
       values (1, '北京市接诉即办时限（DB11/T 2021—2022）', 'CN', $1, 0.8, $2, '2021-01-01T00:00:00+08:00')
       on conflict (version) do nothing`,
      [JSON.stringify(BEIJING_DEFAULT_RULES), JSON.stringify({ amount: 3, unit: 'days' })],
    );
    const c = (await tx.query<{ days: number; policies: number }>(
      `select (select count(*)::int from calendar_days) as days, (select count(*)::int from sla_policies) as policies`,
    )).rows[0];
    return { calendarDays: c.days, policies: c.policies };
  });
}
