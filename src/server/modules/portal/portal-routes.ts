import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, TOO_MANY_REQUESTS, json } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { AppError } from '../../lib/errors.ts';
import { intakeWorkOrder } from '../work-orders/intake-work-order.ts';
import { IntakeInput, RequesterInput } from '../work-orders/work-order-schemas.ts';
import { trackRequest, listMyRequests } from './portal-queries.ts';
import { trackingSecretFor } from './tracking-secret.ts';
import { callerIp, GUARD_RULES, refuseWhileLocked } from '../../http/guards.ts';
import { tooManyRequests } from '../../http/throttle.ts';

const PortalRequest = IntakeInput.pick({ requestType: true, title: true, text: true, location: true, attachments: true })
  .extend({
    channel: z.enum(['web', 'app', 'wechat']).default('web'),
    requester: RequesterInput,
  })
  .strict()
  .openapi('PortalRequest');

const Filed = z.object({ code: z.string(), status: z.string(), trackingSecret: z.string().openapi({ description: 'shown once to the requester; with the code it opens the tracking page' }) });
const WHAT = { en: 'tracking attempts', zh: '查询' };

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
    responses: { 201: json(Filed, 'Filed'), 200: json(Filed, 'Replayed'), 429: TOO_MANY_REQUESTS, ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const body = c.req.valid('json');
    if (!ctx.actor && !body.requester.phone) {
      throw new AppError('validation_failed', 'Give a phone number, or sign in, so the request can be tracked and called back.', { field: 'requester.phone' }, '请填写手机号或登录，以便查询进度和回访。');
    }
    if (!ctx.actor) {
      // Anonymous filing stores up to 10 MB a time: a quota per address and per phone number.
      const g = c.get('guards');
      const phone = body.requester.phone!.replace(/\D/g, '');
      const wait = (await g.limiter.take([`file:ip:${callerIp(c)}`], GUARD_RULES.fileIp)) || (await g.limiter.take([`file:phone:${phone}`], GUARD_RULES.filePhone));
      if (wait) throw tooManyRequests(wait, { en: 'requests filed', zh: '提交诉求' });
    }
    const { order, replayed } = await intakeWorkOrder(ctx, { ...body, urgency: 'general' }, c.req.valid('header')['idempotency-key'], 'portal');
    return c.json({ code: order.code, status: order.status, trackingSecret: await trackingSecretFor(ctx.db, order.id) }, replayed ? 200 : 201);
  },
);

portalRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/portal/requests/{code}',
    tags: ['portal'],
    summary: 'Track a request by its code and the tracking secret given at filing (or as its signed-in requester)',
    description: 'Five wrong secrets for one code, or twenty from one address, lock further tries with a growing wait (429 too_many_requests, Retry-After).',
    request: {
      params: z.object({ code: z.string().regex(/^GD\d{14,}$/, 'a work-order code such as GD20261122000001').max(40).openapi({ param: { name: 'code', in: 'path' } }) }),
      query: z.object({ secret: z.string().max(40).optional().openapi({ description: 'the tracking secret, e.g. 7K3QD-M9XPA' }) }),
    },
    responses: { 200: json(Tracking, 'Progress'), 429: TOO_MANY_REQUESTS, ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const g = c.get('guards');
    const code = c.req.valid('param').code;
    const keys = [`track:code:${code}`, `track:ip:${callerIp(c)}`];
    await refuseWhileLocked(g, keys.slice(0, 1), WHAT);
    await refuseWhileLocked(g, keys.slice(1), WHAT);
    try {
      const r = await trackRequest(ctx.db, code, c.req.valid('query').secret ?? null, ctx.actor);
      await g.limiter.succeed(keys.slice(0, 1));
      return c.json(r, 200);
    } catch (e) {
      if (e instanceof AppError && e.code === 'not_found') {
        await g.limiter.fail(keys.slice(0, 1), GUARD_RULES.trackCode);
        await g.limiter.fail(keys.slice(1), GUARD_RULES.trackIp);
      }
      throw e;
    }
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
