import type { Queryable } from '../../../db/client.ts';

/** Unit polygons as GeoJSON Features for the console map: straight from the units table. */

type Geometry = { type: 'Polygon' | 'MultiPolygon'; coordinates: unknown[] };
export type UnitFeature = {
  type: 'Feature';
  id: number;
  geometry: Geometry;
  properties: {
    id: number;
    code: string;
    name: string;
    kind: string;
    parentId: number | null;
    centroid: [number, number] | null;
    bbox: [number, number, number, number] | null;
  };
};

type Row = {
  id: number; code: string; name: string; kind: string; parent_id: number | null; geometry: Geometry;
  centroid_lon: number | null; centroid_lat: number | null;
  min_lon: number | null; min_lat: number | null; max_lon: number | null; max_lat: number | null;
};

const COLUMNS = 'u.id, u.code, u.name, u.kind, u.parent_id, u.geometry, u.centroid_lon, u.centroid_lat, u.min_lon, u.min_lat, u.max_lon, u.max_lat';

function toFeature(r: Row): UnitFeature {
  return {
    type: 'Feature',
    id: r.id,
    geometry: r.geometry,
    properties: {
      id: r.id,
      code: r.code,
      name: r.name,
      kind: r.kind,
      parentId: r.parent_id,
      centroid: r.centroid_lon !== null && r.centroid_lat !== null ? [r.centroid_lon, r.centroid_lat] : null,
      bbox: r.min_lon !== null ? [r.min_lon, r.min_lat!, r.max_lon!, r.max_lat!] : null,
    },
  };
}

export async function getUnitFeature(q: Queryable, id: number): Promise<UnitFeature | null> {
  const r = await q.query<Row>(`select ${COLUMNS} from units u where u.id = $1 and u.geometry is not null`, [id]);
  return r.rows[0] ? toFeature(r.rows[0]) : null;
}

/**
 * Active units of one kind with geometry, under a unit (any depth, by materialised path) and/or
 * overlapping a box (by the bbox columns and their index). Streets include townships.
 */
export async function listUnitFeatures(
  q: Queryable,
  f: { kind: 'district' | 'street' | 'community' | 'grid'; parentId?: number; bbox?: [number, number, number, number] },
): Promise<UnitFeature[]> {
  const kinds = f.kind === 'street' ? ['street', 'township'] : [f.kind];
  const r = await q.query<Row>(
    `select ${COLUMNS} from units u
      where u.kind = any($1::text[]) and u.active and u.geometry is not null
        and ($2::int is null or u.path like (select p.path from units p where p.id = $2) || '_%')
        and ($3::float8 is null or (u.max_lon >= $3 and u.min_lon <= $5 and u.max_lat >= $4 and u.min_lat <= $6))
      order by u.code`,
    [kinds, f.parentId ?? null, ...(f.bbox ?? [null, null, null, null])],
  );
  return r.rows.map(toFeature);
}
