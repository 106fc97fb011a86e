import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { router, STANDARD_ERRORS, json, IdParam } from '../../../http/openapi.ts';
import { requireActor, type Env } from '../../../http/http-context.ts';
import { forbidden, notFound } from '../../../lib/errors.ts';
import { locatePoint } from './locate-point.ts';
import { searchPlaces } from './gazetteer.ts';
import { getUnitFeature, listUnitFeatures } from './geo-features.ts';
import { queryId } from '../../../http/input-schemas.ts';

const Ref = z.object({ id: z.number(), code: z.string(), name: z.string() }).nullable();
const Chain = { grid: Ref, community: Ref, street: Ref, district: Ref };
const Geometry = z
  .object({ type: z.enum(['Polygon', 'MultiPolygon']), coordinates: z.array(z.any()) })
  .openapi('Geometry', { description: 'GeoJSON Polygon or MultiPolygon, lon/lat (GCJ-02 for the demo city)' });
export const Feature = z
  .object({
    type: z.literal('Feature'),
    id: z.number(),
    geometry: Geometry,
    properties: z.object({
      id: z.number(),
      code: z.string(),
      name: z.string(),
      kind: z.string(),
      parentId: z.number().nullable(),
      centroid: z.tuple([z.number(), z.number()]).nullable(),
      bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]).nullable(),
    }),
  })
  .openapi('UnitFeature');

const Located = z
  .object({
    found: z.boolean(),
    ...Chain,
    level: z.enum(['grid', 'community', 'street', 'district']).optional(),
    match: z.enum(['inside', 'border', 'snapped', 'parent']).optional().openapi({
      description: 'inside; border = on a shared border, the lowest unit code wins; snapped = over a rounding gap to the nearest grid within 1 m; parent = only a coarser unit contains the point',
    }),
    message: z.string().optional(),
  })
  .openapi('LocatedPoint');

const Place = z
  .object({
    id: z.number(),
    name: z.string(),
    kind: z.enum(['road', 'building', 'place', 'community', 'poi']),
    unit: z.object(Chain),
    lon: z.number(),
    lat: z.number(),
    score: z.number().openapi({ description: '0–1; 1 = exact name or alias' }),
  })
  .openapi('PlaceMatch');

// z.coerce.number() alone would read an empty parameter (?lon=) as 0, a real place in the Gulf of Guinea
const coordinate = (limit: number) =>
  z
    .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.coerce.number().min(-limit).max(limit))
    .openapi({ type: 'number', minimum: -limit, maximum: limit, param: { required: true } });

function requireStaff(c: Context<Env>) {
  const actor = requireActor(c);
  if (actor.kind !== 'staff') throw forbidden('Only staff use the geography tools.', '仅工作人员可使用地理定位功能。');
  return actor;
}

export const geoRoutes = router();

geoRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/geo/locate',
    tags: ['geography'],
    summary: 'Grid → community → street → district of a map point (staff); found:false outside every area',
    request: {
      query: z.object({
        lon: coordinate(180).openapi({ example: 116.4113 }),
        lat: coordinate(90).openapi({ example: 39.9135 }),
      }),
    },
    responses: { 200: json(Located, 'Where the point is'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireStaff(c);
    const { lon, lat } = c.req.valid('query');
    const hit = await locatePoint(c.get('ctx').db, lon, lat);
    if (hit) return c.json({ found: true, ...hit }, 200);
    // 200 with found:false, not 404: a pin dropped outside the area is an answer, not a missing resource
    const zh = c.get('locale').startsWith('zh');
    const message = zh ? '该位置不在任何已知辖区内，请确认标注位置' : 'The point is outside every known area; check the pin.';
    return c.json({ found: false, grid: null, community: null, street: null, district: null, message }, 200);
  },
);

geoRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/geo/places',
    tags: ['geography'],
    summary: 'Gazetteer search: roads, buildings and places matching an address as typed, best first (staff)',
    request: {
      query: z.object({
        q: z.string().trim().min(1).max(100).openapi({ example: '东华门大街12号' }),
        limit: z.coerce.number().int().min(1).max(50).default(10),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(Place) }), 'Matches; empty when nothing is close enough'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireStaff(c);
    const { q, limit } = c.req.valid('query');
    return c.json({ items: await searchPlaces(c.get('ctx').db, q, limit) }, 200);
  },
);

geoRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/geo/units/{id}/geometry',
    tags: ['geography'],
    summary: "A unit's polygon as a GeoJSON Feature",
    request: { params: IdParam },
    responses: { 200: json(Feature, 'The unit'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    const { id } = c.req.valid('param');
    const f = await getUnitFeature(c.get('ctx').db, id);
    if (!f) throw notFound('unit', id);
    return c.json(f, 200);
  },
);

geoRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/geo/features',
    tags: ['geography'],
    summary: 'Polygons of one kind of unit as a GeoJSON FeatureCollection, optionally under one unit and within a box',
    request: {
      query: z.object({
        kind: z.enum(['district', 'street', 'community', 'grid']),
        parentId: queryId().optional().openapi({ description: 'only units under this one (any depth)' }),
        bbox: z
          .string()
          .regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, 'minLon,minLat,maxLon,maxLat')
          .optional()
          .openapi({ description: 'minLon,minLat,maxLon,maxLat: only units whose box overlaps it', example: '116.40,39.90,116.42,39.92' }),
      }),
    },
    responses: { 200: json(z.object({ type: z.literal('FeatureCollection'), features: z.array(Feature) }), 'The features'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    const { kind, parentId, bbox } = c.req.valid('query');
    const box = bbox ? (bbox.split(',').map(Number) as [number, number, number, number]) : undefined;
    return c.json({ type: 'FeatureCollection' as const, features: await listUnitFeatures(c.get('ctx').db, { kind, parentId, bbox: box }) }, 200);
  },
);
