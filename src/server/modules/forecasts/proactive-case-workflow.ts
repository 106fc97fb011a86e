import type { Actor, RoleGrant } from '../../lib/ctx.ts';
import type { ProactiveCaseStatus } from './forecast-tables.ts';

/**
 * 主动治理: a proactive case's small life. The assigned street or department starts acting and
 * reports it done; the district (or the street that opened it) may also close it.
 */
type Scope = 'assigned' | 'opener';
type Def = { from: ProactiveCaseStatus[]; to: ProactiveCaseStatus; who: Scope[] };

export const PROACTIVE_CASE_WORKFLOW = {
  start: { from: ['open'], to: 'acting', who: ['assigned'] },
  complete: { from: ['acting'], to: 'done', who: ['assigned', 'opener'] },
} satisfies Record<string, Def>;

export type ProactiveCaseAction = keyof typeof PROACTIVE_CASE_WORKFLOW;
export const PROACTIVE_CASE_ACTIONS = Object.keys(PROACTIVE_CASE_WORKFLOW) as ProactiveCaseAction[];

export type CaseFacts = { status: ProactiveCaseStatus; assignedUnitId: number; streetId: number | null; districtId: number | null };

function covers(g: RoleGrant, scope: Scope, f: CaseFacts): boolean {
  if (g.role === 'citizen' || g.role === 'grid_member' || g.unitId === null) return g.role === 'hotline_supervisor' && scope === 'opener';
  if (scope === 'assigned') return g.unitId === f.assignedUnitId;
  return g.role === 'hotline_supervisor' || (g.role === 'district_supervisor' && g.unitId === f.districtId) || (g.role === 'street_staff' && g.unitId === f.streetId);
}

export function decideCase(action: ProactiveCaseAction, f: CaseFacts, actor: Actor | null): { ok: true; grant: RoleGrant } | { ok: false; reason: 'forbidden' | 'invalid_transition' } {
  const def: Def = PROACTIVE_CASE_WORKFLOW[action];
  const grant = actor?.grants.find((g) => def.who.some((s) => covers(g, s, f)));
  if (!grant) return { ok: false, reason: 'forbidden' };
  if (!def.from.includes(f.status)) return { ok: false, reason: 'invalid_transition' };
  return { ok: true, grant };
}

export function allowedCaseActions(f: CaseFacts, actor: Actor | null): ProactiveCaseAction[] {
  return PROACTIVE_CASE_ACTIONS.filter((a) => decideCase(a, f, actor).ok);
}

export const CASE_EVENT_TYPES: Record<ProactiveCaseAction, string> = { start: 'proactive_case.started', complete: 'proactive_case.completed' };
