import { z } from '@hono/zod-openapi';
import type { Queryable } from '../../db/client.ts';
import { notFound } from '../../lib/errors.ts';
import type { UserRoleRow, UserRow } from './org-tables.ts';

export const Grant = z.object({ role: z.string(), unitId: z.number().nullable(), unitName: z.string().nullable(), unitCode: z.string().nullable(), unitKind: z.string().nullable() }).openapi('UserGrant');

export const UserView = z
  .object({
    id: z.number(),
    username: z.string(),
    displayName: z.string(),
    kind: z.enum(['staff', 'citizen']),
    phone: z.string().nullable(),
    locale: z.string(),
    active: z.boolean(),
    version: z.number(),
    createdAt: z.string(),
    grants: z.array(Grant),
  })
  .openapi('UserView');
export type UserView = z.infer<typeof UserView>;

const USER_COLS = 'u.id, u.username, u.display_name, u.kind, u.phone, u.locale, u.active, u.version, u.created_at';

async function withGrants(q: Queryable, users: UserRow[]): Promise<UserView[]> {
  const grants = await q.query<UserRoleRow & { unit_name: string | null; unit_code: string | null; unit_kind: string | null }>(
    `select r.user_id, r.role, r.unit_id, un.name as unit_name, un.code as unit_code, un.kind as unit_kind
       from user_roles r left join units un on un.id = r.unit_id where r.user_id = any($1::int[]) order by r.id`,
    [users.map((u) => u.id)],
  );
  return users.map((u) => ({
    id: u.id,
    username: u.username,
    displayName: u.display_name,
    kind: u.kind,
    phone: u.phone,
    locale: u.locale,
    active: u.active,
    version: u.version,
    createdAt: u.created_at.toISOString(),
    grants: grants.rows.filter((g) => g.user_id === u.id).map((g) => ({ role: g.role, unitId: g.unit_id, unitName: g.unit_name, unitCode: g.unit_code, unitKind: g.unit_kind })),
  }));
}

export type UserFilter = { q?: string; unitId?: number; role?: string; active?: 'true' | 'false'; kind?: 'staff' | 'citizen'; page: number; pageSize: number };

const likeFragment = (s: string) => `%${s.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;

/**
 * Accounts matching a fragment of the username, name or phone; `unitId` takes the unit and
 * everything under it (a street's filter shows its grid members too), and with `role` the same
 * grant must match both. Paged by username, with the total.
 */
export async function listUsers(q: Queryable, f: UserFilter): Promise<{ items: UserView[]; total: number }> {
  const params: unknown[] = [];
  const where: string[] = ['true'];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.q) {
    const like = p(likeFragment(f.q));
    where.push(`(u.username ilike ${like} or u.display_name ilike ${like} or u.phone like ${like})`);
  }
  if (f.kind) where.push(`u.kind = ${p(f.kind)}`);
  if (f.active) where.push(`u.active = ${p(f.active === 'true')}`);
  if (f.unitId !== undefined || f.role) {
    const grant: string[] = ['r.user_id = u.id'];
    if (f.role) grant.push(`r.role = ${p(f.role)}`);
    if (f.unitId !== undefined) grant.push(`un.path like (select path from units where id = ${p(f.unitId)}) || '%'`);
    where.push(`exists (select 1 from user_roles r left join units un on un.id = r.unit_id where ${grant.join(' and ')})`);
  }
  const total = (await q.query<{ n: number }>(`select count(*)::int as n from users u where ${where.join(' and ')}`, params)).rows[0].n;
  const rows = await q.query<UserRow>(`select ${USER_COLS} from users u where ${where.join(' and ')} order by u.username limit ${p(f.pageSize)} offset ${p((f.page - 1) * f.pageSize)}`, params);
  return { items: await withGrants(q, rows.rows), total };
}

export async function getUserView(q: Queryable, username: string): Promise<UserView> {
  const row = (await q.query<UserRow>(`select ${USER_COLS} from users u where u.username = $1`, [username])).rows[0];
  if (!row) throw notFound('user', username);
  return (await withGrants(q, [row]))[0];
}
