import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json, IdParam } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { listInbox, unreadCount } from './inbox-queries.ts';
import { markAllRead, markRead } from './inbox-commands.ts';

const Lang = z.object({ zh: z.string(), en: z.string() });
const Notification = z
  .object({
    id: z.number(),
    kind: z.string().openapi({ example: 'work_order.dispatched' }),
    subjectKind: z.string().openapi({ example: 'work_order' }),
    subjectId: z.number(),
    unitId: z.number().nullable().openapi({ description: 'the unit through which you were told' }),
    title: Lang,
    body: Lang.nullable(),
    link: z.string().nullable().openapi({ description: 'console path of the subject' }),
    data: z.record(z.string(), z.unknown()),
    createdAt: z.string(),
    readAt: z.string().nullable(),
  })
  .openapi('Notification');

const Query = z.object({
  unread: z
    .enum(['true', 'false'])
    .optional()
    .transform((v) => v === 'true')
    .openapi({ description: 'only unread ones' }),
  page: z.coerce.number().int().min(1).max(100_000).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
});

export const notificationRoutes = router();

notificationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/notifications',
    tags: ['notifications'],
    summary: 'Your inbox, newest first, with the unread count',
    request: { query: Query },
    responses: {
      200: json(z.object({ items: z.array(Notification), total: z.number(), unread: z.number(), page: z.number(), pageSize: z.number() }), 'A page of your notifications'),
      ...STANDARD_ERRORS,
    },
  }),
  async (c) => {
    const actor = requireActor(c);
    return c.json(await listInbox(c.get('ctx').db, actor.userId, c.req.valid('query')), 200);
  },
);

notificationRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/notifications/unread-count',
    tags: ['notifications'],
    summary: 'How many of your notifications are unread',
    responses: { 200: json(z.object({ unread: z.number() }), 'The count'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    return c.json({ unread: await unreadCount(c.get('ctx').db, actor.userId) }, 200);
  },
);

notificationRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/notifications/read-all',
    tags: ['notifications'],
    summary: 'Mark all your notifications read',
    responses: { 200: json(z.object({ updated: z.number(), unread: z.number() }), 'Marked'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    return c.json(await markAllRead(c.get('ctx'), actor.userId), 200);
  },
);

notificationRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/notifications/{id}/read',
    tags: ['notifications'],
    summary: 'Mark one of your notifications read',
    request: { params: IdParam },
    responses: { 200: json(z.object({ id: z.number(), readAt: z.string(), unread: z.number() }), 'Marked'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    return c.json(await markRead(c.get('ctx'), actor.userId, c.req.valid('param').id), 200);
  },
);
