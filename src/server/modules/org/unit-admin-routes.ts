import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json, IdParam } from '../../http/openapi.ts';
import { callerIp } from '../../http/guards.ts';
import { queryId } from '../../http/input-schemas.ts';
import { notFound } from '../../lib/errors.ts';
import { requireAdmin } from './admin-routes.ts';
import { listChanges, OrgChange } from './org-history.ts';
import { createUnit, UnitCreate, UnitPatch, updateUnit } from './unit-commands.ts';
import { getUnit } from './unit-queries.ts';

/** Creating and changing units of the organisation tree, and their history (admin). */
export const unitAdminRoutes = router();

const Unit = z.looseObject({ id: z.number(), code: z.string(), name: z.string(), kind: z.string(), version: z.number() }).openapi('AdminUnit');

unitAdminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/units',
    tags: ['organisation'],
    summary: 'Create a unit under an active parent, of a kind that level admits (admin)',
    request: { body: { content: { 'application/json': { schema: UnitCreate } }, required: true } },
    responses: { 201: json(Unit, 'Created'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const admin = requireAdmin(c);
    const ctx = c.get('ctx');
    const id = await createUnit(ctx.db, c.req.valid('json'), { at: ctx.now(), actorId: admin.userId, ip: callerIp(c) });
    return c.json((await getUnit(ctx.db, id))!, 201);
  },
);

unitAdminRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/api/units/{id}',
    tags: ['organisation'],
    summary:
      'Rename a unit, set its short name or phone, deactivate or reactivate it (admin). Deactivating is refused (409 unit_in_use, with the counts) while it has active sub-units, active accounts or open work orders: move them first',
    request: { params: IdParam, body: { content: { 'application/json': { schema: UnitPatch } }, required: true } },
    responses: { 200: json(Unit, 'The unit as changed'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const admin = requireAdmin(c);
    const ctx = c.get('ctx');
    const id = c.req.valid('param').id;
    await updateUnit(ctx.db, id, c.req.valid('json'), { at: ctx.now(), actorId: admin.userId, ip: callerIp(c) });
    return c.json((await getUnit(ctx.db, id))!, 200);
  },
);

unitAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/units/{id}/history',
    tags: ['organisation'],
    summary: 'Every change of a unit, newest first: who, when, the fields before and after (admin)',
    request: { params: IdParam, query: z.object({ before: queryId().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) }) },
    responses: { 200: json(z.object({ items: z.array(OrgChange) }), 'Changes'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireAdmin(c);
    const db = c.get('ctx').db;
    const id = c.req.valid('param').id;
    if (!(await getUnit(db, id))) throw notFound('unit', id);
    return c.json({ items: await listChanges(db, 'unit', id, c.req.valid('query')) }, 200);
  },
);
