import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json } from '../../http/openapi.ts';
import { queryId } from '../../http/input-schemas.ts';
import { listUnitFeatures } from '../routing/geo/geo-features.ts';
import { searchPlaces } from '../routing/geo/gazetteer.ts';
import { locatePoint, type UnitChain } from '../routing/geo/locate-point.ts';

/*
 * What a citizen needs to say where a problem is, signed in or not: the public administrative
 * boundaries to draw the map (no tile server), the gazetteer for a typed address, and where a
 * picked point lies. Only names of streets, communities and grids leave here, never staff data.
 */
export const portalPlaceRoutes = router();

const placeName = (u: UnitChain) => [u.street?.name, u.community?.name, u.grid?.name].filter(Boolean).join(' / ');
const coordinate = (limit: number) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), z.coerce.number().min(-limit).max(limit)).openapi({ type: 'number', param: { required: true } });

portalPlaceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/portal/map/features',
    tags: ['portal'],
    summary: 'Public boundaries of streets, communities or grids (GeoJSON) for the portal’s map',
    request: {
      query: z.object({
        kind: z.enum(['street', 'community', 'grid']),
        parentId: queryId().optional(),
        bbox: z.string().regex(/^-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}$/, 'minLon,minLat,maxLon,maxLat').optional(),
      }),
    },
    responses: { 200: json(z.looseObject({ type: z.literal('FeatureCollection'), features: z.array(z.looseObject({})) }), 'The features'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const { kind, parentId, bbox } = c.req.valid('query');
    // Grids only within a box or under one unit: the whole city's grids are too many for a phone.
    if (kind === 'grid' && !parentId && !bbox) return c.json({ type: 'FeatureCollection' as const, features: [] }, 200);
    const box = bbox ? (bbox.split(',').map(Number) as [number, number, number, number]) : undefined;
    return c.json({ type: 'FeatureCollection' as const, features: await listUnitFeatures(c.get('ctx').db, { kind, parentId, bbox: box }) }, 200);
  },
);

portalPlaceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/portal/places',
    tags: ['portal'],
    summary: 'Addresses matching what a citizen typed (the gazetteer), best first',
    request: { query: z.object({ q: z.string().trim().min(1).max(100) }) },
    responses: { 200: json(z.object({ items: z.array(z.object({ name: z.string(), place: z.string(), lon: z.number(), lat: z.number() })) }), 'Matches'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const found = await searchPlaces(c.get('ctx').db, c.req.valid('query').q, 8);
    return c.json({ items: found.map((p) => ({ name: p.name, place: placeName(p.unit), lon: p.lon, lat: p.lat })) }, 200);
  },
);

portalPlaceRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/portal/locate',
    tags: ['portal'],
    summary: 'Which street, community and grid a picked point lies in',
    request: { query: z.object({ lon: coordinate(180), lat: coordinate(90) }) },
    responses: { 200: json(z.object({ found: z.boolean(), place: z.string().nullable() }), 'Where the point is'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const { lon, lat } = c.req.valid('query');
    const hit = await locatePoint(c.get('ctx').db, lon, lat);
    return c.json({ found: !!hit, place: hit ? placeName(hit) : null }, 200);
  },
);
