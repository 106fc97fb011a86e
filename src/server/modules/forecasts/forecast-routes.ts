import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { dbId } from '../../http/input-schemas.ts';
import { IdParam, json, router, STANDARD_ERRORS } from '../../http/openapi.ts';
import { requireActor, type Env } from '../../http/http-context.ts';
import { hasRole } from '../../lib/ctx.ts';
import { forbidden } from '../../lib/errors.ts';
import { ALERT_RULE, listAlerts, scanForecastAlerts } from './forecast-alerts.ts';
import { forecastSeries, loadDailySeries, loadDayKinds, nextWeekStart } from './forecast-series.ts';
import { actOnCase, listCases, openCaseFromAlert } from './proactive-cases.ts';
import { PROACTIVE_CASE_ACTIONS } from './proactive-case-workflow.ts';

export const forecastRoutes = router();

const staffOnly = (c: Context<Env>) => {
  const actor = requireActor(c);
  if (actor.kind !== 'staff') throw forbidden('Staff only.', '仅限工作人员。');
  return actor;
};

const ForecastQuery = z.object({
  streetId: z.coerce.number().int().positive().max(2_147_483_647).optional(),
  category: z.string().regex(/^\d{2}(\.\d{2}){0,2}$/).optional(),
  weeks: z.coerce.number().int().min(1).max(12).default(4),
});

forecastRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/forecasts', tags: ['forecasts'], summary: '未诉先办: expected weekly requests with an 80% interval, from history, season and holidays',
    description: 'Over the orders the caller may see, optionally one street and/or category; the last 26 weeks of actuals and the coming `weeks`.',
    request: { query: ForecastQuery },
    responses: { 200: json(z.looseObject({ forecast: z.array(z.looseObject({ weekStart: z.string(), expected: z.number() })) }), 'Forecast'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    staffOnly(c);
    const ctx = c.get('ctx');
    const q = c.req.valid('query');
    const series = [...(await loadDailySeries(ctx, { streetId: q.streetId, category: q.category, groupByKey: false })).values()][0];
    const f = forecastSeries(series?.days ?? [], await loadDayKinds(ctx.db), nextWeekStart(ctx.now()), q.weeks);
    return c.json({ streetId: q.streetId ?? null, category: q.category ?? null, level: 0.8, ...f } as never, 200);
  },
);

forecastRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/forecasts/scan', tags: ['forecasts'], summary: 'Forecast every street × category and record alerts for sharp rises (district, hotline supervisor)',
    request: {
      body: {
        content: { 'application/json': { schema: z.object({
          ratio: z.number().min(1).max(5).default(ALERT_RULE.ratio).openapi({ description: 'alert when a coming week is expected at this multiple of the recent weekly level' }),
          minIncrease: z.number().min(0).max(10_000).default(ALERT_RULE.minIncrease).openapi({ description: '…and at least this many requests above it' }),
        }) } },
        required: false,
      },
    },
    responses: { 200: json(z.object({ series: z.number(), created: z.number() }), 'Scanned'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = staffOnly(c);
    if (!hasRole(actor, 'district_supervisor', 'hotline_supervisor', 'admin')) throw forbidden('Only the district scans forecasts.', '仅区级可以运行预测预警。');
    const body = (c.req.valid('json') ?? {}) as { ratio?: number; minIncrease?: number };
    return c.json(await scanForecastAlerts(c.get('ctx'), { ratio: body.ratio ?? ALERT_RULE.ratio, minIncrease: body.minIncrease ?? ALERT_RULE.minIncrease }), 200);
  },
);

forecastRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/forecast-alerts', tags: ['forecasts'], summary: 'Alerts of your streets and district',
    request: { query: z.object({ status: z.enum(['open', 'converted', 'dismissed', 'all']).default('open') }) },
    responses: { 200: json(z.object({ items: z.array(z.looseObject({ id: z.number() })) }), 'Alerts'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    staffOnly(c);
    return c.json((await listAlerts(c.get('ctx'), c.req.valid('query'))) as never, 200);
  },
);

forecastRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/forecast-alerts/{id}/case', tags: ['forecasts'], summary: 'Turn an alert into a proactive case (主动治理) for a street or department',
    request: {
      params: IdParam,
      body: { content: { 'application/json': { schema: z.object({ assignedUnitId: dbId(), title: z.string().trim().min(1).max(300).optional(), description: z.string().trim().max(5000).optional() }) } }, required: true },
    },
    responses: { 201: json(z.looseObject({ id: z.number() }), 'Opened'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    staffOnly(c);
    const r = await openCaseFromAlert(c.get('ctx'), c.req.valid('param').id, c.req.valid('json'));
    return c.json({ id: Number(r.id), status: r.status, version: r.version, title: r.title } as never, 201);
  },
);

forecastRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/proactive-cases', tags: ['forecasts'], summary: 'Proactive cases you may see, with their events and your actions',
    responses: { 200: json(z.object({ items: z.array(z.looseObject({ id: z.number() })) }), 'Cases'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    staffOnly(c);
    return c.json((await listCases(c.get('ctx'))) as never, 200);
  },
);

for (const action of PROACTIVE_CASE_ACTIONS) {
  forecastRoutes.openapi(
    createRoute({
      method: 'post', path: `/api/proactive-cases/{id}/${action}`, tags: ['forecasts'], summary: `${action === 'start' ? '开始处置' : '办结'} ${action}`,
      request: { params: IdParam, body: { content: { 'application/json': { schema: z.object({ version: z.number().int().positive(), note: z.string().trim().min(1).max(2000) }) } }, required: true } },
      responses: { 200: json(z.looseObject({ id: z.number() }), 'The case after the action'), ...STANDARD_ERRORS },
    }),
    async (c: Context<Env>) => {
      staffOnly(c);
      const input = (c.req as unknown as { valid(t: 'json'): { version: number; note: string } }).valid('json');
      const r = await actOnCase(c.get('ctx'), Number(c.req.param('id')), action, input);
      return c.json({ id: Number(r.id), status: r.status, version: r.version } as never, 200);
    },
  );
}
