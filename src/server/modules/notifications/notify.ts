import type { Queryable } from '../../db/client.ts';
import type { Ctx, Role } from '../../lib/ctx.ts';

/** What a mechanism tells people: every staff user holding a role in one of `unitIds` (optionally only `roles`), plus `userIds`. */
export type NotificationInput = {
  kind: string;
  subjectKind: 'work_order' | 'whistle' | 'report_in' | 'evaluation' | 'theme' | (string & {});
  subjectId: number;
  unitIds?: number[];
  roles?: Role[];
  userIds?: number[];
  title: { zh: string; en: string };
  body?: { zh: string; en: string } | null;
  link?: string | null;
  data?: Record<string, unknown>;
  /** Also send it out (SMS, e-mail) through the configured outbound sender; for what cannot wait. */
  outbound?: OutboundChannel[];
};

export type OutboundChannel = 'sms' | 'email';

/**
 * Writes the notifications in the caller's transaction, so a person is told exactly when the
 * change that concerns them commits, and never about one that rolled back. Returns the number of
 * people told.
 */
export async function notify(tx: Queryable, ctx: Pick<Ctx, 'now'>, n: NotificationInput): Promise<number> {
  const r = await tx.query<{ n: number }>(
    `with recipients as (
       select distinct on (u.id) u.id as user_id, ur.unit_id
       from users u join user_roles ur on ur.user_id = u.id
       where u.active and u.kind = 'staff' and ur.unit_id = any($1::int[])
         and ($2::text[] is null or ur.role = any($2::text[]))
       union
       select u.id, null::int from users u where u.active and u.id = any($3::int[])
     ),
     ins as (
       insert into notifications(user_id, unit_id, kind, subject_kind, subject_id, title, title_en, body, body_en, link, data, created_at, outbound)
       select distinct on (user_id) user_id, unit_id, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb, $13, $14::text[] from recipients
       returning 1
     )
     select count(*)::int as n from ins`,
    [
      n.unitIds ?? [],
      n.roles ?? null,
      n.userIds ?? [],
      n.kind,
      n.subjectKind,
      n.subjectId,
      n.title.zh,
      n.title.en,
      n.body?.zh ?? null,
      n.body?.en ?? null,
      n.link ?? null,
      JSON.stringify(n.data ?? {}),
      ctx.now(),
      n.outbound?.length ? n.outbound : null,
    ],
  );
  return r.rows[0]?.n ?? 0;
}
