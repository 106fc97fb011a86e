import type { Queryable } from '../../../db/client.ts';
import type { Actor } from '../../../lib/ctx.ts';
import { visibilityClause } from '../../work-orders/work-order-access.ts';
import { getJieba, normalizeText, wordTokens } from '../classifier/tokenize.ts';

/**
 * Content words of an order, as stored on it (work_orders.tokens) and compared between orders.
 * Search-mode segmentation adds the parts of compound words (油烟扰民 → 油烟, 扰民), so two callers
 * who phrase one event differently still share its words.
 */
export function orderTokens(title: string, text: string): string[] {
  const normalized = normalizeText(`${title} ${text}`);
  const words = new Set(wordTokens(normalized));
  const content = new Set(wordTokens(getJieba().cutForSearch(normalized, true).join(' ')));
  for (const w of content) words.add(w);
  return [...words].slice(0, 160);
}

/** Weighted overlap: shared words over the smaller set, so a short repeat of a long complaint still matches. */
export function tokenSimilarity(a: readonly string[], b: readonly string[]): number {
  if (!a.length || !b.length) return 0;
  const small = a.length <= b.length ? a : b;
  const large = new Set(a.length <= b.length ? b : a);
  let shared = 0;
  for (const t of small) if (large.has(t)) shared++;
  const overlap = shared / small.length;
  const jaccard = shared / (a.length + b.length - shared);
  // Overlap alone rewards a three-word order inside any long one; blending in Jaccard keeps precision.
  return 0.6 * overlap + 0.4 * jaccard;
}

export function distanceM(lon1: number, lat1: number, lon2: number, lat2: number): number {
  const r = 6_371_000;
  const rad = Math.PI / 180;
  const dLat = (lat2 - lat1) * rad;
  const dLon = (lon2 - lon1) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(dLon / 2) ** 2;
  return 2 * r * Math.asin(Math.sqrt(h));
}

export type DuplicateQuery = {
  title: string;
  text: string;
  gridId?: number | null;
  streetId?: number | null;
  lon?: number | null;
  lat?: number | null;
  at: Date;
  excludeId?: number;
  /** Only orders this caller may see are proposed: a candidate shows id, code, title and status. */
  visibleTo: Actor | null;
};

export type DuplicateOptions = { windowDays: number; radiusM: number; threshold: number; sameStreetThreshold: number; limit: number };

// Precision over recall: a wrong merge silences a requester, a missed one costs a second visit.
export const DUPLICATE_DEFAULTS: DuplicateOptions = { windowDays: 7, radiusM: 300, threshold: 0.45, sameStreetThreshold: 0.6, limit: 5 };

type Candidate = {
  id: number;
  code: string;
  title: string;
  status: string;
  received_at: Date;
  grid_id: number | null;
  street_id: number | null;
  lon: number | null;
  lat: number | null;
  tokens: string[] | null;
};

/**
 * Open orders in the time window that are near (same grid, or within radiusM) and say much the
 * same thing. Only a person merges; this only proposes, best first, with the reasons.
 */
export async function findDuplicates(q: Queryable, d: DuplicateQuery, opts: DuplicateOptions = DUPLICATE_DEFAULTS) {
  if (!d.gridId && !d.streetId && (d.lon == null || d.lat == null)) return [];
  const tokens = orderTokens(d.title, d.text);
  const since = new Date(d.at.getTime() - opts.windowDays * 86_400_000);
  // ~0.0045° of latitude is 500 m; the box only narrows candidates, the distance is exact below.
  const deg = (opts.radiusM / 111_000) * 1.5;
  const params: unknown[] = [since, d.at, d.excludeId ?? 0, d.gridId ?? null, d.streetId ?? null, d.lon ?? null, d.lat ?? null, deg];
  const visible = visibilityClause(d.visibleTo, params);
  if (visible === 'false') return [];
  const rows = await q.query<Candidate>(
    `select id, code, title, status, received_at, grid_id, street_id, lon, lat, tokens from work_orders o
     where (${visible}) and received_at >= $1 and received_at <= $2
       and status not in ('answered','not_dispatched','closed','merged')
       and id <> $3
       and ((grid_id is not null and grid_id = $4::int) or (street_id is not null and street_id = $5::int)
            or (lon between $6::float8 - $8::float8 and $6::float8 + $8::float8 and lat between $7::float8 - $8::float8 and $7::float8 + $8::float8))
     order by received_at desc limit 500`,
    params,
  );
  const out = [];
  for (const c of rows.rows) {
    const score = tokenSimilarity(tokens, c.tokens ?? orderTokens(c.title, ''));
    const sameGrid = !!d.gridId && c.grid_id === d.gridId;
    const dist = d.lon != null && d.lat != null && c.lon != null && c.lat != null ? distanceM(d.lon, d.lat, c.lon, c.lat) : null;
    const near = sameGrid || (dist !== null && dist <= opts.radiusM);
    const needed = near ? opts.threshold : opts.sameStreetThreshold;
    if (score < needed) continue;
    const shared = tokens.filter((t) => (c.tokens ?? []).includes(t)).slice(0, 8);
    out.push({
      id: c.id,
      code: c.code,
      title: c.title,
      status: c.status,
      receivedAt: c.received_at,
      score: Math.round(score * 1000) / 1000,
      distanceM: dist === null ? null : Math.round(dist),
      sameGrid,
      sharedWords: shared,
    });
  }
  return out.sort((a, b) => b.score - a.score).slice(0, opts.limit);
}
