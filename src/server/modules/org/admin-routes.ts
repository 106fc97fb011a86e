import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { hasRole } from '../../lib/ctx.ts';
import { forbidden } from '../../lib/errors.ts';
import { createUser, resetPassword, UserInput } from './user-commands.ts';

const Created = z.object({ id: z.number(), username: z.string(), password: z.string() });

export const adminRoutes = router();

function requireAdmin(c: Parameters<typeof requireActor>[0]) {
  if (!hasRole(requireActor(c), 'admin')) throw forbidden('Only administrators manage accounts.', '仅管理员可管理账号。');
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
    requireAdmin(c);
    return c.json(await createUser(c.get('ctx').db, c.req.valid('json')), 201);
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
      body: { content: { 'application/json': { schema: z.object({ password: z.string().min(8).max(200).optional() }) } }, required: true },
    },
    responses: { 200: json(Created, 'Reset; the password is shown this once'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireAdmin(c);
    return c.json(await resetPassword(c.get('ctx').db, c.req.valid('param').username, c.req.valid('json').password), 200);
  },
);
