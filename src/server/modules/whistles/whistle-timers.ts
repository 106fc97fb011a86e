import type { DeadlineHandler, FireOutcome } from '../deadlines/deadline-handlers.ts';
import { notificationCtes } from '../notifications/notify-many.ts';
import { REPORT_IN, TYPE_ZH } from './summons-store.ts';

/**
 * Above this many in one sweep batch, a unit (or the district) gets one digest listing the
 * whistles instead of one notice each: after an outage thousands may come due at once, and a
 * person told three thousand times is told nothing.
 */
export const DIGEST_OVER = 5;

/** A timestamp in data as JSON.stringify writes a Date, so clients read one format whoever wrote it. */
const iso = (x: string) => `to_char(${x} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * The notices of a batch's hits (CTE `hx`: k, id, whistle_id, unit_id, due_at, title, type,
 * district_id, unit_name, per_unit, district_whistles), as rows for `notificationCtes`. A unit hears
 * of each hit, or in one digest past DIGEST_OVER of a kind; the district supervisor hears once per
 * whistle naming every unit late on it, or in one digest past DIGEST_OVER whistles.
 */
const NOTICES = `
  unit_one as (
    select hx.id as o, array[hx.unit_id] as unit_ids, null::text[] as roles,
           case hx.k when 'due' then 'whistle.report_in_late' else 'whistle.report_in_due_soon' end as kind, hx.whistle_id as subject_id,
           case hx.k when 'due' then '报到已超时：' else '报到即将超时：' end || hx.title as title,
           case hx.k when 'due' then 'Report-in overdue: ' else 'Report-in due soon: ' end || hx.title as title_en,
           '/console/whistles/' || hx.whistle_id as link,
           jsonb_build_object('whistleId', hx.whistle_id, 'unitId', hx.unit_id, 'dueAt', ${iso('hx.due_at')}) as data
      from hx where hx.per_unit <= ${DIGEST_OVER}),
  unit_digest as (
    select min(hx.id) as o, array[hx.unit_id] as unit_ids, null::text[] as roles,
           case hx.k when 'due' then 'whistle.report_in_late' else 'whistle.report_in_due_soon' end as kind,
           (array_agg(hx.whistle_id order by hx.id))[1] as subject_id,
           count(*) || case hx.k when 'due' then ' 项报到已超时' else ' 项报到即将超时' end as title,
           count(*) || case hx.k when 'due' then ' report-ins are overdue' else ' report-ins are due soon' end as title_en,
           '/console/whistles' as link,
           jsonb_build_object('digest', true, 'whistleIds', to_jsonb(array_agg(distinct hx.whistle_id)),
                              'summonsIds', to_jsonb(array_agg(hx.id order by hx.id)), 'unitIds', jsonb_build_array(hx.unit_id)) as data
      from hx where hx.per_unit > ${DIGEST_OVER} group by hx.k, hx.unit_id),
  late_d as (select * from hx where hx.k = 'due' and hx.district_id is not null),
  district_one as (
    select min(id) as o, array[min(district_id)] as unit_ids, array['district_supervisor'] as roles, 'whistle.report_in_late' as kind,
           whistle_id as subject_id,
           string_agg(unit_name, '、' order by id) || '未按时报到（' || coalesce($4::jsonb ->> min(type), min(type)) || '：' || min(title) || '）' as title,
           string_agg(unit_name, ', ' order by id) || ' late to report in: ' || min(title) as title_en,
           '/console/whistles/' || whistle_id as link,
           jsonb_build_object('whistleId', whistle_id, 'unitIds', to_jsonb(array_agg(unit_id order by id)),
                              'dueAt', ${iso('(array_agg(due_at order by id))[1]')}) as data
      from late_d where district_whistles <= ${DIGEST_OVER} group by whistle_id),
  district_digest as (
    select min(id) as o, array[district_id] as unit_ids, array['district_supervisor'] as roles, 'whistle.report_in_late' as kind,
           (array_agg(whistle_id order by id))[1] as subject_id,
           count(*) || ' 项报到已超时' as title, count(*) || ' report-ins are overdue' as title_en, '/console/whistles' as link,
           jsonb_build_object('digest', true, 'whistleIds', to_jsonb(array_agg(distinct whistle_id)),
                              'summonsIds', to_jsonb(array_agg(id order by id)), 'unitIds', to_jsonb(array_agg(distinct unit_id))) as data
      from late_d where district_whistles > ${DIGEST_OVER} group by district_id),
  notices as (
    select row_number() over (order by part, o)::int as ord, unit_ids, roles, '{}'::int[] as user_ids, kind, 'whistle' as subject_kind,
           subject_id, title, title_en, null::text as body, null::text as body_en, link, data
      from (select 1 as part, * from unit_one union all select 2, * from unit_digest
            union all select 3, * from district_one union all select 4, * from district_digest) x)`;

/**
 * Report-in timers, set-based so a backlog of thousands fires in one statement per batch: the
 * reminder tells a unit that has not reported in yet (unless the deadline has passed too); the
 * deadline flags it late (recorded against the unit in the event log, one event per report-in) and
 * tells the unit and its district supervisor. Flags, events and notices are computed and written in
 * the database; only each timer's outcome comes back. The whistle's version is kept: a flag changes
 * nothing anyone decides on, and open pages stay valid.
 */
export const reportInDeadlines: DeadlineHandler = {
  subjectKind: REPORT_IN,
  // Commands lock the whistle first (then its summons and timers): the claim takes the timer with its
  // whistle, so a whistle someone is acting on is skipped this round instead of waited for.
  lock: { join: 'join whistle_summons s on s.id = d.subject_id join whistles w on w.id = s.whistle_id', of: ['w'] },
  batchSize: 5000,
  lanes: 2,
  async fire(tx, ctx, rows) {
    // The claimed rows go in as arrays and are joined, so each summons is found by its key, never by scanning the list.
    const hits = (
      await tx.query<{ k: 'due' | 'warn'; summons_id: string }>(
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
                           jsonb_build_object('summonsId', h.id, 'dueAt', h.due_at, 'automatic', true) from h order by h.id),
              hx as (select h.*, w.title, w.type, w.district_id, u.name as unit_name,
                            count(*) over (partition by h.k, h.unit_id) as per_unit,
                            (select count(distinct x.whistle_id) from l x join whistles xw on xw.id = x.whistle_id where xw.district_id is not null) as district_whistles
                       from h join whistles w on w.id = h.whistle_id join units u on u.id = h.unit_id),
              ${NOTICES},
              ${notificationCtes('notices', '$3')}
         select k, id as summons_id from h`,
        [rows.map((r) => r.subject_id), rows.map((r) => r.kind), ctx.now(), JSON.stringify(TYPE_ZH)],
      )
    ).rows;
    const fired = new Set(hits.map((h) => `${h.k}:${h.summons_id}`));
    return rows.map((r): FireOutcome => (fired.has(`${r.kind}:${r.subject_id}`) ? r.kind : 'skipped'));
  },
};
