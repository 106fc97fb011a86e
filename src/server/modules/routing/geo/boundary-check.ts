import { AppError } from '../../../lib/errors.ts';

/*
 * What a pasted or uploaded boundary must be before it replaces a unit's polygon. Checked: the text
 * is JSON; it is a Polygon or MultiPolygon (bare, or the one feature of a Feature or
 * FeatureCollection); every position is two finite numbers inside the city's box; every ring has at
 * least four positions, is closed (first = last) and encloses an area; no ring crosses or touches
 * itself (every pair of non-adjacent edges, O(n²) per ring, hence the vertex cap). Not checked: holes
 * inside their outer ring, parts overlapping each other, or the unit overlapping its neighbours.
 */

export type Polygonal = { type: 'Polygon' | 'MultiPolygon'; coordinates: number[][][] | number[][][][] };
export type Box = [number, number, number, number];

/** Enough for a hand-drawn or surveyed street boundary; the self-crossing check is quadratic in a ring's size. */
export const MAX_VERTICES = 20_000;
const MAX_RING = 5_000;

const bad = (reason: string, en: string, zh: string, extra: Record<string, unknown> = {}) => new AppError('invalid_geometry', en, { field: 'geojson', reason, ...extra }, zh);

function geometryOf(v: unknown): unknown {
  const o = v as { type?: unknown; geometry?: unknown; features?: unknown };
  if (o && o.type === 'Feature') return o.geometry;
  if (o && o.type === 'FeatureCollection' && Array.isArray(o.features)) {
    if (o.features.length !== 1) throw bad('features', 'A FeatureCollection must hold exactly one feature.', '要素集合中只能包含一个要素。');
    return geometryOf(o.features[0]);
  }
  return v;
}

const isPosition = (p: unknown): p is number[] => Array.isArray(p) && p.length >= 2 && typeof p[0] === 'number' && typeof p[1] === 'number' && Number.isFinite(p[0]) && Number.isFinite(p[1]);

// orientation of c relative to the line a→b: >0 left, <0 right, 0 on it
const orient = (a: number[], b: number[], c: number[]) => (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
const onSegment = (a: number[], b: number[], c: number[]) => Math.min(a[0], b[0]) <= c[0] && c[0] <= Math.max(a[0], b[0]) && Math.min(a[1], b[1]) <= c[1] && c[1] <= Math.max(a[1], b[1]);

function segmentsMeet(p1: number[], p2: number[], p3: number[], p4: number[]): boolean {
  const d1 = orient(p3, p4, p1), d2 = orient(p3, p4, p2), d3 = orient(p1, p2, p3), d4 = orient(p1, p2, p4);
  if (((d1 > 0 && d2 < 0) || (d1 < 0 && d2 > 0)) && ((d3 > 0 && d4 < 0) || (d3 < 0 && d4 > 0))) return true;
  return (d1 === 0 && onSegment(p3, p4, p1)) || (d2 === 0 && onSegment(p3, p4, p2)) || (d3 === 0 && onSegment(p1, p2, p3)) || (d4 === 0 && onSegment(p1, p2, p4));
}

/** Twice the signed area of a closed ring (shoelace). */
export function ringArea2(r: number[][]): number {
  let s = 0;
  for (let i = 0; i + 1 < r.length; i++) s += r[i][0] * r[i + 1][1] - r[i + 1][0] * r[i][1];
  return s;
}

function selfCrossing(r: number[][]): boolean {
  const n = r.length - 1; // edges; r[n] = r[0]
  for (let i = 0; i < n; i++)
    for (let j = i + 2; j < n; j++) {
      if (i === 0 && j === n - 1) continue; // the first and last edges share the closing vertex
      if (segmentsMeet(r[i], r[i + 1], r[j], r[j + 1])) return true;
    }
  return false;
}

function checkRing(ring: unknown, city: Box, where: string): number[][] {
  if (!Array.isArray(ring) || ring.length < 4) throw bad('ring_too_short', `Ring ${where} needs at least four positions.`, `第 ${where} 个环至少需要四个坐标点。`, { ring: where });
  if (ring.length > MAX_RING) throw bad('too_many_vertices', `Ring ${where} has more than ${MAX_RING} positions.`, `第 ${where} 个环的坐标点超过 ${MAX_RING} 个。`, { ring: where });
  for (const p of ring) {
    if (!isPosition(p)) throw bad('position', `Ring ${where} holds something that is not a [longitude, latitude] pair.`, `第 ${where} 个环中有无效坐标。`, { ring: where });
    if (p[0] < city[0] || p[0] > city[2] || p[1] < city[1] || p[1] > city[3]) {
      throw bad('outside_city', `The point ${p[0]}, ${p[1]} is outside the city.`, `坐标 ${p[0]}, ${p[1]} 不在本市范围内。`, { ring: where, lon: p[0], lat: p[1] });
    }
  }
  const r = (ring as number[][]).map((p) => [p[0], p[1]]);
  const [f, l] = [r[0], r[r.length - 1]];
  if (f[0] !== l[0] || f[1] !== l[1]) throw bad('ring_not_closed', `Ring ${where} is not closed: its last position must repeat its first.`, `第 ${where} 个环未闭合：首尾坐标须相同。`, { ring: where });
  if (selfCrossing(r)) throw bad('self_intersecting', `Ring ${where} crosses itself.`, `第 ${where} 个环自相交。`, { ring: where });
  if (ringArea2(r) === 0) throw bad('ring_empty', `Ring ${where} encloses no area.`, `第 ${where} 个环面积为零。`, { ring: where });
  return r;
}

/** The boundary as it will be stored (positions cut to [lon, lat]), or invalid_geometry with a reason and a message in both languages. */
export function parseBoundary(text: string, city: Box): Polygonal {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw bad('json', 'The boundary is not valid JSON.', '边界不是有效的 JSON。');
  }
  const g = geometryOf(v) as { type?: unknown; coordinates?: unknown } | null;
  if (!g || (g.type !== 'Polygon' && g.type !== 'MultiPolygon') || !Array.isArray(g.coordinates) || !g.coordinates.length) {
    throw bad('type', 'The boundary must be a GeoJSON Polygon or MultiPolygon.', '边界须为 GeoJSON 的 Polygon 或 MultiPolygon。');
  }
  const polys = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates) as unknown[];
  let vertices = 0;
  const parts = polys.map((rings, i) => {
    if (!Array.isArray(rings) || !rings.length) throw bad('type', `Polygon ${i + 1} has no rings.`, `第 ${i + 1} 个多边形没有环。`);
    for (const r of rings) vertices += Array.isArray(r) ? r.length : 0;
    if (vertices > MAX_VERTICES) throw bad('too_many_vertices', `The boundary has more than ${MAX_VERTICES} positions.`, `边界坐标点超过 ${MAX_VERTICES} 个。`);
    return rings.map((r, j) => checkRing(r, city, polys.length > 1 ? `${i + 1}.${j + 1}` : `${j + 1}`));
  });
  return g.type === 'Polygon' ? { type: 'Polygon', coordinates: parts[0] } : { type: 'MultiPolygon', coordinates: parts };
}

/** Box and area-weighted centroid of the outer rings (holes ignored: the centroid only places the map label). */
export function boxAndCentroid(g: Polygonal): { box: Box; centroid: [number, number] } {
  const outers = (g.type === 'Polygon' ? [g.coordinates] : g.coordinates).map((rings) => (rings as number[][][])[0]);
  const box: Box = [Infinity, Infinity, -Infinity, -Infinity];
  // each ring's centroid weighted by its area, so rings walked either way round count alike
  let w = 0, x = 0, y = 0;
  for (const r of outers) {
    let a = 0, cx = 0, cy = 0;
    for (const p of r) {
      box[0] = Math.min(box[0], p[0]); box[1] = Math.min(box[1], p[1]);
      box[2] = Math.max(box[2], p[0]); box[3] = Math.max(box[3], p[1]);
    }
    // relative to the ring's first vertex: products of raw degrees (116 × 39) lose the digits that matter
    const [ox, oy] = r[0];
    for (let i = 0; i + 1 < r.length; i++) {
      const [x0, y0, x1, y1] = [r[i][0] - ox, r[i][1] - oy, r[i + 1][0] - ox, r[i + 1][1] - oy];
      const k = x0 * y1 - x1 * y0;
      a += k; cx += (x0 + x1) * k; cy += (y0 + y1) * k;
    }
    w += Math.abs(a); x += (ox + cx / (3 * a)) * Math.abs(a); y += (oy + cy / (3 * a)) * Math.abs(a);
  }
  const round = (x: number) => Math.round(x * 1e6) / 1e6;
  return { box, centroid: [round(x / w), round(y / w)] };
}
