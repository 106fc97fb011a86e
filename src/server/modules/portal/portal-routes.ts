import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { AppError } from '../../lib/errors.ts';
import { intakeWorkOrder } from '../work-orders/intake-work-order.ts';
import { IntakeInput, RequesterInput } from '../work-orders/work-order-schemas.ts';
import { trackRequest, listMyRequests } from './portal-queries.ts';

const PortalRequest = IntakeInput.pick({ requestType: true, title: true, text: true, location: true, attachments: true })
  .extend({
    channel: z.enum(['web', 'app', 'wechat']).default('web'),
    requester: RequesterInput,
  })
  .strict()
  .openapi('PortalRequest');

const Tracking = z.looseObject({ code: z.string(), status: z.string() }).openapi('PortalTracking');

export const portalRoutes = router();

portalRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/portal/requests',
    tags: ['portal'],
    summary: 'A citizen files a request (signed in, or with a phone number to track it by)',
    request: {
      headers: z.object({ 'idempotency-key': z.string().min(8).max(200).optional() }),
      body: { content: { 'application/json': { schema: PortalRequest } }, required: true },
    },
    responses: { 201: json(z.object({ code: z.string(), status: z.string() }), 'Filed'), 200: json(z.object({ code: z.string(), status: z.string() }), 'Replayed'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const body = c.req.valid('json');
    if (!ctx.actor && !body.requester.phone) {
      throw new AppError('validation_failed', 'Give a phone number, or sign in, so the request can be tracked and called back.', { field: 'requester.phone' }, '请填写手机号或登录，以便查询进度和回访。');
    }
    const { order, replayed } = await intakeWorkOrder(ctx, { ...body, urgency: 'general' }, c.req.valid('header')['idempotency-key'], 'portal');
    return c.json({ code: order.code, status: order.status }, replayed ? 200 : 201);
  },
);

portalRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/portal/requests/{code}',
    tags: ['portal'],
    summary: 'Track a request by its code and the phone number given (or as its signed-in requester)',
    request: {
      params: z.object({ code: z.string().regex(/^GD\d{14}$/, 'a work-order code such as GD20261122000001').openapi({ param: { name: 'code', in: 'path' } }) }),
      query: z.object({ phone: z.string().max(30).optional() }),
    },
    responses: { 200: json(Tracking, 'Progress'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    return c.json(await trackRequest(ctx.db, c.req.valid('param').code, c.req.valid('query').phone ?? null, ctx.actor), 200);
  },
);

portalRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/portal/my-requests',
    tags: ['portal'],
    summary: 'A signed-in citizen’s own requests',
    responses: { 200: json(z.object({ items: z.array(Tracking) }), 'Own requests'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    return c.json({ items: await listMyRequests(c.get('ctx').db, actor) }, 200);
  },
);
