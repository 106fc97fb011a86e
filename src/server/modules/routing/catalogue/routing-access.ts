import { hasRole, type Actor, type Ctx, type Role } from '../../../lib/ctx.ts';
import { AppError, forbidden } from '../../../lib/errors.ts';

/*
 * Who may do what with routing reference data. Checked inside the commands, not only in routes,
 * so the CLI and the scheduler meet the same rules.
 *   read: any staff member (dispatchers, streets and departments consult lists and proposals)
 *   taxonomy and dispatch catalogue: admin
 *   duty lists: street staff and admin draft and submit; district supervisors and admin decide
 */
export function requireStaff(actor: Actor | null): Actor {
  if (!actor) throw new AppError('unauthenticated', 'Sign in first.', {}, '请先登录。');
  if (actor.kind !== 'staff') throw forbidden('Routing reference data is for staff.', '仅工作人员可查看派单依据。');
  return actor;
}

export function requireRoles(ctx: Ctx, roles: Role[], what: string, whatZh: string): Actor {
  const actor = requireStaff(ctx.actor);
  if (!hasRole(actor, ...roles)) {
    throw forbidden(`Only ${roles.join(' or ')} may ${what}.`, `无权${whatZh}。`, { required: roles });
  }
  return actor;
}
