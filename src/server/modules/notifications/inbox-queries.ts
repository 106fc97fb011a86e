import type { Queryable } from '../../db/client.ts';
import { NOTIFICATION_COLUMNS, presentNotification, type NotificationRow, type NotificationView } from './notification-tables.ts';

export type InboxQuery = { unread?: boolean; page: number; pageSize: number };
export type InboxPage = { items: NotificationView[]; total: number; unread: number; page: number; pageSize: number };

/** The signed-in user's inbox, newest first. Every query is keyed by user_id: nobody reads another's inbox. */
export async function listInbox(q: Queryable, userId: number, query: InboxQuery): Promise<InboxPage> {
  const unreadOnly = query.unread === true;
  const [items, counts] = await Promise.all([
    q.query<NotificationRow>(
      `select ${NOTIFICATION_COLUMNS} from notifications
       where user_id = $1 and ($2::boolean is false or read_at is null)
       order by id desc limit $3 offset $4`,
      [userId, unreadOnly, query.pageSize, (query.page - 1) * query.pageSize],
    ),
    q.query<{ total: number; unread: number }>(
      `select count(*)::int as total, count(*) filter (where read_at is null)::int as unread
       from notifications where user_id = $1 and ($2::boolean is false or read_at is null)`,
      [userId, unreadOnly],
    ),
  ]);
  return {
    items: items.rows.map(presentNotification),
    total: counts.rows[0].total,
    unread: unreadOnly ? counts.rows[0].total : counts.rows[0].unread,
    page: query.page,
    pageSize: query.pageSize,
  };
}

export async function unreadCount(q: Queryable, userId: number): Promise<number> {
  const r = await q.query<{ n: number }>('select count(*)::int as n from notifications where user_id = $1 and read_at is null', [userId]);
  return r.rows[0].n;
}

/** Notifications of one user after a given id, oldest first: what a reconnecting stream missed. */
export async function inboxSince(q: Queryable, userId: number, afterId: number, limit: number): Promise<NotificationView[]> {
  const r = await q.query<NotificationRow>(
    `select ${NOTIFICATION_COLUMNS} from notifications where user_id = $1 and id > $2 order by id limit $3`,
    [userId, afterId, limit],
  );
  return r.rows.map(presentNotification);
}
