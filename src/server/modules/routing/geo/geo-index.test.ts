import { describe, expect, it } from 'vitest';
import { AppError } from '../../../lib/errors.ts';
import { buildGeoIndex, classifyPoint, locateInIndex, prepareGeometry, SNAP_M, type UnitRow } from './geo-index.ts';

// A toy city on a 4 × 2 degree block: two streets, one community each; street 1 has grid 1 (with a
// hole) holding grid 3 as an island, and grid 2; street 2 has grid 4 as two separate parts with a
// gap between them that only the community covers.
const box = (x0: number, y0: number, x1: number, y1: number) => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const poly = (...rings: number[][][]) => ({ type: 'Polygon', coordinates: rings });
const U = (id: number, code: string, kind: string, path: string, geometry: UnitRow['geometry']): UnitRow => ({ id, code, name: `${kind}-${code}`, kind, path, geometry });

const rows: UnitRow[] = [
  U(1, 'D', 'district', '/1/', poly(box(10, 10, 14, 12))),
  U(2, 'D01', 'street', '/1/2/', poly(box(10, 10, 12, 12))),
  U(3, 'D02', 'street', '/1/3/', poly(box(12, 10, 14, 12))),
  U(4, 'D01C1', 'community', '/1/2/4/', poly(box(10, 10, 12, 12))),
  U(5, 'D02C1', 'community', '/1/3/5/', poly(box(12, 10, 14, 12))),
  U(6, 'D01C1G1', 'grid', '/1/2/4/6/', poly(box(10, 10, 11, 12), box(10.25, 10.5, 10.75, 11.5).reverse())),
  U(7, 'D01C1G2', 'grid', '/1/2/4/7/', poly(box(11, 10, 12, 12))),
  U(8, 'D01C1G3', 'grid', '/1/2/4/8/', poly(box(10.25, 10.5, 10.75, 11.5))),
  U(9, 'D02C1G4', 'grid', '/1/3/5/9/', { type: 'MultiPolygon', coordinates: [[box(12, 10, 13, 12)], [box(13.5, 10, 14, 12)]] }),
  U(10, 'X', 'department', '/10/', null),
];
const index = buildGeoIndex(rows);
const gridAt = (lon: number, lat: number) => locateInIndex(index, lon, lat)?.grid?.code ?? null;

describe('point in polygon', () => {
  it('uses even-odd over all rings, so a hole is outside its polygon', () => {
    const g1 = prepareGeometry(rows[5].geometry)!;
    expect(classifyPoint(g1, 10.1, 11)).toBe('inside');
    expect(classifyPoint(g1, 10.5, 11)).toBe('outside');
    expect(classifyPoint(g1, 10.25, 11)).toBe('border');
  });

  it('handles MultiPolygon parts and ignores geometry it does not know', () => {
    const g4 = prepareGeometry(rows[8].geometry)!;
    expect(classifyPoint(g4, 12.5, 11)).toBe('inside');
    expect(classifyPoint(g4, 13.7, 11)).toBe('inside');
    expect(classifyPoint(g4, 13.2, 11)).toBe('outside');
    expect(prepareGeometry({ type: 'Point', coordinates: [1, 2] })).toBeNull();
    expect(prepareGeometry(null)).toBeNull();
  });
});

describe('locateInIndex', () => {
  it('returns the grid and its whole chain', () => {
    const r = locateInIndex(index, 10.1, 10.2)!;
    expect(r.grid?.code).toBe('D01C1G1');
    expect(r.community?.code).toBe('D01C1');
    expect(r.street?.code).toBe('D01');
    expect(r.district?.code).toBe('D');
    expect(r.match).toBe('inside');
  });

  it('puts a point in a hole into the island grid, not the holed one', () => {
    expect(gridAt(10.5, 11)).toBe('D01C1G3');
  });

  it('finds a grid by either part of a MultiPolygon', () => {
    expect(gridAt(13.7, 11)).toBe('D02C1G4');
    expect(gridAt(12.2, 10.1)).toBe('D02C1G4');
  });

  it('gives a point on a shared border to the lowest code, every time', () => {
    for (let i = 0; i < 3; i++) {
      const edge = locateInIndex(index, 11, 11)!;
      expect(edge.grid?.code).toBe('D01C1G1');
      expect(edge.match).toBe('border');
    }
    // on the street border: D01C1G2 (street D01) against D02C1G4 (street D02)
    expect(locateInIndex(index, 12, 11)?.street?.code).toBe('D01');
    // a corner of the hole is on the border of both the holed grid and the island: lowest code again
    expect(gridAt(10.25, 10.5)).toBe('D01C1G1');
    // floating-point noise around the edge is still the border
    expect(gridAt(11 + 1e-12, 11)).toBe('D01C1G1');
    expect(gridAt(11 - 1e-12, 11)).toBe('D01C1G1');
  });

  it('falls back to the finest containing unit where no grid is', () => {
    const r = locateInIndex(index, 13.25, 11)!;
    expect(r.grid).toBeNull();
    expect(r.community?.code).toBe('D02C1');
    expect(r.street?.code).toBe('D02');
    expect(r.match).toBe('parent');
    expect(r.level).toBe('community');
  });

  it('snaps across a rounding sliver to the nearest grid within SNAP_M', () => {
    const metre = 1 / (111_195 * Math.cos((11 * Math.PI) / 180));
    const r = locateInIndex(index, 13 + 0.3 * metre, 11)!;
    expect(r.grid?.code).toBe('D02C1G4');
    expect(r.match).toBe('snapped');
    expect(locateInIndex(index, 13 + (SNAP_M + 0.5) * metre, 11)?.match).toBe('parent');
  });

  it('returns null outside every polygon', () => {
    expect(locateInIndex(index, 20, 20)).toBeNull();
    expect(locateInIndex(index, 14.0001, 11)).toBeNull();
    expect(locateInIndex(index, -116.4, -39.9)).toBeNull();
  });

  it('refuses coordinates that are not coordinates', () => {
    for (const [lon, lat] of [[NaN, 11], [11, NaN], [Infinity, 11], [999, 11], [11, -91], [-180.0001, 0]]) {
      let err: unknown;
      try {
        locateInIndex(index, lon, lat);
      } catch (e) {
        err = e;
      }
      expect(err, `${lon},${lat}`).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe('validation_failed');
    }
    expect(locateInIndex(index, 180, 90)).toBeNull();
  });

  it('keeps units without geometry out of the polygons but in the chains', () => {
    expect(index.units.get(10)?.level).toBeNull();
    expect(index.prefixes).toEqual(['district-D']);
  });
});
