import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import type { NotificationInput } from './notify.ts';

/**
 * `notify()` for many notices at once, in one statement and the caller's transaction: for
 * mechanisms that tell thousands of people at a time (a sweep flagging a backlog of late
 * report-ins). Recipients are chosen exactly as `notify()` chooses them.
 */
export async function notifyMany(tx: Queryable, ctx: Pick<Ctx, 'now'>, list: NotificationInput[]): Promise<number> {
  if (!list.length) return 0;
  const rows = list.map((n, ord) => ({
    ord, unit_ids: n.unitIds ?? [], roles: n.roles ?? null, user_ids: n.userIds ?? [], kind: n.kind, subject_kind: n.subjectKind,
    subject_id: n.subjectId, title: n.title.zh, title_en: n.title.en, body: n.body?.zh ?? null, body_en: n.body?.en ?? null,
    link: n.link ?? null, data: n.data ?? {},
  }));
  const r = await tx.query<{ n: number }>(
    `with n as (
       select * from jsonb_to_recordset($1::jsonb) as n(ord int, unit_ids int[], roles text[], user_ids int[], kind text, subject_kind text,
              subject_id bigint, title text, title_en text, body text, body_en text, link text, data jsonb)
     ),
     ${notificationCtes('n', '$2')}
     select count(*)::int as n from notified`,
    [JSON.stringify(rows), ctx.now()],
  );
  return r.rows[0]?.n ?? 0;
}

/**
 * The notices of CTE `source` (columns as `notifyMany` takes them: ord — unique per notice —,
 * unit_ids, roles, user_ids, kind, subject_kind, subject_id, title, title_en, body, body_en, link,
 * data) written for their recipients at `at` (an SQL expression), as CTEs `recipients` and
 * `notified` (one row per person told): a set-based mechanism can compute its notices in SQL and
 * write them in the statement that makes the change, never shipping the rows to the client and back.
 */
export function notificationCtes(source: string, at: string): string {
  return `recipients as (
       select n.ord, u.id as user_id, ur.unit_id
         from ${source} n join user_roles ur on ur.unit_id = any(n.unit_ids) and (n.roles is null or ur.role = any(n.roles))
         join users u on u.id = ur.user_id and u.active and u.kind = 'staff'
       union all
       select n.ord, u.id, null::int from ${source} n join users u on u.id = any(n.user_ids) and u.active
     ),
     notified as (
       insert into notifications(user_id, unit_id, kind, subject_kind, subject_id, title, title_en, body, body_en, link, data, created_at)
       select distinct on (r.ord, r.user_id) r.user_id, r.unit_id, n.kind, n.subject_kind, n.subject_id, n.title, n.title_en, n.body, n.body_en, n.link, n.data, ${at}
         from recipients r join ${source} n on n.ord = r.ord
        order by r.ord, r.user_id, r.unit_id nulls last
       returning 1
     )`;
}
