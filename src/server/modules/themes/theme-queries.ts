import type { Ctx } from '../../lib/ctx.ts';
import { notFound } from '../../lib/errors.ts';
import { visibilityClause } from '../work-orders/work-order-access.ts';
import { themeVisibleWhere } from './theme-access.ts';
import type { MonthlyThemeEventRow, MonthlyThemeRow, ThemePolicyRow, ThemeProblemRow, ThemeTaskRow } from './theme-tables.ts';
import { loadThemeFacts } from './theme-transition.ts';
import { allowedTaskActions, allowedThemeActions } from './theme-workflow.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function presentTheme(t: MonthlyThemeRow & { lead_name?: string; district_name?: string; open_tasks?: number; overdue_tasks?: number }) {
  return {
    id: t.id, title: t.title, month: t.month, summary: t.summary, districtId: t.district_id, districtName: t.district_name ?? null,
    leadUnitId: t.lead_unit_id, leadUnitName: t.lead_name ?? null, status: t.status, result: t.result, version: t.version,
    source: t.source, createdAt: iso(t.created_at)!, closedAt: iso(t.closed_at), openTasks: t.open_tasks ?? null, overdueTasks: t.overdue_tasks ?? null,
  };
}
export type ThemeSummary = ReturnType<typeof presentTheme>;

export async function listThemes(ctx: Ctx, q: { status: 'active' | 'closed' | 'all' }): Promise<{ items: ThemeSummary[] }> {
  const params: unknown[] = [q.status];
  const where = themeVisibleWhere(ctx.actor, params);
  const rows = (await ctx.db.query<MonthlyThemeRow & { lead_name: string; district_name: string; open_tasks: number; overdue_tasks: number }>(
    `select t.*, l.name as lead_name, d.name as district_name,
            (select count(*)::int from theme_tasks x where x.theme_id = t.id and x.status = 'open') as open_tasks,
            (select count(*)::int from theme_tasks x where x.theme_id = t.id and x.status = 'open' and x.overdue) as overdue_tasks
       from monthly_themes t join units l on l.id = t.lead_unit_id join units d on d.id = t.district_id
      where ($1 = 'all' or t.status = $1) and ${where}
      order by t.created_at desc, t.id desc limit 200`,
    params,
  )).rows;
  return { items: rows.map(presentTheme) };
}

export async function getThemeDetail(ctx: Ctx, id: number) {
  const params: unknown[] = [id];
  const where = themeVisibleWhere(ctx.actor, params);
  const t = (await ctx.db.query<MonthlyThemeRow & { lead_name: string; district_name: string }>(
    `select t.*, l.name as lead_name, d.name as district_name from monthly_themes t join units l on l.id = t.lead_unit_id join units d on d.id = t.district_id
      where t.id = $1 and ${where}`,
    params,
  )).rows[0];
  if (!t) throw notFound('monthly theme', id);
  const [problems, tasks, policies, events] = await Promise.all([
    ctx.db.query<ThemeProblemRow>('select * from theme_problems where theme_id = $1 order by id', [id]),
    ctx.db.query<ThemeTaskRow & { owner_name: string }>('select x.*, u.name as owner_name from theme_tasks x join units u on u.id = x.owner_unit_id where x.theme_id = $1 order by x.id', [id]),
    ctx.db.query<ThemePolicyRow>(`select id::int, theme_id, title, to_char(issued_on, 'YYYY-MM-DD') as issued_on, text, link, created_at from theme_policies where theme_id = $1 order by issued_on, id`, [id]),
    ctx.db.query<MonthlyThemeEventRow>('select * from monthly_theme_events where theme_id = $1 order by id', [id]),
  ]);
  const facts = await loadThemeFacts(ctx.db, t);
  return {
    ...presentTheme(t),
    allowedActions: allowedThemeActions(facts, ctx.actor),
    problems: problems.rows.map((p) => ({ id: Number(p.id), title: p.title, categories: p.categories, terms: p.terms, streetIds: p.street_ids })),
    tasks: tasks.rows.map((x) => ({
      id: Number(x.id), problemId: x.problem_id === null ? null : Number(x.problem_id), title: x.title, ownerUnitId: x.owner_unit_id, ownerName: x.owner_name,
      dueAt: x.due_at.toISOString(), status: x.status, progress: x.progress, overdue: x.overdue, doneAt: iso(x.done_at),
      allowedActions: allowedTaskActions(facts, ctx.actor, Number(x.id)),
    })),
    policies: policies.rows.map((p) => ({ id: p.id, title: p.title, issuedOn: p.issued_on, text: p.text, link: p.link })),
    events: events.rows.map((e) => ({ id: Number(e.id), type: e.type, action: e.action, actorId: e.actor_id, actorRole: e.actor_role, at: e.at.toISOString(), from: e.from_status, to: e.to_status, data: e.data })),
  };
}
export type ThemeDetail = Awaited<ReturnType<typeof getThemeDetail>>;

const WEEK = 7 * 86_400_000;
export const EFFECT_WEEKS = 12;

/** Monday 00:00 Shanghai of the week holding `t`. */
export function weekStartOf(t: Date): Date {
  const shanghai = new Date(t.getTime() + 8 * 3_600_000);
  const back = (shanghai.getUTCDay() + 6) % 7;
  return new Date(Date.UTC(shanghai.getUTCFullYear(), shanghai.getUTCMonth(), shanghai.getUTCDate() - back) - 8 * 3_600_000);
}

/**
 * The effect: weekly requests about the theme's problems (their categories, terms and streets)
 * for twelve weeks before the theme and the weeks since, over the orders the caller may see.
 */
export async function themeEffect(ctx: Ctx, id: number) {
  const detail = await getThemeDetail(ctx, id);
  const start = weekStartOf(new Date(detail.createdAt));
  const from = new Date(start.getTime() - EFFECT_WEEKS * WEEK);
  const end = weekStartOf(new Date(Math.min(ctx.now().getTime(), start.getTime() + EFFECT_WEEKS * WEEK)));
  const to = new Date(end.getTime() + WEEK);
  const params: unknown[] = [from, to];
  const p = (v: unknown) => (params.push(v), `$${params.length}`);
  const matches = detail.problems
    .filter((x) => x.categories.length || x.terms.length)
    .map((x) => [
      x.categories.length ? `o.category like any(${p(x.categories.map((c) => `${c}%`))}::text[])` : 'true',
      x.terms.length ? `o.tokens && ${p(x.terms)}::text[]` : 'true',
      x.streetIds.length ? `o.street_id = any(${p(x.streetIds)}::int[])` : 'true',
    ].join(' and '));
  const counts = new Map<number, number>();
  if (matches.length) {
    const vis = visibilityClause(ctx.actor, params);
    const rows = (await ctx.db.query<{ week: Date; n: number }>(
      `select date_trunc('week', o.received_at at time zone 'Asia/Shanghai') at time zone 'Asia/Shanghai' as week, count(*)::int as n
         from work_orders o
        where o.received_at >= $1 and o.received_at < $2 and o.merged_into_id is null and ((${matches.join(') or (')})) and (${vis})
        group by 1`,
      params,
    )).rows;
    for (const r of rows) counts.set(r.week.getTime(), r.n);
  }
  const weeks: { weekStart: string; count: number; after: boolean }[] = [];
  for (let w = from.getTime(); w < to.getTime(); w += WEEK) weeks.push({ weekStart: new Date(w).toISOString(), count: counts.get(w) ?? 0, after: w >= start.getTime() });
  const avg = (xs: number[]) => (xs.length ? +(xs.reduce((s, x) => s + x, 0) / xs.length).toFixed(2) : null);
  return {
    themeId: id, startedAt: start.toISOString(), weeks,
    beforeWeekly: avg(weeks.filter((w) => !w.after).map((w) => w.count)),
    afterWeekly: avg(weeks.filter((w) => w.after).map((w) => w.count)),
  };
}
export type ThemeEffect = Awaited<ReturnType<typeof themeEffect>>;
