import type { Queryable } from '../../../db/client.ts';
import type { Actor, Role } from '../../../lib/ctx.ts';
import { AppError, forbidden } from '../../../lib/errors.ts';

/*
 * Whose list is it. The city keeps the base list of each kind, "本市各街道履职的共同底单"; a
 * district may adjust it for its streets by 减法 and 加法 (seed 002 "允许各区局部微调"), and a single
 * street or township may carry its own variant ("个别街道实际承担的农村管理职责"), approved by its
 * district. The owner of a list is its scope:
 *   city (null)             drafted and submitted by an administrator, decided by another one;
 *   district D              drafted by D's supervisors, decided by another supervisor of D;
 *   street or township S    drafted by S's staff (lists of its own kind or of its communities),
 *                           decided by the supervisors of S's district.
 * Nobody drafts or decides another unit's list, so one district's approval binds only its streets.
 */
export type Scope = { id: number; kind: string; name: string; districtId: number | null } | null;

const OWNER_KINDS = ['district', 'street', 'township'];

export async function loadScope(q: Queryable, scopeUnitId: number | null): Promise<Scope> {
  if (scopeUnitId === null) return null;
  const u = (await q.query<{ id: number; kind: string; name: string; district_id: number | null }>(
    'select id, kind, name, district_id from units where id = $1 and active', [scopeUnitId],
  )).rows[0];
  if (!u || !OWNER_KINDS.includes(u.kind)) {
    throw new AppError('validation_failed', `Unit ${scopeUnitId} is not an active district, street or township`, { field: 'scopeUnitId' }, `单位 ${scopeUnitId} 不是有效的区、街道或乡镇，不能持有清单`);
  }
  return { id: u.id, kind: u.kind, name: u.name, districtId: u.district_id };
}

/** With no owner named, a draft is for the caller's own level: their street, else their district, else (administrators) the city. */
export function defaultScopeUnitId(actor: Actor): number | null {
  const held = (role: Role) => actor.grants.find((g) => g.role === role && g.unitId !== null)?.unitId ?? null;
  return held('street_staff') ?? held('district_supervisor') ?? null;
}

const grants = (actor: Actor, role: Role, unitId: number | null) => actor.grants.some((g) => g.role === role && (unitId === null || g.unitId === unitId));

function refuse(what: string, whatZh: string, scope: Scope): AppError {
  const owner = scope ? `${scope.name}` : 'the city';
  return forbidden(`Only the owner of this list (${owner}) may ${what}.`, `无权${whatZh}${scope ? `${scope.name}的` : '市级'}清单。`, { scopeUnitId: scope?.id ?? null });
}

/** Drafting, editing and submitting: the owning level itself. */
export function assertMayEdit(actor: Actor, scope: Scope, unitKind: string): void {
  const ok =
    scope === null ? grants(actor, 'admin', null)
    : scope.kind === 'district' ? grants(actor, 'district_supervisor', scope.id)
    : grants(actor, 'street_staff', scope.id) && [scope.kind, 'community'].includes(unitKind);
  if (!ok) throw refuse('change it', '编辑', scope);
}

/** Approving and rejecting: the city for its base list, the district for its own and its streets' variants. */
export function assertMayDecide(actor: Actor, scope: Scope): void {
  const district = scope === null ? null : scope.kind === 'district' ? scope.id : scope.districtId;
  const ok = scope === null ? grants(actor, 'admin', null) : district !== null && grants(actor, 'district_supervisor', district);
  if (!ok) throw refuse('decide on it', '审批', scope);
}
