import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json, IdParam } from '../../../http/openapi.ts';
import { callerIp } from '../../../http/guards.ts';
import { queryId } from '../../../http/input-schemas.ts';
import { notFound } from '../../../lib/errors.ts';
import { requireAdmin } from '../../org/admin-routes.ts';
import { OrgChange } from '../../org/org-history.ts';
import { BoundaryInput, replaceBoundary } from './boundary-commands.ts';
import { getUnitFeature } from './geo-features.ts';
import { Feature } from './geo-routes.ts';
import { listGeoChanges } from './geo-history.ts';
import { createPlace, PlaceCreate, PlacePatch, updatePlace } from './place-commands.ts';
import { AdminPlace, getPlace, listPlaces } from './place-queries.ts';

/** What administrators edit of the geography: gazetteer places (地名库: list, create, correct, retire) and unit boundaries, with the history of each. */
export const geoAdminRoutes = router();

export const HistoryQuery = z.object({ before: queryId().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

geoAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/geo/gazetteer',
    tags: ['geography'],
    summary: 'Gazetteer places by a fragment of their name or alias, under a unit, active or retired; by name (admin)',
    request: {
      query: z.object({
        q: z.string().trim().max(60).optional(),
        unitId: queryId().optional(),
        state: z.enum(['active', 'retired', 'all']).default('active'),
        page: z.coerce.number().int().min(1).max(10_000).default(1),
        pageSize: z.coerce.number().int().min(1).max(100).default(20),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(AdminPlace), total: z.number() }), 'Places'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireAdmin(c);
    const f = c.req.valid('query');
    return c.json(await listPlaces(c.get('ctx').db, { ...f, q: f.q || undefined }), 200);
  },
);

geoAdminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/geo/gazetteer',
    tags: ['geography'],
    summary:
      'Add a place to the gazetteer (admin). Refused: unknown_unit (not an active grid, community or street), duplicate_name (an active place of that name in the unit), outside_city (the point is in no district)',
    request: { body: { content: { 'application/json': { schema: PlaceCreate } }, required: true } },
    responses: { 201: json(AdminPlace, 'Created; addresses and request texts resolve to it from the next request'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const admin = requireAdmin(c);
    const ctx = c.get('ctx');
    const id = await createPlace(ctx.db, c.req.valid('json'), { at: ctx.now(), actorId: admin.userId, ip: callerIp(c) });
    return c.json((await getPlace(ctx.db, id))!, 201);
  },
);

geoAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/geo/gazetteer/{id}',
    tags: ['geography'],
    summary: 'One gazetteer place, active or retired (admin)',
    request: { params: IdParam },
    responses: { 200: json(AdminPlace, 'The place'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireAdmin(c);
    const id = c.req.valid('param').id;
    const p = await getPlace(c.get('ctx').db, id);
    if (!p) throw notFound('place', id);
    return c.json(p, 200);
  },
);

geoAdminRoutes.openapi(
  createRoute({
    method: 'patch',
    path: '/api/geo/gazetteer/{id}',
    tags: ['geography'],
    summary: 'Rename a place, change its aliases, kind, unit or point, retire (active:false) or restore it (admin); same refusals as creating',
    request: { params: IdParam, body: { content: { 'application/json': { schema: PlacePatch } }, required: true } },
    responses: { 200: json(AdminPlace, 'The place as changed'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const admin = requireAdmin(c);
    const ctx = c.get('ctx');
    const id = c.req.valid('param').id;
    await updatePlace(ctx.db, id, c.req.valid('json'), { at: ctx.now(), actorId: admin.userId, ip: callerIp(c) });
    return c.json((await getPlace(ctx.db, id))!, 200);
  },
);

geoAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/geo/gazetteer/{id}/history',
    tags: ['geography'],
    summary: 'Every change of a place, newest first: who, when, the fields before and after (admin)',
    request: { params: IdParam, query: HistoryQuery },
    responses: { 200: json(z.object({ items: z.array(OrgChange) }), 'Changes'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireAdmin(c);
    const db = c.get('ctx').db;
    const id = c.req.valid('param').id;
    if (!(await getPlace(db, id))) throw notFound('place', id);
    return c.json({ items: await listGeoChanges(db, 'place', id, c.req.valid('query')) }, 200);
  },
);

geoAdminRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/api/geo/units/{id}/geometry',
    tags: ['geography'],
    summary:
      "Replace a unit's boundary with pasted or uploaded GeoJSON (admin). Refused with invalid_geometry (details.reason: json, type, features, position, outside_city, ring_too_short, ring_not_closed, ring_empty, self_intersecting, too_many_vertices) or unknown_unit; routing by coordinates uses it from the next request",
    request: { params: IdParam, body: { content: { 'application/json': { schema: BoundaryInput } }, required: true } },
    responses: { 200: json(Feature, 'The unit with its new boundary'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const admin = requireAdmin(c);
    const ctx = c.get('ctx');
    const id = c.req.valid('param').id;
    await replaceBoundary(ctx.db, id, c.req.valid('json').geojson, { at: ctx.now(), actorId: admin.userId, ip: callerIp(c) });
    return c.json((await getUnitFeature(ctx.db, id))!, 200);
  },
);

geoAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/geo/units/{id}/geometry/history',
    tags: ['geography'],
    summary: "Every replacement of a unit's boundary, newest first: who, when, the boundary before and after (admin)",
    request: { params: IdParam, query: HistoryQuery },
    responses: { 200: json(z.object({ items: z.array(OrgChange) }), 'Changes'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireAdmin(c);
    const db = c.get('ctx').db;
    const id = c.req.valid('param').id;
    if (!(await db.query('select 1 from units where id = $1', [id])).rows.length) throw notFound('unit', id);
    return c.json({ items: await listGeoChanges(db, 'boundary', id, c.req.valid('query')) }, 200);
  },
);
