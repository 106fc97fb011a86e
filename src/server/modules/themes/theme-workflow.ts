import type { Actor, Role, RoleGrant } from '../../lib/ctx.ts';
import type { ThemeStatus } from './theme-tables.ts';

export type { ThemeStatus };

/**
 * A monthly theme's life as one table, like the whistle's: the district opens and closes it, the
 * lead department and the task owners work on it. `transitionTheme()` is the only way it changes.
 */
export type ThemeScope = 'district' | 'lead' | 'taskOwner';
export type ThemeGuard = 'taskOpen' | 'allTasksDone';
type Who = { roles: Role[] | 'staff'; scope: ThemeScope };
type Def = { from: ThemeStatus[]; to: ThemeStatus | 'same'; who: Who[]; guards?: ThemeGuard[] };

const district: Who[] = [{ roles: ['district_supervisor', 'hotline_supervisor'], scope: 'district' }];
const lead: Who = { roles: 'staff', scope: 'lead' };
const owner: Who = { roles: 'staff', scope: 'taskOwner' };

export const THEME_WORKFLOW = {
  add_problem: { from: ['active'], to: 'same', who: district },
  add_task: { from: ['active'], to: 'same', who: [...district, lead] },
  update_task: { from: ['active'], to: 'same', who: [lead, owner], guards: ['taskOpen'] },
  complete_task: { from: ['active'], to: 'same', who: [lead, owner], guards: ['taskOpen'] },
  add_policy: { from: ['active'], to: 'same', who: [...district, lead] },
  close: { from: ['active'], to: 'closed', who: district, guards: ['allTasksDone'] },
} satisfies Record<string, Def>;

export type ThemeAction = keyof typeof THEME_WORKFLOW;
export const THEME_ACTIONS = Object.keys(THEME_WORKFLOW) as ThemeAction[];

export type ThemeFacts = {
  status: ThemeStatus;
  districtId: number;
  leadUnitId: number;
  tasks: { id: number; ownerUnitId: number; status: 'open' | 'done' }[];
};

const CITYWIDE: Role[] = ['hotline_supervisor', 'admin'];

function covers(g: RoleGrant, who: Who, f: ThemeFacts, taskId: number | null): boolean {
  if (who.roles !== 'staff' ? !who.roles.includes(g.role) : g.role === 'citizen' || g.role === 'grid_member') return false;
  switch (who.scope) {
    case 'district':
      return CITYWIDE.includes(g.role) || g.unitId === f.districtId;
    case 'lead':
      return g.unitId === f.leadUnitId;
    case 'taskOwner':
      return f.tasks.some((t) => t.ownerUnitId === g.unitId && (taskId === null || t.id === taskId));
  }
}

const GUARDS: Record<ThemeGuard, (f: ThemeFacts, taskId: number | null) => boolean> = {
  taskOpen: (f, id) => f.tasks.some((t) => t.id === id && t.status === 'open'),
  // a theme is done when its tasks are: at least one, none still open
  allTasksDone: (f) => f.tasks.length > 0 && f.tasks.every((t) => t.status === 'done'),
};

export type ThemeDecision = { ok: true; grant: RoleGrant } | { ok: false; reason: 'forbidden' | 'invalid_transition'; failedGuard?: ThemeGuard };

export function decideTheme(action: ThemeAction, f: ThemeFacts, actor: Actor | null, taskId: number | null = null): ThemeDecision {
  const def: Def = THEME_WORKFLOW[action];
  const grants = actor?.grants.filter((g) => def.who.some((w) => covers(g, w, f, taskId))) ?? [];
  if (!grants.length) return { ok: false, reason: 'forbidden' };
  if (!def.from.includes(f.status)) return { ok: false, reason: 'invalid_transition' };
  const failedGuard = def.guards?.find((name) => !GUARDS[name](f, taskId));
  return failedGuard ? { ok: false, reason: 'invalid_transition', failedGuard } : { ok: true, grant: grants[0] };
}

/** What the actor may do to the theme as a whole (task actions are listed per task). */
export function allowedThemeActions(f: ThemeFacts, actor: Actor | null): ThemeAction[] {
  return THEME_ACTIONS.filter((a) => a !== 'update_task' && a !== 'complete_task' && decideTheme(a, f, actor).ok);
}

export function allowedTaskActions(f: ThemeFacts, actor: Actor | null, taskId: number): ThemeAction[] {
  return (['update_task', 'complete_task'] as const).filter((a) => decideTheme(a, f, actor, taskId).ok);
}

export function themeTargetAllowed(action: ThemeAction, from: ThemeStatus, to: ThemeStatus): boolean {
  const def: Def = THEME_WORKFLOW[action];
  return def.to === 'same' ? to === from : def.to === to;
}

export const THEME_EVENT_TYPES: Record<ThemeAction, string> = {
  add_problem: 'theme.problem_added',
  add_task: 'theme.task_added',
  update_task: 'theme.task_updated',
  complete_task: 'theme.task_completed',
  add_policy: 'theme.policy_issued',
  close: 'theme.closed',
};

export const THEME_ACTION_ZH: Record<ThemeAction, string> = {
  add_problem: '添加问题',
  add_task: '添加任务',
  update_task: '更新任务进展',
  complete_task: '完成任务',
  add_policy: '登记出台政策',
  close: '结题',
};
