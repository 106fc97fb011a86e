import { createRoute, z } from '@hono/zod-openapi';
import { json, router, STANDARD_ERRORS } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { PeriodQuery, UnitIdQuery } from './evaluation-schemas.ts';
import { DIMENSIONS, DimensionEntries } from './dimension-map.ts';
import { currentDimensionMap, dimensionMapHistory, saveDimensionMap } from './dimension-commands.ts';
import { dimensionOrders, getDimensions } from './dimension-queries.ts';

/** 七有/五性: the mapping (versioned, edited by the hotline supervisor) and the figures per dimension and place. */
export const dimensionRoutes = router();
const tags = ['evaluation'];
const loose = z.looseObject({});

dimensionRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/dimensions',
    tags,
    summary: '七有/五性 of a district, street or township: volume, the three rates, twelve periods of trend, and the district’s streets',
    request: { query: z.object({ period: PeriodQuery, unitId: UnitIdQuery }) },
    responses: { 200: json(loose, 'Figures per dimension'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    const q = c.req.valid('query');
    return c.json(await getDimensions(c.get('ctx'), q.unitId, q.period), 200);
  },
);

dimensionRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/dimensions/orders',
    tags,
    summary: 'The orders behind a dimension of a place in a period, a keyset page at a time',
    request: {
      query: z.object({
        period: PeriodQuery,
        unitId: UnitIdQuery,
        dimension: z.enum(DIMENSIONS).openapi({ param: { name: 'dimension', in: 'query' } }),
        after: z.coerce.number().int().min(0).optional().openapi({ param: { name: 'after', in: 'query' } }),
        limit: z.coerce.number().int().min(1).max(200).optional().openapi({ param: { name: 'limit', in: 'query' } }),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(loose), next: z.number().nullable() }), 'One page'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json(await dimensionOrders(c.get('ctx'), c.req.valid('query')), 200);
  },
);

dimensionRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/dimension-map',
    tags,
    summary: 'The category → 七有/五性 mapping in force',
    responses: { 200: json(loose, 'The mapping'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json(await currentDimensionMap(c.get('ctx').db), 200);
  },
);

dimensionRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/dimension-map/history',
    tags,
    summary: 'Every version of the mapping, newest first, with what each changed',
    responses: { 200: json(z.object({ items: z.array(loose) }), 'Versions'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json({ items: await dimensionMapHistory(c.get('ctx').db) }, 200);
  },
);

dimensionRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/api/evaluation/dimension-map',
    tags,
    summary: 'Save a new version of the mapping (hotline supervisor); baseVersion guards against lost edits',
    request: {
      body: {
        content: {
          'application/json': {
            schema: z.object({ baseVersion: z.number().int().min(0), entries: DimensionEntries, note: z.string().max(500).optional() }).openapi('EvaluationDimensionMapInput'),
          },
        },
        required: true,
      },
    },
    responses: { 200: json(loose, 'The new version'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json(await saveDimensionMap(c.get('ctx'), c.req.valid('json')), 200);
  },
);
