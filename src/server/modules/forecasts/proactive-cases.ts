import type { Queryable } from '../../db/client.ts';
import { hasRole, type Ctx } from '../../lib/ctx.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { notify } from '../notifications/notify.ts';
import { districtIds, isCitywide, staffUnitIds } from '../themes/theme-access.ts';
import { alertVisibleWhere } from './forecast-alerts.ts';
import type { ForecastAlertRow, ProactiveCaseEventRow, ProactiveCaseRow } from './forecast-tables.ts';
import { allowedCaseActions, CASE_EVENT_TYPES, decideCase, PROACTIVE_CASE_WORKFLOW, type CaseFacts, type ProactiveCaseAction } from './proactive-case-workflow.ts';

const link = (id: number) => `/console/forecasts/cases/${id}`;
const facts = (c: ProactiveCaseRow): CaseFacts => ({ status: c.status, assignedUnitId: c.assigned_unit_id, streetId: c.street_id, districtId: c.district_id });

async function appendCaseEvent(tx: Queryable, ctx: Ctx, caseId: number, e: { type: string; from?: string | null; to?: string | null; note?: string | null; data?: Record<string, unknown> }) {
  const grant = ctx.actor?.grants[0] ?? null;
  await tx.query(
    `insert into proactive_case_events(case_id, type, actor_id, actor_role, actor_unit_id, at, from_status, to_status, note, data) values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
    [caseId, e.type, ctx.actor?.userId ?? null, grant?.role ?? null, grant?.unitId ?? null, ctx.now(), e.from ?? null, e.to ?? null, e.note ?? null, JSON.stringify(e.data ?? {})],
  );
}

/** Who sees a case: the assigned unit, its street and district, the citywide supervisors. A SQL condition on alias `c`. */
function caseVisibleWhere(ctx: Ctx, params: unknown[]): string {
  const actor = ctx.actor;
  if (!actor || actor.kind !== 'staff') return 'false';
  if (isCitywide(actor)) return 'true';
  params.push(districtIds(actor), staffUnitIds(actor));
  const [d, u] = [`$${params.length - 1}::int[]`, `$${params.length}::int[]`];
  return `(c.district_id = any(${d}) or c.street_id = any(${u}) or c.assigned_unit_id = any(${u}))`;
}

/** 未诉先办: an alert becomes a case for a street or department, before the calls come. */
export async function openCaseFromAlert(ctx: Ctx, alertId: number, input: { assignedUnitId: number; title?: string; description?: string }): Promise<ProactiveCaseRow> {
  const actor = ctx.actor;
  if (!actor || !hasRole(actor, 'district_supervisor', 'hotline_supervisor', 'street_staff')) {
    throw forbidden('Only the district or the street acts on a forecast alert.', '仅区级或街道可以将预警转为主动治理任务。');
  }
  return ctx.db.transaction(async (tx) => {
    const params: unknown[] = [alertId];
    const a = (await tx.query<ForecastAlertRow & { street_name: string }>(
      `select a.*, to_char(a.week_start, 'YYYY-MM-DD') as week_start, s.name as street_name from forecast_alerts a join units s on s.id = a.street_id
        where a.id = $1 and ${alertVisibleWhere(ctx, params)} for update of a`,
      params,
    )).rows[0];
    if (!a) throw notFound('forecast alert', alertId);
    if (a.status !== 'open') throw new AppError('invalid_transition', `Alert ${alertId} is ${a.status}.`, { status: a.status }, '该预警已处理。');
    const unit = (await tx.query<{ id: number; name: string }>('select id, name from units where id = $1', [input.assignedUnitId])).rows[0];
    if (!unit) throw new AppError('bad_request', `Unknown unit ${input.assignedUnitId}.`, { field: 'assignedUnitId' }, '承办单位不存在。');
    const title = input.title ?? `${a.street_name}：预计 ${a.week_start} 当周诉求升至 ${Math.round(a.expected)} 件（近期每周 ${Math.round(a.recent_weekly)} 件）`;
    const c = (await tx.query<ProactiveCaseRow>(
      `insert into proactive_cases(alert_id, title, description, category, street_id, district_id, assigned_unit_id, status, created_by, created_at, updated_at)
       values ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $9) returning *`,
      [a.id, title, input.description ?? '', a.category, a.street_id, a.district_id, unit.id, actor.userId, ctx.now()],
    )).rows[0];
    await tx.query(`update forecast_alerts set status = 'converted' where id = $1`, [a.id]);
    await appendCaseEvent(tx, ctx, c.id, { type: 'proactive_case.opened', to: 'open', data: { alertId: a.id, weekStart: a.week_start, expected: a.expected, recentWeekly: a.recent_weekly } });
    await notify(tx, ctx, {
      kind: 'proactive_case.assigned', subjectKind: 'proactive_case', subjectId: c.id, unitIds: [unit.id], link: link(c.id),
      title: { zh: `主动治理任务：${title}`, en: `Proactive case: ${title}` },
    });
    return c;
  });
}

export async function actOnCase(ctx: Ctx, id: number, action: ProactiveCaseAction, input: { version: number; note: string }): Promise<ProactiveCaseRow> {
  return ctx.db.transaction(async (tx) => {
    const params: unknown[] = [id];
    const c = (await tx.query<ProactiveCaseRow>(`select * from proactive_cases c where c.id = $1 and ${caseVisibleWhere(ctx, params)} for update`, params)).rows[0];
    if (!c) throw notFound('proactive case', id);
    const d = decideCase(action, facts(c), ctx.actor);
    if (!d.ok && d.reason === 'forbidden') throw forbidden(`You may not ${action} this case.`, '您无权执行该操作。', { action });
    if (c.version !== input.version) throw new AppError('version_conflict', 'The case changed since you loaded it.', { expected: input.version, actual: c.version }, '该任务已被他人更新，请刷新后重试。');
    if (!d.ok) throw new AppError('invalid_transition', `Cannot ${action} a case in status ${c.status}.`, { action, status: c.status }, '当前状态下不能执行该操作。');
    const to = PROACTIVE_CASE_WORKFLOW[action].to;
    const updated = (await tx.query<ProactiveCaseRow>(
      `update proactive_cases set status = $2, version = version + 1, updated_at = $3, result = case when $2 = 'done' then $4 else result end where id = $1 returning *`,
      [id, to, ctx.now(), input.note],
    )).rows[0];
    await appendCaseEvent(tx, ctx, id, { type: CASE_EVENT_TYPES[action], from: c.status, to, note: input.note });
    return updated;
  });
}

export async function listCases(ctx: Ctx) {
  const params: unknown[] = [];
  const rows = (await ctx.db.query<ProactiveCaseRow & { unit_name: string; street_name: string | null; events: ProactiveCaseEventRow[] }>(
    `select c.*, u.name as unit_name, s.name as street_name,
            coalesce((select json_agg(e order by e.id) from proactive_case_events e where e.case_id = c.id), '[]') as events
       from proactive_cases c join units u on u.id = c.assigned_unit_id left join units s on s.id = c.street_id
      where ${caseVisibleWhere(ctx, params)} order by (c.status = 'done'), c.created_at desc limit 200`,
    params,
  )).rows;
  return {
    items: rows.map((c) => ({
      id: Number(c.id), alertId: c.alert_id === null ? null : Number(c.alert_id), title: c.title, description: c.description, category: c.category,
      streetId: c.street_id, streetName: c.street_name, assignedUnitId: c.assigned_unit_id, assignedUnitName: c.unit_name, status: c.status, result: c.result,
      version: c.version, createdAt: c.created_at.toISOString(), allowedActions: allowedCaseActions(facts(c), ctx.actor),
      events: c.events.map((e) => ({ type: e.type, at: new Date(e.at).toISOString(), from: e.from_status, to: e.to_status, note: e.note })),
    })),
  };
}
export type CaseList = Awaited<ReturnType<typeof listCases>>;
