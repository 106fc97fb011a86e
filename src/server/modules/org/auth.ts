import crypto from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import type { Actor, Ctx, Role, RoleGrant } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import { verifyPassword } from '../../lib/password.ts';

type UserRow = { id: number; username: string; display_name: string; password_hash: string; kind: 'staff' | 'citizen'; locale: string; active: boolean };

const hashToken = (t: string) => crypto.createHash('sha256').update(t).digest('hex');

/** Checks a password and opens a session; the token is returned once and stored only as a hash. */
export async function login(ctx: Ctx, username: string, password: string, hours: number): Promise<{ token: string; expiresAt: Date; actor: Actor }> {
  const user = (await ctx.db.query<UserRow>('select * from users where username = $1', [username])).rows[0];
  // Verify against a dummy hash when the user is unknown, so timing does not reveal which usernames exist.
  const ok = await verifyPassword(password, user?.password_hash ?? DUMMY_HASH);
  if (!user || !ok || !user.active) {
    throw new AppError('invalid_credentials', 'Wrong username or password.', {}, '用户名或密码错误。');
  }
  const token = crypto.randomBytes(32).toString('base64url');
  const expiresAt = new Date(ctx.now().getTime() + hours * 3600_000);
  await ctx.db.query('insert into sessions(token_hash, user_id, created_at, expires_at, last_seen_at) values ($1, $2, $3, $4, $3)', [hashToken(token), user.id, ctx.now(), expiresAt]);
  return { token, expiresAt, actor: await loadActor(ctx.db, user.id) };
}

const DUMMY_HASH = 'scrypt$16384$8$1$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=';

export async function logout(ctx: Ctx, token: string): Promise<void> {
  await ctx.db.query('delete from sessions where token_hash = $1', [hashToken(token)]);
}

type ActorRow = UserRow & { role: Role | null; unit_id: number | null; path: string | null; district_id: number | null };

const ACTOR_SELECT = `select u.id, u.username, u.display_name, u.kind, u.locale, u.active, r.role, r.unit_id, un.path, un.district_id
  from users u left join user_roles r on r.user_id = u.id left join units un on un.id = r.unit_id`;

// Touching the session on every request would turn every read into a write; once a minute is enough for a 30-minute idle limit.
const TOUCH_EVERY_MS = 60_000;

/**
 * One query per request: the session, its user and the user's roles. A session ends at its
 * absolute expiry or after idleMs without use, whichever comes first.
 */
export async function actorForToken(q: Queryable, token: string, now: Date, idleMs = 30 * 60_000): Promise<Actor | null> {
  const hash = hashToken(token);
  const r = await q.query<ActorRow & { last_seen_at: Date | null }>(
    `${ACTOR_SELECT.replace('select ', 'select s.last_seen_at, ')} join sessions s on s.user_id = u.id
      where s.token_hash = $1 and s.expires_at > $2 and ($3::timestamptz is null or coalesce(s.last_seen_at, s.created_at) > $3) and u.active order by r.id`,
    [hash, now, Number.isFinite(idleMs) ? new Date(now.getTime() - idleMs) : null],
    { prepare: true },
  );
  if (!r.rows[0]) return null;
  const seen = r.rows[0].last_seen_at;
  if (!seen || now.getTime() - seen.getTime() > TOUCH_EVERY_MS) {
    await q.query('update sessions set last_seen_at = $2 where token_hash = $1', [hash, now]);
  }
  return toActor(r.rows);
}

export async function loadActor(q: Queryable, userId: number): Promise<Actor> {
  const r = await q.query<ActorRow>(`${ACTOR_SELECT} where u.id = $1 order by r.id`, [userId]);
  if (!r.rows[0]) throw new AppError('not_found', `User ${userId} not found`, {}, '用户不存在');
  return toActor(r.rows);
}

function toActor(rows: ActorRow[]): Actor {
  const u = rows[0];
  const grants: RoleGrant[] = rows
    .filter((x) => x.role)
    .map((x) => ({ role: x.role!, unitId: x.unit_id, unitPath: x.path, districtId: x.district_id }));
  return { userId: u.id, username: u.username, displayName: u.display_name, kind: u.kind, locale: u.locale, grants };
}
