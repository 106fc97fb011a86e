import type { Queryable } from '../../db/client.ts';
import type { Ctx, RoleGrant } from '../../lib/ctx.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { canSeeTheme } from './theme-access.ts';
import type { MonthlyThemeRow } from './theme-tables.ts';
import { decideTheme, themeTargetAllowed, THEME_ACTION_ZH, THEME_EVENT_TYPES, type ThemeAction, type ThemeFacts, type ThemeStatus } from './theme-workflow.ts';

export type ThemeChange = { to?: ThemeStatus; patch?: Record<string, unknown>; data?: Record<string, unknown> };
export type ThemeApply = (tx: Queryable, t: MonthlyThemeRow, grant: RoleGrant) => Promise<ThemeChange>;

export async function loadThemeFacts(q: Queryable, t: MonthlyThemeRow): Promise<ThemeFacts> {
  const tasks = await q.query<{ id: number; ownerUnitId: number; status: 'open' | 'done' }>(
    `select id::int as id, owner_unit_id as "ownerUnitId", status from theme_tasks where theme_id = $1 order by id`,
    [t.id],
  );
  return { status: t.status, districtId: t.district_id, leadUnitId: t.lead_unit_id, tasks: tasks.rows };
}

/**
 * The only way a theme changes: lock it, check the version the caller saw, re-check role, scope,
 * status and guards on the locked row, apply the command, bump the version, append the event.
 */
export async function transitionTheme(ctx: Ctx, id: number, action: ThemeAction, expectedVersion: number, taskId: number | null, apply: ThemeApply): Promise<MonthlyThemeRow> {
  return ctx.db.transaction(async (tx) => {
    const t = (await tx.query<MonthlyThemeRow>('select * from monthly_themes where id = $1 for update', [id])).rows[0];
    if (!t || !(await canSeeTheme(tx, ctx.actor, t.id))) throw notFound('monthly theme', id);
    const facts = await loadThemeFacts(tx, t);
    if (taskId !== null && !facts.tasks.some((x) => x.id === taskId)) throw notFound('theme task', taskId);
    const decision = decideTheme(action, facts, ctx.actor, taskId);
    if (!decision.ok && decision.reason === 'forbidden') {
      throw forbidden(`You may not ${action} on this theme.`, `您无权对该主题执行“${THEME_ACTION_ZH[action]}”。`, { action });
    }
    if (t.version !== expectedVersion) {
      throw new AppError('version_conflict', `Theme ${t.id} changed since you loaded it (version ${expectedVersion}, now ${t.version}).`,
        { expected: expectedVersion, actual: t.version }, '该主题已被他人更新，请刷新后重试。');
    }
    if (!decision.ok) {
      const zh = decision.failedGuard === 'allTasksDone' ? '仍有任务未完成（或尚无任务），不能结题。'
        : decision.failedGuard === 'taskOpen' ? '该任务已完成。' : `当前状态下不能执行“${THEME_ACTION_ZH[action]}”。`;
      throw new AppError('invalid_transition', `Cannot ${action} a theme in status ${t.status}${decision.failedGuard ? ` (${decision.failedGuard})` : ''}.`,
        { action, status: t.status, guard: decision.failedGuard ?? null }, zh);
    }
    const change = await apply(tx, t, decision.grant);
    const to = change.to ?? t.status;
    if (!themeTargetAllowed(action, t.status, to)) throw new Error(`theme workflow: ${action} may not lead to ${to}`);
    const cols = Object.keys(change.patch ?? {});
    const updated = (await tx.query<MonthlyThemeRow>(
      `update monthly_themes set status = $2, version = version + 1, updated_at = $3${cols.map((c, i) => `, ${c} = $${i + 4}`).join('')} where id = $1 returning *`,
      [t.id, to, ctx.now(), ...cols.map((c) => change.patch![c])],
    )).rows[0];
    await appendThemeEvent(tx, ctx, t.id, { type: THEME_EVENT_TYPES[action], action, grant: decision.grant, from: t.status, to, data: change.data ?? {} });
    return updated;
  });
}

export type ThemeEventInput = { type: string; action?: string | null; grant?: RoleGrant | null; from?: string | null; to?: string | null; data?: Record<string, unknown> };

export async function appendThemeEvent(tx: Queryable, ctx: Pick<Ctx, 'actor' | 'now'>, themeId: number, e: ThemeEventInput): Promise<void> {
  await tx.query(
    `insert into monthly_theme_events(theme_id, type, action, actor_id, actor_role, actor_unit_id, at, from_status, to_status, data)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [themeId, e.type, e.action ?? null, ctx.actor && ctx.actor.userId > 0 ? ctx.actor.userId : null, e.grant?.role ?? null, e.grant?.unitId ?? null,
      ctx.now(), e.from ?? null, e.to ?? null, JSON.stringify(e.data ?? {})],
  );
}
