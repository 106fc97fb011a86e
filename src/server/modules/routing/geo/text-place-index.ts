import type { Queryable } from '../../../db/client.ts';
import { loadGazetteerIndex } from './gazetteer.ts';
import type { GazetteerIndex } from './gazetteer-index.ts';
import type { GeoIndex } from './geo-index.ts';
import { loadGeoIndex } from './locate-point.ts';
import { buildTextPlaceIndex, recogniseTextPlace, type TextPlace, type TextPlaceEntry, type TextPlaceIndex } from './text-places.ts';

/*
 * Built from the two cached indexes (units and gazetteer) and kept as long as both are the same
 * objects: an edit to either invalidates its reference-cache key, the next load returns a new
 * object, and the names are rebuilt from it. No cache key of its own to forget.
 */
const built = new WeakMap<GazetteerIndex, { geo: GeoIndex; index: TextPlaceIndex }>();

export function textPlaceIndexOf(geo: GeoIndex, gaz: GazetteerIndex): TextPlaceIndex {
  const hit = built.get(gaz);
  if (hit && hit.geo === geo) return hit.index;
  const entries: TextPlaceEntry[] = [];
  for (const u of geo.units.values()) {
    if (u.level !== 'street' && u.level !== 'community') continue;
    entries.push({ name: u.name, aliases: [], kind: u.level, unitId: u.id, chain: u.chain, lon: null, lat: null });
  }
  for (const r of gaz.rows) {
    const u = r.unit_id === null ? undefined : geo.units.get(r.unit_id);
    if (!u) continue;
    entries.push({ name: r.name, aliases: r.aliases ?? [], kind: r.kind, unitId: u.id, chain: u.chain, lon: r.lon, lat: r.lat });
  }
  const index = buildTextPlaceIndex(entries);
  built.set(gaz, { geo, index });
  return index;
}

/** Places named in a request's title and text, with the one they propose if they are unambiguous. */
export async function placeInText(q: Queryable, ...texts: string[]): Promise<TextPlace> {
  const [geo, gaz] = await Promise.all([loadGeoIndex(q), loadGazetteerIndex(q)]);
  return recogniseTextPlace(textPlaceIndexOf(geo, gaz), ...texts);
}
