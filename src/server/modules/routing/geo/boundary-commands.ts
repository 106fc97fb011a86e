import { z } from '@hono/zod-openapi';
import type { Db } from '../../../db/client.ts';
import { AppError, notFound } from '../../../lib/errors.ts';
import type { AdminAudit } from '../../org/user-commands.ts';
import { boxAndCentroid, parseBoundary, type Box } from './boundary-check.ts';
import { recordGeoChange } from './geo-history.ts';
import { invalidateGeoIndex } from './locate-point.ts';

/*
 * Replacing a unit's boundary (the polygon routing by coordinates and the maps use). The units table
 * is the organisation's, but its geometry and box columns are this module's: it alone fills them
 * (fillUnitBoxes) and reads them (the point index).
 */

export const BoundaryInput = z
  .object({
    geojson: z
      .string()
      .min(2)
      .max(5_000_000)
      .openapi({ description: 'GeoJSON text: a Polygon or MultiPolygon, or a Feature / one-feature FeatureCollection holding one; lon/lat as the other units (GCJ-02 for the demo city)' }),
  })
  .openapi('BoundaryInput');

const GEO_KINDS = ['district', 'street', 'township', 'community', 'grid'];
const WORLD: Box = [-180, -90, 180, 90];

type UnitGeoRow = { id: number; kind: string; active: boolean; geometry: { type: string; coordinates: number[][][] | number[][][][] } | null; min_lon: number | null; min_lat: number | null; max_lon: number | null; max_lat: number | null };

/** The box of every district's polygon: a boundary must lie within it. */
async function cityBox(q: Db): Promise<Box> {
  const r = (await q.query<{ a: number | null; b: number; c: number; d: number }>(`select min(min_lon) as a, min(min_lat) as b, max(max_lon) as c, max(max_lat) as d from units where kind = 'district' and active and min_lon is not null`)).rows[0];
  return r.a === null ? WORLD : [r.a, r.b, r.c, r.d];
}

const vertices = (g: UnitGeoRow['geometry']) => (g ? ((g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as number[][][][]).flat().reduce((n, ring) => n + ring.length, 0) : 0);
const summary = (g: UnitGeoRow['geometry'], box: (number | null)[]) => ({ geometry: g, bbox: g ? box : null, points: vertices(g) });

export async function replaceBoundary(db: Db, unitId: number, text: string, audit: AdminAudit): Promise<void> {
  const city = await cityBox(db);
  await db.transaction(async (tx) => {
    const u = (await tx.query<UnitGeoRow>('select id, kind, active, geometry, min_lon, min_lat, max_lon, max_lat from units where id = $1 for update', [unitId])).rows[0];
    if (!u) throw notFound('unit', unitId);
    if (!u.active || !GEO_KINDS.includes(u.kind)) {
      throw new AppError('unknown_unit', `Unit ${unitId} is inactive or not a district, street, community or grid: it has no boundary.`, { field: 'unitId', unitId }, '该单位已停用或不是区、街乡、社区、网格，没有辖区边界。');
    }
    // a district's own box is not a bound on its new shape
    const g = parseBoundary(text, u.kind === 'district' ? WORLD : city);
    const { box, centroid } = boxAndCentroid(g);
    await tx.query(
      `update units set geometry = $2, min_lon = $3, min_lat = $4, max_lon = $5, max_lat = $6, centroid_lon = $7, centroid_lat = $8 where id = $1`,
      [unitId, JSON.stringify(g), ...box, ...centroid],
    );
    const round = (xs: (number | null)[]) => xs.map((x) => (x === null ? null : Math.round(x * 1e6) / 1e6));
    await recordGeoChange(tx, {
      kind: 'boundary',
      subjectId: unitId,
      at: audit.at,
      actorId: audit.actorId,
      action: 'replaced',
      before: summary(u.geometry, round([u.min_lon, u.min_lat, u.max_lon, u.max_lat])),
      after: summary(g, round(box)),
    });
  });
  await invalidateGeoIndex(db);
}
