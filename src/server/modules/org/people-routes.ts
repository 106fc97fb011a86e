import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json } from '../../http/openapi.ts';
import { ROLES, type Role } from '../../lib/ctx.ts';
import { callerIp } from '../../http/guards.ts';
import { queryId } from '../../http/input-schemas.ts';
import { requireAdmin } from './admin-routes.ts';
import { listChanges, OrgChange } from './org-history.ts';
import { getUserView, listUsers, UserView } from './user-queries.ts';
import { updateUser, UserPatch } from './user-edit-commands.ts';

/** Accounts and their roles for the administration pages: list, read, change, history. Administrators only (they are citywide). */
export const peopleRoutes = router();

const Username = z.object({ username: z.string().max(40).openapi({ param: { name: 'username', in: 'path' } }) });
const HistoryQuery = z.object({ before: queryId().optional().openapi({ description: 'page on: changes older than this id' }), limit: z.coerce.number().int().min(1).max(200).default(50) });

peopleRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/users',
    tags: ['organisation'],
    summary: 'Accounts with their roles (admin): search by username, name or phone; filter by unit (with its sub-units), role, state and kind; paged',
    request: {
      query: z.object({
        q: z.string().trim().max(50).optional(),
        unitId: queryId().optional(),
        role: z.enum(ROLES as [Role, ...Role[]]).optional(),
        active: z.enum(['true', 'false']).optional(),
        kind: z.enum(['staff', 'citizen']).optional(),
        page: z.coerce.number().int().min(1).max(10_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(100).default(25),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(UserView), total: z.number() }), 'Accounts'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireAdmin(c);
    return c.json(await listUsers(c.get('ctx').db, c.req.valid('query')), 200);
  },
);

peopleRoutes.openapi(
  createRoute({ method: 'get', path: '/api/users/{username}', tags: ['organisation'], summary: 'One account with its roles (admin)', request: { params: Username }, responses: { 200: json(UserView, 'The account'), ...STANDARD_ERRORS } }),
  async (c) => {
    requireAdmin(c);
    return c.json(await getUserView(c.get('ctx').db, c.req.valid('param').username), 200);
  },
);

peopleRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/api/users/{username}',
    tags: ['organisation'],
    summary: 'Change an account’s name, phone, language, roles or state (admin); deactivating ends its sessions. At least one active administrator remains (409 last_admin); nobody deactivates themself (409 self_lockout)',
    request: { params: Username, body: { content: { 'application/json': { schema: UserPatch } }, required: true } },
    responses: { 200: json(UserView, 'The account as changed'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const admin = requireAdmin(c);
    const ctx = c.get('ctx');
    return c.json(await updateUser(ctx.db, c.req.valid('param').username, c.req.valid('json'), { at: ctx.now(), actorId: admin.userId, ip: callerIp(c) }), 200);
  },
);

peopleRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/users/{username}/history',
    tags: ['organisation'],
    summary: 'Every change of an account, newest first: who, when, the fields before and after (admin)',
    request: { params: Username, query: HistoryQuery },
    responses: { 200: json(z.object({ items: z.array(OrgChange) }), 'Changes'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireAdmin(c);
    const db = c.get('ctx').db;
    const user = await getUserView(db, c.req.valid('param').username);
    return c.json({ items: await listChanges(db, 'user', user.id, c.req.valid('query')) }, 200);
  },
);
