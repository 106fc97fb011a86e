import { AppError } from '../../../lib/errors.ts';

/**
 * The in-memory spatial index behind locatePoint: every administrative unit's polygon parsed once
 * into flat Float64Arrays, bucketed by bounding box, so locating a point is a few array reads and
 * one point-in-polygon test, with no database round trip (a round trip alone costs more than the
 * whole lookup). Pure: built from rows, testable without a database.
 */

export type UnitRef = { id: number; code: string; name: string };
export type Level = 'grid' | 'community' | 'street' | 'district';
export type UnitChain = { grid: UnitRef | null; community: UnitRef | null; street: UnitRef | null; district: UnitRef | null };
/** How the unit was found: strictly inside, on a border shared with another unit (tie rule), snapped over a rounding sliver, or only a coarser unit contained the point. */
export type Match = 'inside' | 'border' | 'snapped' | 'parent';
export type Located = UnitChain & { level: Level; match: Match };

export type UnitRow = {
  id: number;
  code: string;
  name: string;
  kind: string;
  path: string;
  active?: boolean;
  geometry: { type: string; coordinates: unknown } | null;
};

export type GeoUnit = UnitRef & { kind: string; level: Level | null; ancestorIds: number[]; chain: UnitChain };
type Shape = { unit: GeoUnit; box: [number, number, number, number]; parts: Float64Array[][] };
type Buckets = { x0: number; y0: number; cell: number; nx: number; ny: number; cells: Shape[][] };

export type GeoIndex = {
  units: Map<number, GeoUnit>;
  levels: Record<Level, Buckets | null>;
  /** Names of cities and districts, longest first, that an address may start with ('北京市', '北京', '东城区'). */
  prefixes: string[];
};

export const LEVELS: Level[] = ['grid', 'community', 'street', 'district'];
const LEVEL_OF: Record<string, Level> = { grid: 'grid', community: 'community', street: 'street', township: 'street', district: 'district' };

// 1e-9° is about 0.1 mm: enough to absorb floating-point noise in a point computed on a shared edge,
// far below anything a map pin or a GPS fix can express.
export const BORDER_TOL_DEG = 1e-9;
// Sibling polygons rounded to 6 decimals leave gaps up to ~0.15 m wide (SOURCES.md); a point in such a
// gap snaps to the nearest finer unit within this distance instead of stopping at the parent.
export const SNAP_M = 1;
const M_PER_DEG = 111_195;
const SNAP_DEG = SNAP_M / M_PER_DEG / 0.7; // loose in degrees of longitude, exact distance checked later

export function assertCoordinates(lon: number, lat: number): void {
  const ok = (v: number, lim: number) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= lim;
  if (!ok(lon, 180) || !ok(lat, 90)) {
    throw new AppError(
      'validation_failed',
      'Coordinates must be finite numbers with lon in [-180, 180] and lat in [-90, 90].',
      { lon: String(lon), lat: String(lat) },
      '坐标无效：经度应在-180至180之间，纬度应在-90至90之间。',
    );
  }
}

/** GeoJSON Polygon or MultiPolygon → parts → rings as interleaved [x0, y0, x1, y1, …]; null for anything else. */
export function prepareGeometry(g: UnitRow['geometry']): Float64Array[][] | null {
  if (!g || !Array.isArray(g.coordinates)) return null;
  const polys = g.type === 'Polygon' ? [g.coordinates] : g.type === 'MultiPolygon' ? g.coordinates : null;
  if (!polys) return null;
  const parts = (polys as number[][][][]).map((rings) =>
    rings.map((ring) => {
      const a = new Float64Array(ring.length * 2);
      ring.forEach(([x, y], i) => ((a[2 * i] = x), (a[2 * i + 1] = y)));
      return a;
    }),
  );
  return parts.some((p) => p.length && p[0].length >= 8) ? parts : null;
}

function nearSegment(px: number, py: number, ax: number, ay: number, bx: number, by: number, tol: number): boolean {
  const dx = bx - ax;
  const dy = by - ay;
  const len2 = dx * dx + dy * dy;
  const t = len2 ? Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / len2)) : 0;
  const qx = ax + t * dx - px;
  const qy = ay + t * dy - py;
  return qx * qx + qy * qy <= tol * tol;
}

/**
 * Even-odd over every ring of a part (so holes subtract), any part of a MultiPolygon. A point within
 * BORDER_TOL_DEG of an edge is 'border' rather than trusting the crossing test, whose answer there
 * depends on rounding and on which way a neighbour happens to walk the shared edge.
 */
export function classifyPoint(parts: Float64Array[][], x: number, y: number): 'inside' | 'border' | 'outside' {
  let border = false;
  for (const rings of parts) {
    let inside = false;
    let near = false;
    for (const r of rings) {
      for (let i = 0; i + 3 < r.length; i += 2) {
        const ax = r[i], ay = r[i + 1], bx = r[i + 2], by = r[i + 3];
        if (!near && x >= Math.min(ax, bx) - BORDER_TOL_DEG && x <= Math.max(ax, bx) + BORDER_TOL_DEG &&
            y >= Math.min(ay, by) - BORDER_TOL_DEG && y <= Math.max(ay, by) + BORDER_TOL_DEG &&
            nearSegment(x, y, ax, ay, bx, by, BORDER_TOL_DEG)) near = true;
        if (ay > y !== by > y && x < ((bx - ax) * (y - ay)) / (by - ay) + ax) inside = !inside;
      }
    }
    if (near) border = true;
    else if (inside) return 'inside';
  }
  return border ? 'border' : 'outside';
}

/** Distance in metres from a point to the nearest edge of a shape (equirectangular, fine at this scale). */
function distanceM(parts: Float64Array[][], x: number, y: number): number {
  const kx = Math.cos((y * Math.PI) / 180) * M_PER_DEG;
  let best = Infinity;
  for (const rings of parts)
    for (const r of rings)
      for (let i = 0; i + 3 < r.length; i += 2) {
        const ax = (r[i] - x) * kx, ay = (r[i + 1] - y) * M_PER_DEG;
        const bx = (r[i + 2] - x) * kx, by = (r[i + 3] - y) * M_PER_DEG;
        const dx = bx - ax, dy = by - ay;
        const len2 = dx * dx + dy * dy;
        const t = len2 ? Math.max(0, Math.min(1, -(ax * dx + ay * dy) / len2)) : 0;
        best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
      }
  return best;
}

function boxOf(parts: Float64Array[][]): [number, number, number, number] {
  const b: [number, number, number, number] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const rings of parts) {
    const r = rings[0];
    for (let i = 0; i < r.length; i += 2) {
      b[0] = Math.min(b[0], r[i]); b[1] = Math.min(b[1], r[i + 1]);
      b[2] = Math.max(b[2], r[i]); b[3] = Math.max(b[3], r[i + 1]);
    }
  }
  return b;
}

function bucket(shapes: Shape[]): Buckets | null {
  if (!shapes.length) return null;
  const m = SNAP_DEG; // registered with a margin so a snap candidate just outside the point's cell is still listed
  let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
  for (const { box } of shapes) {
    x0 = Math.min(x0, box[0] - m); y0 = Math.min(y0, box[1] - m);
    x1 = Math.max(x1, box[2] + m); y1 = Math.max(y1, box[3] + m);
  }
  // about four cells per shape keeps each cell's list short without wasting memory on empty cells
  const cell = Math.max(Math.sqrt(((x1 - x0) * (y1 - y0)) / (4 * shapes.length)), 1e-7);
  const nx = Math.max(1, Math.ceil((x1 - x0) / cell)), ny = Math.max(1, Math.ceil((y1 - y0) / cell));
  const cells: Shape[][] = Array.from({ length: nx * ny }, () => []);
  const ix = (x: number) => Math.min(nx - 1, Math.max(0, Math.floor((x - x0) / cell)));
  const iy = (y: number) => Math.min(ny - 1, Math.max(0, Math.floor((y - y0) / cell)));
  for (const s of shapes)
    for (let j = iy(s.box[1] - m); j <= iy(s.box[3] + m); j++)
      for (let i = ix(s.box[0] - m); i <= ix(s.box[2] + m); i++) cells[j * nx + i].push(s);
  return { x0, y0, cell, nx, ny, cells };
}

function candidates(b: Buckets | null, x: number, y: number): Shape[] {
  if (!b) return [];
  const i = Math.floor((x - b.x0) / b.cell), j = Math.floor((y - b.y0) / b.cell);
  return i < 0 || j < 0 || i >= b.nx || j >= b.ny ? [] : b.cells[j * b.nx + i];
}

export function buildGeoIndex(rows: UnitRow[]): GeoIndex {
  const units = new Map<number, GeoUnit>();
  for (const r of rows) {
    const ancestorIds = r.path.split('/').filter(Boolean).map(Number).filter((id) => id !== r.id);
    const empty = { grid: null, community: null, street: null, district: null };
    units.set(r.id, { id: r.id, code: r.code, name: r.name, kind: r.kind, level: LEVEL_OF[r.kind] ?? null, ancestorIds, chain: empty });
  }
  for (const u of units.values()) {
    const chain: UnitChain = { grid: null, community: null, street: null, district: null };
    for (const id of [...u.ancestorIds, u.id]) {
      const a = units.get(id);
      if (a?.level) chain[a.level] = { id: a.id, code: a.code, name: a.name };
    }
    u.chain = chain;
  }
  const shapes: Record<Level, Shape[]> = { grid: [], community: [], street: [], district: [] };
  for (const r of rows) {
    const u = units.get(r.id)!;
    const parts = r.active === false || !u.level ? null : prepareGeometry(r.geometry);
    if (parts) shapes[u.level!].push({ unit: u, box: boxOf(parts), parts });
  }
  const prefixes = new Set<string>();
  for (const u of units.values()) {
    if (u.kind === 'city' || u.kind === 'district') prefixes.add(u.name);
    if (u.kind === 'city' && u.name.endsWith('市') && u.name.length > 2) prefixes.add(u.name.slice(0, -1));
  }
  return {
    units,
    levels: { grid: bucket(shapes.grid), community: bucket(shapes.community), street: bucket(shapes.street), district: bucket(shapes.district) },
    prefixes: [...prefixes].sort((a, b) => b.length - a.length),
  };
}

/** The tie rule: strictly inside beats on-the-border; among equals the lowest unit code wins. */
function better(a: { s: Shape; c: string }, b: { s: Shape; c: string }): boolean {
  if (a.c !== b.c) return a.c === 'inside';
  return a.s.unit.code < b.s.unit.code;
}

function hitAt(b: Buckets | null, x: number, y: number): { s: Shape; c: string } | null {
  let best: { s: Shape; c: string } | null = null;
  for (const s of candidates(b, x, y)) {
    const t = BORDER_TOL_DEG;
    if (x < s.box[0] - t || x > s.box[2] + t || y < s.box[1] - t || y > s.box[3] + t) continue;
    const c = classifyPoint(s.parts, x, y);
    if (c !== 'outside' && (!best || better({ s, c }, best))) best = { s, c };
  }
  return best;
}

function snapWithin(index: GeoIndex, level: Level, ancestorId: number, x: number, y: number): GeoUnit | null {
  let best: { u: GeoUnit; d: number } | null = null;
  for (const s of candidates(index.levels[level], x, y)) {
    if (!s.unit.ancestorIds.includes(ancestorId)) continue;
    if (x < s.box[0] - SNAP_DEG || x > s.box[2] + SNAP_DEG || y < s.box[1] - SNAP_DEG || y > s.box[3] + SNAP_DEG) continue;
    const d = distanceM(s.parts, x, y);
    if (d <= SNAP_M && (!best || d < best.d || (d === best.d && s.unit.code < best.u.code))) best = { u: s.unit, d };
  }
  return best?.u ?? null;
}

/**
 * The finest unit containing the point, with its chain. Levels are tried finest first; a point that
 * only a coarser unit contains (a rounding sliver between siblings) snaps to the nearest finer
 * descendant within SNAP_M, else resolves to that coarser unit. Outside every polygon: null.
 */
export function locateInIndex(index: GeoIndex, lon: number, lat: number): Located | null {
  assertCoordinates(lon, lat);
  for (const [i, level] of LEVELS.entries()) {
    const hit = hitAt(index.levels[level], lon, lat);
    if (!hit) continue;
    if (i === 0) return { ...hit.s.unit.chain, level, match: hit.c === 'inside' ? 'inside' : 'border' };
    for (const finer of LEVELS.slice(0, i)) {
      const u = snapWithin(index, finer, hit.s.unit.id, lon, lat);
      if (u) return { ...u.chain, level: finer, match: 'snapped' };
    }
    return { ...hit.s.unit.chain, level, match: 'parent' };
  }
  return null;
}

/** The chain of any unit (grid, community, street, district); null for an unknown id. */
export function chainOf(index: GeoIndex, unitId: number | null): UnitChain | null {
  const u = unitId === null ? undefined : index.units.get(unitId);
  return u ? { ...u.chain } : null;
}
