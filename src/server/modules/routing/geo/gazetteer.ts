import type { Queryable } from '../../../db/client.ts';
import { cached, forget } from './geo-cache.ts';
import { chainOf, type UnitChain } from './geo-index.ts';
import { buildGazetteerIndex, searchGazetteerIndex, type GazetteerIndex, type GazetteerRow } from './gazetteer-index.ts';
import { loadGeoIndex } from './locate-point.ts';
import { normaliseAddress } from './place-match.ts';

export type PlaceKind = GazetteerRow['kind'];
export type PlaceMatch = { id: number; name: string; kind: PlaceKind; unit: UnitChain; lon: number; lat: number; score: number };

export type ResolvedAddress =
  | { found: true; place: PlaceMatch; unit: UnitChain; lon: number; lat: number; confidence: number; houseNumber: string | null }
  | { found: false; reason: 'not_found' | 'ambiguous'; message: string; messageEn: string; candidates: PlaceMatch[] };

/** Below this a match is noise: 'xyzzy不存在的路', a bare generic word (大街) or house number. */
export const SEARCH_MIN_SCORE = 0.5;
/**
 * resolveAddress places an order only at or above this: exact names and aliases (1), a name with a
 * house number (0.95), a name inside a longer description (≥ 0.8), a typed prefix of most of a name,
 * a one-character typo in a name of 5+ characters (0.8). A typo in a 4-character name (0.75) does
 * not resolve: 东城大街 is one edit from the alias 东外大街, and misrouting costs more than a pin.
 */
export const RESOLVE_MIN_SCORE = 0.78;
/** Two best matches this close, in different streets, are a coin toss: ask for a pin rather than misroute. */
export const AMBIGUITY_MARGIN = 0.03;
const MAX_QUERY_CHARS = 100;
const CACHE_KEY = 'routing.geo.gazetteer';

export function loadGazetteerIndex(q: Queryable): Promise<GazetteerIndex> {
  return cached(q, CACHE_KEY, async () =>
    buildGazetteerIndex((await q.query<GazetteerRow>('select id, name, kind, aliases, unit_id, lon, lat from gazetteer where active order by id')).rows),
  );
}

/** Whoever writes to the gazetteer calls this so the next search sees the change at once. */
export function invalidateGazetteerIndex(q: Queryable): Promise<void> {
  return forget(q, CACHE_KEY);
}

async function matchesFor(q: Queryable, text: string) {
  const [geo, gaz] = await Promise.all([loadGeoIndex(q), loadGazetteerIndex(q)]);
  const forms = normaliseAddress(text.slice(0, MAX_QUERY_CHARS), geo.prefixes);
  const none: UnitChain = { grid: null, community: null, street: null, district: null };
  const matches = searchGazetteerIndex(gaz, forms, SEARCH_MIN_SCORE).map(({ row, score }) => ({
    id: row.id,
    name: row.name,
    kind: row.kind,
    unit: chainOf(geo, row.unit_id) ?? none,
    lon: row.lon,
    lat: row.lat,
    score: Math.round(score * 1000) / 1000,
  }));
  return { matches, houseNumber: forms.houseNumber };
}

/** Gazetteer entries matching an address as typed, best first, each with its grid → district chain; [] for noise. */
export async function searchPlaces(q: Queryable, text: string, limit = 10): Promise<PlaceMatch[]> {
  return (await matchesFor(q, text)).matches.slice(0, Math.max(1, Math.min(limit, 50)));
}

const NOT_FOUND = {
  message: '未能识别该地址，请在地图上标注位置',
  messageEn: 'The address was not recognised; please place the pin on the map.',
};
const AMBIGUOUS = {
  message: '该地址对应多个可能位置，请在地图上标注位置',
  messageEn: 'The address matches places in different streets; please place the pin on the map.',
};

/**
 * The one place an address names, or an honest 'not found' that asks the agent to place the pin:
 * below RESOLVE_MIN_SCORE, or when the runner-up is as good and lies in another street.
 */
export async function resolveAddress(q: Queryable, text: string): Promise<ResolvedAddress> {
  const { matches, houseNumber } = await matchesFor(q, text);
  const candidates = matches.slice(0, 5);
  const [best, second] = candidates;
  if (!best || best.score < RESOLVE_MIN_SCORE) return { found: false, reason: 'not_found', ...NOT_FOUND, candidates };
  if (second && best.score - second.score < AMBIGUITY_MARGIN && second.unit.street?.id !== best.unit.street?.id) {
    return { found: false, reason: 'ambiguous', ...AMBIGUOUS, candidates };
  }
  return { found: true, place: best, unit: best.unit, lon: best.lon, lat: best.lat, confidence: best.score, houseNumber };
}
