import { createRoute } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import type { Actor } from '../../lib/ctx.ts';
import { forbidden } from '../../lib/errors.ts';
import { OrdersQuery, OrdersResponse, RepeatsQuery, RepeatsResponse, VolumeQuery, VolumeResponse } from './analysis-schemas.ts';
import { listAnalysisOrders } from './drilldown-queries.ts';
import { listRepeats } from './repeat-queries.ts';
import { volume } from './volume-queries.ts';

export const analysisRoutes = router();

function staff(actor: Actor): Actor {
  if (actor.kind !== 'staff') throw forbidden('Analysis is for staff.', '统计分析仅限工作人员使用。');
  return actor;
}

analysisRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/analysis/volume',
    tags: ['analysis'],
    summary: 'Orders taken in over a period, counted by one dimension, over the orders you may see',
    description:
      'by=street|community|grid (key: unit id), category (key: code), channel, requestType, day (key: YYYY-MM-DD), hour (0–23), weekday (1–7), month (YYYY-MM). ' +
      'Dates are Asia/Shanghai, both ends inclusive. compare=lastYear adds the same dates a year earlier to each item. The time dimensions list every key of the period, zeros included.',
    request: { query: VolumeQuery },
    responses: { 200: json(VolumeResponse, 'Counts by key'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = staff(requireActor(c));
    return c.json(await volume(c.get('ctx'), actor, c.req.valid('query')), 200);
  },
);

analysisRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/analysis/orders',
    tags: ['analysis'],
    summary: 'The orders behind an analysis figure (same filter and visibility), newest first, keyset-paged',
    request: { query: OrdersQuery },
    responses: { 200: json(OrdersResponse, 'A page of orders'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = staff(requireActor(c));
    return c.json(await listAnalysisOrders(c.get('ctx'), actor, c.req.valid('query')), 200);
  },
);

analysisRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/analysis/repeats',
    tags: ['analysis'],
    summary: 'Repeated requests: the same place (grid or address) or the same requester about the same matter within a window',
    description: 'Over the orders you may see in the period; a street sees the repeats among its own orders. Phones are masked unless you call requesters back.',
    request: { query: RepeatsQuery },
    responses: { 200: json(RepeatsResponse, 'Groups of repeated requests, largest first (100 at most)'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = staff(requireActor(c));
    const ctx = c.get('ctx');
    return c.json(await listRepeats(ctx.db, actor, c.req.valid('query'), undefined, ctx.now()), 200);
  },
);
