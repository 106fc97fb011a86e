import { z } from '@hono/zod-openapi';
import type { Db, Queryable } from '../../db/client.ts';
import { ROLES, type Role } from '../../lib/ctx.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { dbId } from '../../http/input-schemas.ts';
import { ROLE_UNIT_KINDS, type UnitKind } from '../../../shared/org-rules.ts';
import { diff, recordChange } from './org-history.ts';
import { recordSecurityEvent } from './security-log.ts';
import type { UserRow } from './org-tables.ts';
import { getUserView } from './user-queries.ts';
import { unitNames } from './unit-queries.ts';
import type { AdminAudit } from './user-commands.ts';

export const PHONE = /^\+?[0-9][0-9 -]{4,19}$/;

export const UserPatch = z
  .object({
    version: z.number().int().min(1).openapi({ description: 'The version you loaded; a stale one is refused (409 version_conflict).' }),
    displayName: z.string().trim().min(1).max(50).optional(),
    phone: z.string().trim().regex(PHONE, 'a phone number').nullable().optional(),
    locale: z.enum(['zh-CN', 'en']).optional(),
    active: z.boolean().optional().openapi({ description: 'false: the account cannot sign in and its sessions end' }),
    grants: z
      .array(z.object({ role: z.enum(ROLES as [Role, ...Role[]]), unitId: dbId().nullable() }))
      .max(20)
      .optional()
      .openapi({ description: 'replaces every role the user holds' }),
  })
  .openapi('UserPatch');
export type UserPatch = z.infer<typeof UserPatch>;

export type GrantIn = { role: Role; unitId: number | null };
const invalid = (en: string, zh: string, field: string) => new AppError('validation_failed', en, { field }, zh);

/** Each role in a unit of a kind that holds it; staff roles on staff accounts, the citizen role on citizens'. */
export async function checkGrants(q: Queryable, kind: 'staff' | 'citizen', grants: GrantIn[]): Promise<void> {
  const ids = grants.map((g) => g.unitId).filter((x): x is number => x !== null);
  const units = new Map((await q.query<{ id: number; kind: UnitKind; active: boolean }>('select id, kind, active from units where id = any($1::int[])', [ids])).rows.map((u) => [u.id, u]));
  for (const g of grants) {
    if ((g.role === 'citizen') !== (kind === 'citizen')) throw invalid(`A ${kind} account cannot hold the role ${g.role}.`, kind === 'citizen' ? '市民账号不能授予工作人员角色。' : '工作人员账号不能授予市民角色。', 'grants.role');
    const kinds = ROLE_UNIT_KINDS[g.role];
    if (g.unitId === null) {
      if (kinds) throw invalid(`The role ${g.role} must be held in a unit.`, '该角色须指定所属单位。', 'grants.unitId');
      continue;
    }
    const u = units.get(g.unitId);
    if (!u || !u.active) throw invalid(`Unit ${g.unitId} does not exist or is inactive.`, '所选单位不存在或已停用。', 'grants.unitId');
    if (g.role === 'citizen' || (kinds && !kinds.includes(u.kind))) throw invalid(`The role ${g.role} is not held in a ${u.kind}.`, '该角色不能设在此类单位。', 'grants.unitId');
  }
}

const sameGrants = (a: GrantIn[], b: GrantIn[]) => JSON.stringify(a.map((g) => `${g.role}@${g.unitId ?? ''}`).sort()) === JSON.stringify(b.map((g) => `${g.role}@${g.unitId ?? ''}`).sort());
const isAdmin = (g: GrantIn[]) => g.some((x) => x.role === 'admin');

/**
 * Changes an account. Edits are serialised (one advisory lock), so the check that an active
 * administrator remains cannot be raced by two administrators demoting each other. Deactivating
 * ends every session at once; nobody may deactivate themself or drop their own administrator role.
 */
export async function updateUser(db: Db, username: string, input: UserPatch, audit: AdminAudit) {
  await db.transaction(async (tx) => {
    await tx.query(`select pg_advisory_xact_lock(hashtext('org:users'))`);
    const u = (await tx.query<UserRow>('select * from users where username = $1 for update', [username])).rows[0];
    if (!u) throw notFound('user', username);
    if (u.version !== input.version) {
      throw new AppError('version_conflict', `User ${username} changed since you loaded it (version ${input.version}, now ${u.version}).`, { expected: input.version, actual: u.version }, '该账号已被他人修改，请刷新后重试。');
    }
    const oldGrants = (await tx.query<GrantIn>('select role, unit_id as "unitId" from user_roles where user_id = $1 order by id', [u.id])).rows;
    const grants = input.grants ? dedupe(input.grants) : oldGrants;
    if (input.grants) await checkGrants(tx, u.kind, grants);
    const active = input.active ?? u.active;
    if (u.id === audit.actorId && (!active || (isAdmin(oldGrants) && !isAdmin(grants)))) {
      throw new AppError('self_lockout', 'You cannot deactivate your own account or remove your own administrator role.', {}, '不能停用自己的账号或取消自己的管理员角色。');
    }
    const names = await grantUnitNames(tx, [...oldGrants, ...grants]);
    const before = { displayName: u.display_name, phone: u.phone, locale: u.locale, active: u.active, grants: named(oldGrants, names) };
    const after = { displayName: input.displayName ?? u.display_name, phone: input.phone === undefined ? u.phone : input.phone, locale: input.locale ?? u.locale, active, grants: named(grants, names) };
    const changed = diff(before, after);
    if (!changed) return;
    await tx.query('update users set display_name = $2, phone = $3, locale = $4, active = $5, version = version + 1 where id = $1', [u.id, after.displayName, after.phone, after.locale, active]);
    if (!sameGrants(oldGrants, grants)) {
      await tx.query('delete from user_roles where user_id = $1', [u.id]);
      for (const g of grants) {
        await tx.query('insert into user_roles(user_id, role, unit_id) values ($1, $2, $3)', [u.id, g.role, g.unitId]);
        if (!oldGrants.some((o) => o.role === g.role && o.unitId === g.unitId)) {
          await recordSecurityEvent(tx, { ...audit, type: 'role_granted', username, subjectUserId: u.id, data: { role: g.role, unitId: g.unitId } });
        }
      }
    }
    if (!active) await tx.query('delete from sessions where user_id = $1', [u.id]);
    const admins = (await tx.query<{ n: number }>(`select count(distinct u.id)::int as n from users u join user_roles r on r.user_id = u.id where r.role = 'admin' and u.active`)).rows[0].n;
    if (admins === 0) throw new AppError('last_admin', 'At least one active administrator must remain.', {}, '至少须保留一名在用的系统管理员。');
    const action = active === u.active ? 'updated' : active ? 'reactivated' : 'deactivated';
    await recordChange(tx, { kind: 'user', subjectId: u.id, at: audit.at, actorId: audit.actorId, action, ...changed });
  });
  return getUserView(db, username);
}

function grantUnitNames(q: Queryable, grants: GrantIn[]): Promise<Map<number, string>> {
  return unitNames(q, grants.map((g) => g.unitId).filter((x): x is number => x !== null));
}

/** Grants as the history keeps them: with the unit's name at the time, sorted so the order of a list is not a change. */
const named = (grants: GrantIn[], names: Map<number, string>) =>
  grants.map((g) => ({ role: g.role, unitId: g.unitId, unitName: g.unitId === null ? null : (names.get(g.unitId) ?? null) })).sort((a, b) => `${a.role}@${a.unitId}`.localeCompare(`${b.role}@${b.unitId}`));

function dedupe(grants: GrantIn[]): GrantIn[] {
  const seen = new Set<string>();
  return grants.filter((g) => {
    const k = `${g.role}@${g.unitId ?? ''}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
