import type { Queryable } from '../../db/client.ts';

/** The security log: who signed in or failed to, from where; who reset a password or granted a role. Never a password or token. */
export type SecurityEventType =
  | 'login'
  | 'login_failed'
  | 'login_throttled'
  | 'logout'
  | 'password_reset'
  | 'user_created'
  | 'role_granted';

export type SecurityEventRow = {
  id: number;
  at: Date;
  type: SecurityEventType;
  actor_id: number | null;
  username: string | null;
  subject_user_id: number | null;
  ip: string | null;
  data: Record<string, unknown>;
};

export async function recordSecurityEvent(
  q: Queryable,
  e: { at: Date; type: SecurityEventType; actorId?: number | null; username?: string | null; subjectUserId?: number | null; ip?: string | null; data?: Record<string, unknown> },
): Promise<void> {
  await q.query(
    'insert into security_events(at, type, actor_id, username, subject_user_id, ip, data) values ($1, $2, $3, $4, $5, $6, $7)',
    // a username typed at a failed login may be anything: kept short
    [e.at, e.type, e.actorId ?? null, e.username?.slice(0, 100) ?? null, e.subjectUserId ?? null, e.ip ?? null, JSON.stringify(e.data ?? {})],
  );
}

export async function listSecurityEvents(q: Queryable, f: { type?: string; username?: string; before?: number; limit: number }) {
  const params: unknown[] = [];
  const where: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.type) where.push(`e.type = ${p(f.type)}`);
  if (f.username) where.push(`e.username = ${p(f.username)}`);
  if (f.before) where.push(`e.id < ${p(f.before)}`);
  const rows = await q.query<SecurityEventRow & { actor_username: string | null; subject_username: string | null }>(
    `select e.*, a.username as actor_username, s.username as subject_username
       from security_events e left join users a on a.id = e.actor_id left join users s on s.id = e.subject_user_id
      ${where.length ? `where ${where.join(' and ')}` : ''} order by e.id desc limit ${p(f.limit)}`,
    params,
  );
  return rows.rows.map((r) => ({
    id: Number(r.id),
    at: r.at,
    type: r.type,
    username: r.username,
    actor: r.actor_username,
    subject: r.subject_username,
    ip: r.ip,
    data: r.data,
  }));
}
