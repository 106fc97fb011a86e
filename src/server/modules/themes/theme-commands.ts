import type { Queryable } from '../../db/client.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { AppError, forbidden } from '../../lib/errors.ts';
import { cancelTimers, scheduleTimers } from '../deadlines/deadline-handlers.ts';
import { notify } from '../notifications/notify.ts';
import { districtIds, isCitywide } from './theme-access.ts';
import type { CreateThemeInput, ThemeActionInputs } from './theme-schemas.ts';
import type { MonthlyThemeRow, ThemeTaskRow } from './theme-tables.ts';
import { appendThemeEvent, transitionTheme, type ThemeApply } from './theme-transition.ts';
import type { ThemeAction } from './theme-workflow.ts';

export const THEME_TASK = 'theme_task';
const WARN_BEFORE_MS = 3 * 86_400_000;
export const themeLink = (id: number) => `/console/themes/${id}`;

async function requireUnit(q: Queryable, id: number, field: string): Promise<{ id: number; name: string; kind: string }> {
  const u = (await q.query<{ id: number; name: string; kind: string }>('select id, name, kind from units where id = $1', [id])).rows[0];
  if (!u) throw new AppError('bad_request', `Unknown unit ${id} (${field}).`, { field, id }, `单位 ${id} 不存在（${field}）。`);
  return u;
}

async function insertProblem(tx: Queryable, ctx: Ctx, themeId: number, p: { title: string; categories: string[]; terms: string[]; streetIds: number[] }): Promise<number> {
  return (await tx.query<{ id: number }>(
    `insert into theme_problems(theme_id, title, categories, terms, street_ids, created_at) values ($1, $2, $3, $4, $5, $6) returning id::int`,
    [themeId, p.title, p.categories, p.terms, p.streetIds, ctx.now()],
  )).rows[0].id;
}

/** 每月一题: the district (or the citywide hotline supervisor for a district) opens a theme. */
export async function createTheme(ctx: Ctx, input: CreateThemeInput): Promise<MonthlyThemeRow> {
  const actor = ctx.actor;
  if (!actor) throw forbidden('Sign in first.', '请先登录。');
  const own = districtIds(actor);
  const districtId = input.districtId ?? own[0];
  if (!(isCitywide(actor) && actor.grants.some((g) => g.role === 'hotline_supervisor')) && !own.includes(districtId ?? -1)) {
    throw forbidden('Only the district (district supervisor or hotline supervisor) opens a monthly theme.', '仅区级（区督办或热线督办）可以设立每月一题。');
  }
  if (!districtId) throw new AppError('bad_request', 'districtId is required.', { field: 'districtId' }, '请指定所属区。');
  const d = await requireUnit(ctx.db, districtId, 'districtId');
  if (d.kind !== 'district') throw new AppError('bad_request', `Unit ${districtId} is not a district.`, { field: 'districtId' }, '所选单位不是区。');
  await requireUnit(ctx.db, input.leadUnitId, 'leadUnitId');
  return ctx.db.transaction(async (tx) => {
    const grant = actor.grants.find((g) => g.role === 'district_supervisor' || g.role === 'hotline_supervisor') ?? null;
    const t = (await tx.query<MonthlyThemeRow>(
      `insert into monthly_themes(title, month, summary, district_id, lead_unit_id, source, status, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, 'active', $7, $8, $8) returning *`,
      [input.title, input.month, input.summary, districtId, input.leadUnitId, input.source ? JSON.stringify(input.source) : null, actor.userId, ctx.now()],
    )).rows[0];
    for (const p of input.problems) await insertProblem(tx, ctx, t.id, p);
    await appendThemeEvent(tx, ctx, t.id, { type: 'theme.created', action: 'create', grant, to: 'active', data: { fromCluster: !!input.source, problems: input.problems.length } });
    await notify(tx, ctx, {
      kind: 'theme.lead_assigned', subjectKind: 'theme', subjectId: t.id, unitIds: [input.leadUnitId], link: themeLink(t.id),
      title: { zh: `每月一题牵头：${t.title}`, en: `Monthly theme to lead: ${t.title}` },
    });
    return t;
  });
}

const TASK_COLUMNS = 'select * from theme_tasks where id = $1';

/** Runs one theme action: commands that need the clock or notifications are built here with ctx. */
export async function runThemeAction<K extends ThemeAction>(ctx: Ctx, id: number, action: K, input: ThemeActionInputs[K]): Promise<MonthlyThemeRow> {
  const taskId = 'taskId' in input ? (input as { taskId: number }).taskId : null;
  return transitionTheme(ctx, id, action, input.version, taskId, withCtx(ctx, action, input));
}

function withCtx<K extends ThemeAction>(ctx: Ctx, action: K, input: ThemeActionInputs[K]): ThemeApply {
  const now = ctx.now();
  switch (action) {
    case 'add_problem':
      return async (tx, t) => {
        const n = (await tx.query<{ n: number }>('select count(*)::int as n from theme_problems where theme_id = $1', [t.id])).rows[0].n;
        if (n >= 3) throw new AppError('bad_request', 'A monthly theme has at most 3 problems.', { problems: n }, '每月一题最多包含3个具体问题。');
        const p = input as ThemeActionInputs['add_problem'];
        return { data: { problemId: await insertProblem(tx, ctx, t.id, p), title: p.title } };
      };
    case 'add_task':
      return async (tx, t) => addTask(tx, ctx, t, input as ThemeActionInputs['add_task']);
    case 'complete_task':
      return async (tx, t) => {
        const i = input as ThemeActionInputs['complete_task'];
        await tx.query(`update theme_tasks set status = 'done', done_at = $2, progress = coalesce($3, progress) where id = $1`, [i.taskId, now, i.progress ?? null]);
        await cancelTimers(tx, THEME_TASK, [i.taskId]);
        const task = (await tx.query<ThemeTaskRow>(TASK_COLUMNS, [i.taskId])).rows[0];
        await notify(tx, ctx, {
          kind: 'theme.task_completed', subjectKind: 'theme', subjectId: t.id, unitIds: [t.district_id], roles: ['district_supervisor'], link: themeLink(t.id),
          title: { zh: `任务完成：${task.title}（${t.title}）`, en: `Task done: ${task.title} (${t.title})` },
        });
        return { data: { taskId: i.taskId, late: task.overdue } };
      };
    case 'add_policy':
      return async (tx, t) => {
        const i = input as ThemeActionInputs['add_policy'];
        const id = (await tx.query<{ id: number }>(
          `insert into theme_policies(theme_id, title, issued_on, text, link, created_at) values ($1, $2, $3, $4, $5, $6) returning id::int`,
          [t.id, i.title, i.issuedOn, i.text, i.link ?? null, now],
        )).rows[0].id;
        return { data: { policyId: id, title: i.title, issuedOn: i.issuedOn } };
      };
    case 'update_task':
      return async (tx) => {
        const i = input as ThemeActionInputs['update_task'];
        await tx.query('update theme_tasks set progress = $2 where id = $1', [i.taskId, i.progress]);
        return { data: { taskId: i.taskId, progress: i.progress } };
      };
    case 'close':
      return async () => {
        const result = (input as ThemeActionInputs['close']).result ?? null;
        return { to: 'closed', patch: { result, closed_at: now }, data: { result } };
      };
  }
  throw new Error(`theme action without a command: ${action}`);
}

async function addTask(tx: Queryable, ctx: Ctx, t: MonthlyThemeRow, i: ThemeActionInputs['add_task']) {
  const now = ctx.now();
  if (i.dueAt.getTime() <= now.getTime()) throw new AppError('bad_request', 'The due date must be in the future.', { field: 'dueAt' }, '完成时限须晚于当前时间。');
  const owner = await requireUnit(tx, i.ownerUnitId, 'ownerUnitId');
  if (i.problemId && !(await tx.query('select 1 from theme_problems where id = $1 and theme_id = $2', [i.problemId, t.id])).rows.length) {
    throw new AppError('bad_request', `Problem ${i.problemId} is not part of this theme.`, { field: 'problemId' }, '该问题不属于本主题。');
  }
  const task = (await tx.query<ThemeTaskRow>(
    `insert into theme_tasks(theme_id, problem_id, title, owner_unit_id, due_at, status, created_at) values ($1, $2, $3, $4, $5, 'open', $6) returning *`,
    [t.id, i.problemId ?? null, i.title, i.ownerUnitId, i.dueAt, now],
  )).rows[0];
  const warnAt = new Date(Math.max(now.getTime(), i.dueAt.getTime() - WARN_BEFORE_MS));
  await scheduleTimers(tx, THEME_TASK, [
    ...(warnAt < i.dueAt && i.dueAt.getTime() - now.getTime() > WARN_BEFORE_MS ? [{ subjectId: task.id, stage: 'task', kind: 'warn' as const, fireAt: warnAt }] : []),
    { subjectId: task.id, stage: 'task', kind: 'due', fireAt: i.dueAt },
  ]);
  await notify(tx, ctx, {
    kind: 'theme.task_assigned', subjectKind: 'theme', subjectId: t.id, unitIds: [i.ownerUnitId], link: themeLink(t.id),
    title: { zh: `每月一题任务：${i.title}`, en: `Monthly theme task: ${i.title}` }, data: { taskId: task.id, dueAt: i.dueAt },
  });
  return { data: { taskId: task.id, title: i.title, ownerUnitId: i.ownerUnitId, ownerName: owner.name, dueAt: i.dueAt } };
}
