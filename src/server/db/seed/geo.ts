/**
 * Small planar geometry helpers for GeoJSON polygons in lon/lat.
 * Shared by the demo-city generator (scripts/generate-demo-city.ts) and the seed tests, so the
 * checks run at test time are the same ones the generator validated its output with. Kept
 * dependency-free on purpose: the product must not need a geometry library at run time.
 */

export type Position = [number, number];
export type Ring = Position[];
export type PolygonCoords = Ring[];
export type PolygonalGeometry =
  | { type: 'Polygon'; coordinates: PolygonCoords }
  | { type: 'MultiPolygon'; coordinates: PolygonCoords[] };

// Metres per degree at Beijing's latitude on the WGS-84/GCJ-02 ellipsoid; an equirectangular
// approximation is well inside 0.1% over a district the size of 东城区.
const M_PER_DEG_LAT = 111_030;
const M_PER_DEG_LON_EQ = 111_320;

export function polygonsOf(g: PolygonalGeometry): PolygonCoords[] {
  return g.type === 'Polygon' ? [g.coordinates] : g.coordinates;
}

/** Signed shoelace area in degrees² (positive = counter-clockwise). */
export function ringSignedArea(ring: Ring): number {
  let s = 0;
  for (let i = 0, n = ring.length; i < n; i++) {
    const [x1, y1] = ring[i];
    const [x2, y2] = ring[(i + 1) % n];
    s += x1 * y2 - x2 * y1;
  }
  return s / 2;
}

export function polygonAreaDeg2(p: PolygonCoords): number {
  let a = Math.abs(ringSignedArea(p[0]));
  for (let i = 1; i < p.length; i++) a -= Math.abs(ringSignedArea(p[i]));
  return a;
}

/** Area in m², scaling longitude by cos(latitude) of the geometry's first vertex. */
export function areaM2(g: PolygonalGeometry): number {
  const polys = polygonsOf(g);
  const lat = polys[0]?.[0]?.[0]?.[1] ?? 0;
  const k = Math.cos((lat * Math.PI) / 180) * M_PER_DEG_LON_EQ * M_PER_DEG_LAT;
  return polys.reduce((s, p) => s + polygonAreaDeg2(p), 0) * k;
}

/** Even-odd ray casting; a point exactly on an edge may fall either way. */
export function pointInRing(pt: Position, ring: Ring): boolean {
  const [x, y] = pt;
  let inside = false;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) {
    const [xi, yi] = ring[i];
    const [xj, yj] = ring[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

export function pointInPolygon(pt: Position, p: PolygonCoords): boolean {
  if (!pointInRing(pt, p[0])) return false;
  for (let i = 1; i < p.length; i++) if (pointInRing(pt, p[i])) return false;
  return true;
}

export function pointInGeometry(pt: Position, g: PolygonalGeometry): boolean {
  return polygonsOf(g).some((p) => pointInPolygon(pt, p));
}

export function bboxOf(g: PolygonalGeometry): [number, number, number, number] {
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const p of polygonsOf(g))
    for (const [x, y] of p[0]) {
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
  return [x0, y0, x1, y1];
}

function polygonCentroid(p: PolygonCoords): Position {
  let cx = 0;
  let cy = 0;
  let a = 0;
  for (const [ri, ring] of p.entries()) {
    // holes subtract whatever their winding, so normalise the sign per ring
    const sign = (ringSignedArea(ring) >= 0 ? 1 : -1) * (ri === 0 ? 1 : -1);
    for (let i = 0, n = ring.length; i < n; i++) {
      const [x1, y1] = ring[i];
      const [x2, y2] = ring[(i + 1) % n];
      const f = (x1 * y2 - x2 * y1) * sign;
      cx += (x1 + x2) * f;
      cy += (y1 + y2) * f;
      a += f;
    }
  }
  return [cx / (3 * a), cy / (3 * a)];
}

/**
 * A point guaranteed inside the geometry, for map pins and labels: the area centroid of the largest
 * part when that lies inside, else the middle of the widest interior span on the centroid's
 * latitude (a concave or L-shaped unit's centroid can fall outside it).
 */
export function interiorPoint(g: PolygonalGeometry): Position {
  const polys = polygonsOf(g);
  const p = polys.reduce((best, q) => (polygonAreaDeg2(q) > polygonAreaDeg2(best) ? q : best));
  const c = polygonCentroid(p);
  if (pointInPolygon(c, p)) return c;
  const [, y0, , y1] = bboxOf({ type: 'Polygon', coordinates: p });
  for (const t of [0.5, 0.37, 0.63, 0.25, 0.75, 0.13, 0.87]) {
    const y = t === 0.5 ? c[1] : y0 + (y1 - y0) * t;
    const xs: number[] = [];
    for (const ring of p)
      for (let i = 0, n = ring.length; i < n; i++) {
        const [xa, ya] = ring[i];
        const [xb, yb] = ring[(i + 1) % n];
        if (ya > y !== yb > y) xs.push(xa + ((y - ya) * (xb - xa)) / (yb - ya));
      }
    xs.sort((a, b) => a - b);
    let best: Position | null = null;
    let width = 0;
    for (let i = 0; i + 1 < xs.length; i += 2)
      if (xs[i + 1] - xs[i] > width) {
        width = xs[i + 1] - xs[i];
        best = [(xs[i] + xs[i + 1]) / 2, y];
      }
    if (best && pointInPolygon(best, p)) return best;
  }
  throw new Error('interiorPoint: no interior point found');
}

function orient(a: Position, b: Position, c: Position): number {
  return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
}

function onSegment(a: Position, b: Position, p: Position): boolean {
  return (
    Math.min(a[0], b[0]) <= p[0] && p[0] <= Math.max(a[0], b[0]) &&
    Math.min(a[1], b[1]) <= p[1] && p[1] <= Math.max(a[1], b[1])
  );
}

export function segmentsIntersect(a: Position, b: Position, c: Position, d: Position): boolean {
  const o1 = orient(a, b, c);
  const o2 = orient(a, b, d);
  const o3 = orient(c, d, a);
  const o4 = orient(c, d, b);
  if (((o1 > 0 && o2 < 0) || (o1 < 0 && o2 > 0)) && ((o3 > 0 && o4 < 0) || (o3 < 0 && o4 > 0))) return true;
  return (
    (o1 === 0 && onSegment(a, b, c)) || (o2 === 0 && onSegment(a, b, d)) ||
    (o3 === 0 && onSegment(c, d, a)) || (o4 === 0 && onSegment(c, d, b))
  );
}

/**
 * Why a ring is not a valid simple GeoJSON ring, or null when it is: closed, at least 4
 * positions, no repeated vertex and no two non-adjacent edges touching.
 */
export function ringProblem(ring: Ring): string | null {
  const n = ring.length;
  if (n < 4) return 'fewer than 4 positions';
  const [f, l] = [ring[0], ring[n - 1]];
  if (f[0] !== l[0] || f[1] !== l[1]) return 'not closed';
  if (ringSignedArea(ring) === 0) return 'zero area';
  const seen = new Set<string>();
  for (let i = 0; i < n - 1; i++) {
    const k = `${ring[i][0]},${ring[i][1]}`;
    if (seen.has(k)) return `repeated vertex ${k}`;
    seen.add(k);
  }
  const m = n - 1; // edges
  for (let i = 0; i < m; i++)
    for (let j = i + 2; j < m; j++) {
      if (i === 0 && j === m - 1) continue; // the first and last edges share the closing vertex
      if (segmentsIntersect(ring[i], ring[i + 1], ring[j], ring[j + 1])) return `edges ${i} and ${j} cross`;
    }
  return null;
}
