import type { DeadlineHandler, FireOutcome } from '../deadlines/deadline-handlers.ts';
import { notifyMany } from '../notifications/notify-many.ts';
import type { NotificationInput } from '../notifications/notify.ts';
import { REPORT_IN, typeZh, whistleLink } from './summons-store.ts';

type Hit = { summons_id: number; whistle_id: number; unit_id: number; unit_name: string; district_id: number | null; title: string; type: string; due_at: Date };

/**
 * Report-in timers, set-based so a backlog of thousands fires in a few statements: the reminder
 * tells a unit that has not reported in yet (unless the deadline has passed too); the deadline flags it late (recorded against the unit
 * in the event log) and tells the unit and its district supervisor. The whistle's version is kept:
 * a flag changes nothing anyone decides on, and open pages stay valid.
 */
export const reportInDeadlines: DeadlineHandler = {
  subjectKind: REPORT_IN,
  // Commands lock the whistle first (then its summons and timers): the claim takes the timer with its
  // whistle, so a whistle someone is acting on is skipped this round instead of waited for.
  lock: { join: 'join whistle_summons s on s.id = d.subject_id join whistles w on w.id = s.whistle_id', of: ['w'] },
  batchSize: 2000,
  async fire(tx, ctx, rows) {
    const now = ctx.now();
    const dueIds = rows.filter((r) => r.kind === 'due').map((r) => r.subject_id);
    const warnIds = rows.filter((r) => r.kind === 'warn').map((r) => r.subject_id);
    const pick = `s.id as summons_id, s.whistle_id, s.unit_id, u.name as unit_name, w.district_id, w.title, w.type, s.due_at`;
    const late = dueIds.length
      ? (await tx.query<Hit>(
          `with l as (update whistle_summons s set late = true, late_flagged_at = $2 from whistles w
                        where s.id = any($1::bigint[]) and s.status = 'pending' and not s.late and w.id = s.whistle_id and w.status <> 'closed'
                        returning s.*)
           select ${pick} from l s join whistles w on w.id = s.whistle_id join units u on u.id = s.unit_id`,
          [dueIds, now],
        )).rows
      : [];
    const remind = warnIds.length
      ? (await tx.query<Hit>(
          `select ${pick} from whistle_summons s join whistles w on w.id = s.whistle_id join units u on u.id = s.unit_id
            where s.id = any($1::bigint[]) and s.status = 'pending' and w.status <> 'closed' and s.due_at > $2`,
          [warnIds, now],
        )).rows
      : [];
    const hits = [...late.map((h) => ({ ...h, kind: 'late' as const })), ...remind.map((h) => ({ ...h, kind: 'reminder' as const }))];
    if (hits.length) {
      await tx.query(
        `insert into whistle_events(whistle_id, type, action, unit_id, at, data, actor_role)
         select w, t, null, u, $1, jsonb_build_object('summonsId', s, 'dueAt', d, 'automatic', true), null
           from unnest($2::bigint[], $3::text[], $4::int[], $5::bigint[], $6::timestamptz[]) as x(w, t, u, s, d)`,
        [now, hits.map((h) => h.whistle_id), hits.map((h) => (h.kind === 'late' ? 'whistle.report_in_late' : 'whistle.report_in_reminded')),
          hits.map((h) => h.unit_id), hits.map((h) => h.summons_id), hits.map((h) => h.due_at)],
      );
      await notifyMany(tx, ctx, hits.flatMap((h) => notices(h, h.kind)));
    }
    const fired = new Set([...late, ...remind].map((h) => h.summons_id));
    return rows.map((r): FireOutcome => (fired.has(r.subject_id) ? r.kind : 'skipped'));
  },
};

function notices(h: Hit, kind: 'late' | 'reminder'): NotificationInput[] {
  const base = { subjectKind: 'whistle', subjectId: h.whistle_id, link: whistleLink(h.whistle_id), data: { whistleId: h.whistle_id, unitId: h.unit_id, dueAt: h.due_at } };
  if (kind === 'reminder') {
    return [{ ...base, kind: 'whistle.report_in_due_soon', unitIds: [h.unit_id], title: { zh: `报到即将超时：${h.title}`, en: `Report-in due soon: ${h.title}` } }];
  }
  return [
    { ...base, kind: 'whistle.report_in_late', unitIds: [h.unit_id], title: { zh: `报到已超时：${h.title}`, en: `Report-in overdue: ${h.title}` } },
    ...(h.district_id
      ? [{ ...base, kind: 'whistle.report_in_late', unitIds: [h.district_id], roles: ['district_supervisor' as const],
          title: { zh: `${h.unit_name}未按时报到（${typeZh(h.type)}：${h.title}）`, en: `${h.unit_name} is late to report in: ${h.title}` } }]
      : []),
  ];
}
