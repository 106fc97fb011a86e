import { z } from '@hono/zod-openapi';
import type { Queryable } from '../../db/client.ts';
import { ROLES, type Role } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import { hashPassword, randomPassword } from '../../lib/password.ts';
import { recordSecurityEvent } from './security-log.ts';
import { recordChange } from './org-history.ts';
import { newPassword, passwordProblem } from '../../lib/password-policy.ts';
import { checkGrants, type GrantIn } from './user-edit-commands.ts';

export const UserInput = z
  .object({
    username: z.string().regex(/^[a-z0-9_.-]{3,40}$/, '3-40 lowercase letters, digits, _ . -'),
    displayName: z.string().trim().min(1).max(50),
    password: newPassword().optional().openapi({ description: 'omitted: a random one is generated and returned once' }),
    kind: z.enum(['staff', 'citizen']).default('staff'),
    locale: z.enum(['zh-CN', 'en']).default('zh-CN'),
    roles: z.array(z.object({ role: z.enum(ROLES as [Role, ...Role[]]), unitCode: z.string().max(40).nullable().default(null) })).max(20).default([]),
  })
  .openapi('UserInput');

export type UserInput = z.infer<typeof UserInput>;

/** Who did it, for the security log: an admin through the API (with their address) or an operator at the command line. */
export type AdminAudit = { at: Date; actorId: number | null; ip: string | null };

function refuseWeak(password: string | undefined, username: string): void {
  const problem = password === undefined ? null : passwordProblem(password, username);
  if (problem) throw new AppError('validation_failed', `The password must be ${problem}.`, { field: 'password' }, `密码不符合要求：${problem}。`);
}

/** Creates a user with roles named by unit code; the password is returned so the caller can hand it over once. */
export async function createUser(q: { transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T> }, input: UserInput, audit: AdminAudit) {
  refuseWeak(input.password, input.username);
  const password = input.password ?? randomPassword();
  const hash = await hashPassword(password);
  return q.transaction(async (tx) => {
    const exists = (await tx.query('select 1 from users where username = $1', [input.username])).rows.length > 0;
    if (exists) throw new AppError('conflict', `User ${input.username} already exists.`, { field: 'username' }, `用户 ${input.username} 已存在。`);
    const user = (
      await tx.query<{ id: number }>(
        'insert into users(username, display_name, password_hash, kind, locale) values ($1, $2, $3, $4, $5) returning id',
        [input.username, input.displayName, hash, input.kind, input.locale],
      )
    ).rows[0];
    const grants: GrantIn[] = [];
    for (const r of input.roles) {
      let unitId: number | null = null;
      if (r.unitCode) {
        const u = (await tx.query<{ id: number }>('select id from units where code = $1', [r.unitCode])).rows[0];
        if (!u) throw new AppError('validation_failed', `Unknown unit code ${r.unitCode}.`, { field: 'roles.unitCode' }, `单位编码 ${r.unitCode} 不存在。`);
        unitId = u.id;
      }
      grants.push({ role: r.role, unitId });
    }
    // the same rule as editing an account: each role in a unit of a kind that holds it
    await checkGrants(tx, input.kind, grants);
    for (const [i, g] of grants.entries()) {
      await tx.query('insert into user_roles(user_id, role, unit_id) values ($1, $2, $3)', [user.id, g.role, g.unitId]);
      await recordSecurityEvent(tx, { ...audit, type: 'role_granted', username: input.username, subjectUserId: user.id, data: { role: g.role, unitCode: input.roles[i].unitCode } });
    }
    await recordSecurityEvent(tx, { ...audit, type: 'user_created', username: input.username, subjectUserId: user.id, data: { kind: input.kind } });
    const after = { username: input.username, displayName: input.displayName, kind: input.kind, grants: input.roles.map((r) => ({ role: r.role, unitCode: r.unitCode })) };
    await recordChange(tx, { kind: 'user', subjectId: user.id, at: audit.at, actorId: audit.actorId, action: 'created', after });
    return { id: user.id, username: input.username, password };
  });
}

export async function resetPassword(q: Queryable, username: string, password: string | undefined, audit: AdminAudit) {
  refuseWeak(password, username);
  const pw = password ?? randomPassword();
  // A reset also reactivates the account (how an operator lets a locked-out user back in); the history says so.
  const r = await q.query<{ id: number; was_active: boolean }>(
    `update users n set password_hash = $2, active = true, version = n.version + case when o.active then 0 else 1 end
       from users o where o.id = n.id and n.username = $1 returning n.id, o.active as was_active`,
    [username, await hashPassword(pw)],
  );
  if (!r.rows[0]) throw new AppError('not_found', `User ${username} not found`, { username }, `用户 ${username} 不存在`);
  const reactivated = r.rows[0].was_active ? {} : { before: { active: false }, after: { active: true } };
  await recordChange(q, { kind: 'user', subjectId: r.rows[0].id, at: audit.at, actorId: audit.actorId, action: 'password_reset', ...reactivated });
  await q.query('delete from sessions where user_id = $1', [r.rows[0].id]);
  await recordSecurityEvent(q, { ...audit, type: 'password_reset', username, subjectUserId: r.rows[0].id, data: { chosen: password !== undefined } });
  return { id: r.rows[0].id, username, password: pw };
}
