import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { hasRole } from '../../lib/ctx.ts';
import { forbidden } from '../../lib/errors.ts';
import { createUser, resetPassword, UserInput } from './user-commands.ts';
import { listSecurityEvents } from './security-log.ts';
import { newPassword } from '../../lib/password-policy.ts';
import { callerIp } from '../../http/guards.ts';
import { queryId } from '../../http/input-schemas.ts';

const Created = z.object({ id: z.number(), username: z.string(), password: z.string() });

export const adminRoutes = router();

export function requireAdmin(c: Parameters<typeof requireActor>[0]) {
  const actor = requireActor(c);
  if (!hasRole(actor, 'admin')) throw forbidden('Only administrators manage accounts.', '仅管理员可管理账号。');
  return actor;
}

adminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/users',
    tags: ['organisation'],
    summary: 'Create an account with roles in units (admin)',
    request: { body: { content: { 'application/json': { schema: UserInput } }, required: true } },
    responses: { 201: json(Created, 'Created; the password is shown this once'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const admin = requireAdmin(c);
    const ctx = c.get('ctx');
    return c.json(await createUser(ctx.db, c.req.valid('json'), { at: ctx.now(), actorId: admin.userId, ip: callerIp(c) }), 201);
  },
);

adminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/users/{username}/reset-password',
    tags: ['organisation'],
    summary: 'Reset a password and end the user’s sessions (admin)',
    request: {
      params: z.object({ username: z.string().max(40).openapi({ param: { name: 'username', in: 'path' } }) }),
      body: { content: { 'application/json': { schema: z.object({ password: newPassword().optional() }) } }, required: true },
    },
    responses: { 200: json(Created, 'Reset; the password is shown this once'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const admin = requireAdmin(c);
    const ctx = c.get('ctx');
    return c.json(await resetPassword(ctx.db, c.req.valid('param').username, c.req.valid('json').password, { at: ctx.now(), actorId: admin.userId, ip: callerIp(c) }), 200);
  },
);

const SecurityEvent = z.looseObject({ id: z.number(), at: z.string(), type: z.string() }).openapi('SecurityEvent');

adminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/security-events',
    tags: ['organisation'],
    summary: 'The security log: sign-ins, failed and throttled sign-ins, password resets, accounts and role grants (admin), newest first',
    request: {
      query: z.object({
        type: z.enum(['login', 'login_failed', 'login_throttled', 'logout', 'password_reset', 'user_created', 'role_granted']).optional(),
        username: z.string().max(100).optional(),
        before: queryId().optional().openapi({ description: 'page on: events older than this id' }),
        limit: z.coerce.number().int().min(1).max(500).default(100),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(SecurityEvent) }), 'Events'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireAdmin(c);
    return c.json({ items: await listSecurityEvents(c.get('ctx').db, c.req.valid('query')) }, 200);
  },
);
