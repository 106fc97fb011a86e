import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import { recordCallback, reopenWorkOrder } from '../work-orders/review-commands.ts';
import { addRequesterInformation } from '../work-orders/add-information.ts';
import { AttachmentInput } from '../work-orders/work-order-schemas.ts';
import { citizenProfile, ownRequest } from './portal-queries.ts';

const CodeParam = z.object({
  code: z.string().regex(/^GD\d{14,}$/, 'a work-order code such as GD20261122000001').max(40).openapi({ param: { name: 'code', in: 'path' } }),
});
const Done = z.object({ code: z.string(), status: z.string() }).openapi('PortalStep');

const OnlineCallback = z
  .object({
    contacted: z.boolean().openapi({ description: 'did the handling unit contact you?' }),
    solved: z.boolean().openapi({ description: 'is the problem solved?' }),
    satisfaction: z.enum(['satisfied', 'basically_satisfied', 'dissatisfied']),
    note: z.string().trim().max(1000).optional(),
  })
  .strict()
  .openapi('OnlineCallback');
const Rehandling = z.object({ reason: z.string().trim().min(2).max(1000) }).strict().openapi('RehandlingRequest');
const Information = z.object({ text: z.string().trim().min(2).max(2000), attachments: z.array(AttachmentInput).max(5).default([]) }).strict().openapi('AddedInformation');

/** The citizen's own request by its code: someone else's answers 404, as for tracking. */
async function mine(ctx: Ctx, code: string) {
  const actor = ctx.actor;
  if (!actor || actor.kind !== 'citizen') throw new AppError('unauthenticated', 'Sign in with your phone first.', {}, '请先用手机号登录。');
  return ownRequest(ctx.db, code, actor);
}

export const portalCitizenRoutes = router();

portalCitizenRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/portal/profile',
    tags: ['portal'],
    summary: 'The signed-in citizen’s name and phone, to prefill a new request',
    responses: { 200: json(z.object({ name: z.string().nullable(), phone: z.string().nullable() }), 'Profile'), ...STANDARD_ERRORS },
  }),
  async (c) => c.json(await citizenProfile(c.get('ctx').db, requireActor(c)), 200),
);

portalCitizenRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/portal/requests/{code}/callback',
    tags: ['portal'],
    summary: 'The requester answers the callback questions online (a valid callback of channel online)',
    request: { params: CodeParam, body: { content: { 'application/json': { schema: OnlineCallback } }, required: true } },
    responses: { 200: json(Done, 'Recorded'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const o = await mine(ctx, c.req.valid('param').code);
    const updated = await recordCallback(ctx, o.id, { ...c.req.valid('json'), valid: true, version: o.version });
    return c.json({ code: updated.code, status: updated.status }, 200);
  },
);

portalCitizenRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/portal/requests/{code}/reopen',
    tags: ['portal'],
    summary: 'The requester asks for re-handling after answering that it is not solved or that they are dissatisfied',
    request: { params: CodeParam, body: { content: { 'application/json': { schema: Rehandling } }, required: true } },
    responses: { 200: json(Done, 'Reopened'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const o = await mine(ctx, c.req.valid('param').code);
    const updated = await reopenWorkOrder(ctx, o.id, { ...c.req.valid('json'), version: o.version });
    return c.json({ code: updated.code, status: updated.status }, 200);
  },
);

portalCitizenRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/portal/requests/{code}/information',
    tags: ['portal'],
    summary: 'The requester adds information or photos to an open request',
    request: { params: CodeParam, body: { content: { 'application/json': { schema: Information } }, required: true } },
    responses: { 200: json(Done, 'Added'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    const o = await mine(ctx, c.req.valid('param').code);
    return c.json(await addRequesterInformation(ctx, o.id, c.req.valid('json')), 200);
  },
);
