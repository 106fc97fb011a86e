import type { Ctx } from '../../lib/ctx.ts';
import { notFound } from '../../lib/errors.ts';
import { LIVE_CHANNEL } from '../live/live-channel.ts';
import { unreadCount } from './inbox-queries.ts';

/**
 * Marks one of the caller's notifications read. Someone else's id answers not_found, as an
 * unknown one does, so ids reveal nothing. Reading twice keeps the first time.
 */
export async function markRead(ctx: Ctx, userId: number, id: number): Promise<{ id: number; readAt: string; unread: number }> {
  return ctx.db.transaction(async (tx) => {
    const r = await tx.query<{ read_at: Date }>(
      `update notifications set read_at = coalesce(read_at, $3) where id = $1 and user_id = $2 returning read_at`,
      [id, userId, ctx.now()],
    );
    if (!r.rows[0]) throw notFound('notification', id);
    await tellReadChanged(tx, userId);
    return { id, readAt: new Date(r.rows[0].read_at).toISOString(), unread: await unreadCount(tx, userId) };
  });
}

export async function markAllRead(ctx: Ctx, userId: number): Promise<{ updated: number; unread: number }> {
  return ctx.db.transaction(async (tx) => {
    const r = await tx.query<{ n: number }>(
      `with u as (update notifications set read_at = $2 where user_id = $1 and read_at is null returning 1) select count(*)::int as n from u`,
      [userId, ctx.now()],
    );
    await tellReadChanged(tx, userId);
    return { updated: r.rows[0].n, unread: await unreadCount(tx, userId) };
  });
}

// The user's other tabs and devices, on any server process, update their unread badge.
async function tellReadChanged(tx: { query: Ctx['db']['query'] }, userId: number): Promise<void> {
  await tx.query(`select pg_notify($1, $2)`, [LIVE_CHANNEL, `r:${userId}`]);
}
