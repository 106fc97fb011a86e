import type { Queryable } from '../../../db/client.ts';
import { cached, forget } from './geo-cache.ts';
import { buildGeoIndex, locateInIndex, type GeoIndex, type Located, type UnitRow } from './geo-index.ts';

export type { Located, UnitChain, UnitRef } from './geo-index.ts';

const CACHE_KEY = 'routing.geo.index';

/**
 * Recomputes min/max lon/lat of every unit from its GeoJSON outer rings, in one set-based statement
 * (the database walks the jsonb, so 50k units cost one round trip, not 50k), clears the boxes of
 * units that lost their geometry and drops the cached index. Whoever edits unit geometry calls this.
 * Only rows whose box changed are written, so running it at every start is cheap.
 */
export async function fillUnitBoxes(q: Queryable): Promise<{ updated: number }> {
  const r = await q.query<{ id: number }>(
    `with parts as (
       select u.id, case when u.geometry->>'type' = 'MultiPolygon' then u.geometry->'coordinates'
                         else jsonb_build_array(u.geometry->'coordinates') end as polys
         from units u
        where u.geometry->>'type' in ('Polygon', 'MultiPolygon')
     ), boxes as (
       select p.id, min((pt->>0)::float8) as min_lon, min((pt->>1)::float8) as min_lat,
              max((pt->>0)::float8) as max_lon, max((pt->>1)::float8) as max_lat
         from parts p
        cross join lateral jsonb_array_elements(p.polys) as poly
        cross join lateral jsonb_array_elements(poly->0) as pt
        group by p.id
     )
     update units u
        set min_lon = b.min_lon, min_lat = b.min_lat, max_lon = b.max_lon, max_lat = b.max_lat
       from units u2 left join boxes b on b.id = u2.id
      where u.id = u2.id
        and (u.min_lon, u.min_lat, u.max_lon, u.max_lat) is distinct from (b.min_lon, b.min_lat, b.max_lon, b.max_lat)
      returning u.id`,
  );
  await invalidateGeoIndex(q);
  return { updated: r.rows.length };
}

/** Forgets the parsed polygons of this database; the next lookup reloads them. */
export function invalidateGeoIndex(q: Queryable): Promise<void> {
  return forget(q, CACHE_KEY);
}

/** The parsed polygons of this database, loaded once and refreshed in the background (geo-cache.ts). */
export function loadGeoIndex(q: Queryable): Promise<GeoIndex> {
  return cached(q, CACHE_KEY, async () =>
    buildGeoIndex(
      (
        await q.query<UnitRow>(
          `select id, code, name, kind, path, active, geometry from units
            where kind in ('city', 'district', 'street', 'township', 'community', 'grid') order by id`,
        )
      ).rows,
    ),
  );
}

/**
 * Grid → community → street → district of a point (lon/lat in the units' coordinate system, GCJ-02
 * for the demo city), or null outside every polygon. Throws validation_failed for NaN or
 * out-of-range coordinates. A point exactly on a shared border goes to the unit with the lowest code
 * (see geo-index.ts).
 */
export async function locatePoint(q: Queryable, lon: number, lat: number): Promise<Located | null> {
  return locateInIndex(await loadGeoIndex(q), lon, lat);
}
