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
  batchSize: 5000,
  lanes: 2,
  async fire(tx, ctx, rows) {
    const now = ctx.now();
    // Flags, reminders and their events for the whole batch in one statement: the claimed rows go in
    // as arrays and are joined, so each summons is found by its key, never by scanning the list.
    const hits = (
      await tx.query<Hit & { k: 'due' | 'warn' }>(
        `with c as (select * from unnest($1::bigint[], $2::text[]) as c(summons_id, kind)),
              l as (update whistle_summons s set late = true, late_flagged_at = $3 from c, whistles w
                     where c.kind = 'due' and s.id = c.summons_id and s.status = 'pending' and not s.late
                       and w.id = s.whistle_id and w.status <> 'closed'
                    returning s.id, s.whistle_id, s.unit_id, s.due_at),
              r as (select s.id, s.whistle_id, s.unit_id, s.due_at from c join whistle_summons s on s.id = c.summons_id join whistles w on w.id = s.whistle_id
                     where c.kind = 'warn' and s.status = 'pending' and w.status <> 'closed' and s.due_at > $3),
              h as (select 'due' as k, * from l union all select 'warn', * from r),
              e as (insert into whistle_events(whistle_id, type, unit_id, at, data)
                    select h.whistle_id, case h.k when 'due' then 'whistle.report_in_late' else 'whistle.report_in_reminded' end, h.unit_id, $3,
                           jsonb_build_object('summonsId', h.id, 'dueAt', h.due_at, 'automatic', true) from h)
         select h.k, h.id as summons_id, h.whistle_id, h.unit_id, u.name as unit_name, w.district_id, w.title, w.type, h.due_at
           from h join whistles w on w.id = h.whistle_id join units u on u.id = h.unit_id order by h.id`,
        [rows.map((r) => r.subject_id), rows.map((r) => r.kind), now],
      )
    ).rows;
    const late = hits.filter((h) => h.k === 'due');
    const remind = hits.filter((h) => h.k === 'warn');
    await notifyMany(tx, ctx, [...perUnit(remind, reminder, 'whistle.report_in_due_soon'), ...perUnit(late, lateNotice, 'whistle.report_in_late'), ...districtNotices(late)]);
    const fired = new Set(hits.map((h) => `${h.k}:${h.summons_id}`));
    return rows.map((r): FireOutcome => (fired.has(`${r.kind}:${r.subject_id}`) ? r.kind : 'skipped'));
  },
};

const base = (h: Hit) => ({ subjectKind: 'whistle', subjectId: h.whistle_id, link: whistleLink(h.whistle_id), data: { whistleId: h.whistle_id, unitId: h.unit_id, dueAt: h.due_at } });

function reminder(h: Hit): NotificationInput {
  return { ...base(h), kind: 'whistle.report_in_due_soon', unitIds: [h.unit_id], title: { zh: `报到即将超时：${h.title}`, en: `Report-in due soon: ${h.title}` } };
}

function lateNotice(h: Hit): NotificationInput {
  return { ...base(h), kind: 'whistle.report_in_late', unitIds: [h.unit_id], title: { zh: `报到已超时：${h.title}`, en: `Report-in overdue: ${h.title}` } };
}

/**
 * Above this many in one sweep batch, a unit (or the district) gets one digest listing the
 * whistles instead of one notice each: after an outage thousands may come due at once, and a
 * person told three thousand times is told nothing.
 */
export const DIGEST_OVER = 5;

function perUnit(hits: Hit[], one: (h: Hit) => NotificationInput, kind: string): NotificationInput[] {
  const byUnit = new Map<number, Hit[]>();
  for (const h of hits) byUnit.set(h.unit_id, [...(byUnit.get(h.unit_id) ?? []), h]);
  return [...byUnit.values()].flatMap((hs) => (hs.length <= DIGEST_OVER ? hs.map(one) : [digest(hs, kind, [hs[0].unit_id], null)]));
}

function digest(hs: Hit[], kind: string, unitIds: number[], roles: NotificationInput['roles'] | null): NotificationInput {
  const late = kind === 'whistle.report_in_late';
  return {
    kind, subjectKind: 'whistle', subjectId: hs[0].whistle_id, unitIds, ...(roles ? { roles } : {}), link: '/console/whistles',
    data: { digest: true, whistleIds: [...new Set(hs.map((h) => h.whistle_id))], summonsIds: hs.map((h) => h.summons_id), unitIds: [...new Set(hs.map((h) => h.unit_id))] },
    title: late
      ? { zh: `${hs.length} 项报到已超时`, en: `${hs.length} report-ins are overdue` }
      : { zh: `${hs.length} 项报到即将超时`, en: `${hs.length} report-ins are due soon` },
  };
}

/** The district supervisor hears once per whistle and sweep, naming every unit late on it (a digest past DIGEST_OVER whistles). */
function districtNotices(late: Hit[]): NotificationInput[] {
  const withDistrict = late.filter((h) => h.district_id);
  const whistles = new Set(withDistrict.map((h) => h.whistle_id));
  if (whistles.size > DIGEST_OVER) {
    const byDistrict = new Map<number, Hit[]>();
    for (const h of withDistrict) byDistrict.set(h.district_id!, [...(byDistrict.get(h.district_id!) ?? []), h]);
    return [...byDistrict.entries()].map(([d, hs]) => digest(hs, 'whistle.report_in_late', [d], ['district_supervisor']));
  }
  const byWhistle = new Map<number, Hit[]>();
  for (const h of late) if (h.district_id) byWhistle.set(h.whistle_id, [...(byWhistle.get(h.whistle_id) ?? []), h]);
  return [...byWhistle.values()].map((hs) => {
    const h = hs[0];
    const names = hs.map((x) => x.unit_name);
    return {
      ...base(h), kind: 'whistle.report_in_late', unitIds: [h.district_id!], roles: ['district_supervisor' as const],
      data: { whistleId: h.whistle_id, unitIds: hs.map((x) => x.unit_id), dueAt: h.due_at },
      title: { zh: `${names.join('、')}未按时报到（${typeZh(h.type)}：${h.title}）`, en: `${names.join(', ')} late to report in: ${h.title}` },
    };
  });
}
