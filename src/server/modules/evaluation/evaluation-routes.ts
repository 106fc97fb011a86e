import { createRoute, z } from '@hono/zod-openapi';
import { json, router, STANDARD_ERRORS } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { getRanking, getScore, getTrend } from './evaluation-queries.ts';
import { DrillRow, getDrilldown, removedOrders } from './drilldown-queries.ts';
import { getIndicators } from './indicator-queries.ts';
import { DrillQuery, GroupQuery, PeriodQuery, RankingSchema, ScoreSchema, UnitIdQuery } from './evaluation-schemas.ts';
import { evaluationAdminRoutes } from './evaluation-admin-routes.ts';
import { evaluationExportRoutes } from './evaluation-export-routes.ts';
import { dimensionRoutes } from './dimension-routes.ts';
import { reportRoutes } from './report-routes.ts';
import { evaluatedUnitFor } from './evaluation-access.ts';
import { periodBounds, policyKindOf } from './evaluation-policy.ts';
import { loadPolicies } from './evaluation-rollups.ts';

export const evaluationRoutes = router();
const tags = ['evaluation'];

evaluationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/scores',
    tags,
    summary: 'A unit’s 三率 and composite for the period ending in a month, under the policy in force for it',
    request: { query: z.object({ period: PeriodQuery, unitId: UnitIdQuery }) },
    responses: { 200: json(ScoreSchema, 'The figures'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    const q = c.req.valid('query');
    return c.json(await getScore(c.get('ctx'), q.unitId, q.period), 200);
  },
);

evaluationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/trend',
    tags,
    summary: 'A unit’s figures for the twelve periods up to the given one, oldest first',
    request: { query: z.object({ period: PeriodQuery, unitId: UnitIdQuery }) },
    responses: { 200: json(z.object({ items: z.array(ScoreSchema) }), 'The trend'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    const q = c.req.valid('query');
    return c.json({ items: await getTrend(c.get('ctx'), q.unitId, q.period) }, 200);
  },
);

evaluationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/rankings',
    tags,
    summary: 'The live monthly ranking of a group (units the caller may see), with rank change and lagging units',
    request: { query: z.object({ period: PeriodQuery, group: GroupQuery }) },
    responses: { 200: json(RankingSchema, 'The ranking'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    const q = c.req.valid('query');
    return c.json(await getRanking(c.get('ctx'), q.group, q.period), 200);
  },
);

evaluationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/drilldown',
    tags,
    summary: 'The orders and callbacks behind a unit’s rates in a period, filtered by what a rate counts',
    request: { query: DrillQuery },
    responses: {
      200: json(z.object({ items: z.array(DrillRow), total: z.number(), next: z.string().nullable() }), 'One page'),
      ...STANDARD_ERRORS,
    },
  }),
  async (c) => {
    requireActor(c);
    return c.json(await getDrilldown(c.get('ctx'), c.req.valid('query')), 200);
  },
);

evaluationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/removed',
    tags,
    summary: 'Orders the unit led that the counting rules removed in the period (approved 剔单)',
    request: { query: z.object({ period: PeriodQuery, unitId: UnitIdQuery }) },
    responses: {
      200: json(z.object({ items: z.array(z.object({ orderId: z.number(), code: z.string(), title: z.string(), reason: z.string().nullable() })) }), 'Removed orders'),
      ...STANDARD_ERRORS,
    },
  }),
  async (c) => {
    requireActor(c);
    const q = c.req.valid('query');
    const ctx = c.get('ctx');
    const unit = await evaluatedUnitFor(ctx.db, ctx.actor, q.unitId);
    const { start, end } = periodBounds(await loadPolicies(ctx.db), policyKindOf(unit.kind)!, q.period);
    return c.json({ items: await removedOrders(ctx.db, unit.id, start, end) }, 200);
  },
);

evaluationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/indicators',
    tags,
    summary: 'Further indicators: on-time sign-for and feedback, disputes, extensions, repeat requests, 诉求比',
    request: { query: z.object({ period: PeriodQuery, unitId: UnitIdQuery }) },
    responses: {
      200: json(
        z.object({
          unitId: z.number(),
          period: z.string(),
          periodStart: z.string(),
          periodEnd: z.string(),
          items: z.array(z.object({ key: z.string(), value: z.number().nullable(), numerator: z.number(), denominator: z.number() })),
        }),
        'Indicators',
      ),
      ...STANDARD_ERRORS,
    },
  }),
  async (c) => {
    requireActor(c);
    const q = c.req.valid('query');
    return c.json(await getIndicators(c.get('ctx'), q.unitId, q.period), 200);
  },
);

evaluationRoutes.route('/', evaluationAdminRoutes);
evaluationRoutes.route('/', evaluationExportRoutes);
evaluationRoutes.route('/', dimensionRoutes);
evaluationRoutes.route('/', reportRoutes);
