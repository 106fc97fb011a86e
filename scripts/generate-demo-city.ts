/**
 * One-off generator for seed/demo-city/units.json, the 东城区 demo city.
 *
 * Names and codes are real (../shared/data/beijing, see seed/demo-city/SOURCES.md); street, community
 * and grid polygons are NOT: no public street boundaries exist, so they are generated as
 * capacity-constrained power diagrams (weighted Voronoi) clipped to the real district outline.
 * Streets are seeded at their approximate real positions with areas proportional to the official
 * street areas; communities and grids get seeded-random sites relaxed with Lloyd steps.
 * Deterministic: every unit's PRNG is seeded from its code, so reruns write the same file.
 *
 * polygon-clipping and pinyin-pro are used here only, never at run time, and live outside the repo:
 *   mkdir -p /tmp/geo && (cd /tmp/geo && npm init -y && npm i polygon-clipping@0.15.7 pinyin-pro@3.29.4)
 *   npx tsx scripts/generate-demo-city.ts        # DEMO_CITY_GEO_DIR overrides /tmp/geo
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import {
  areaM2, bboxOf, interiorPoint, pointInGeometry, polygonAreaDeg2, ringProblem, ringSignedArea,
  type PolygonCoords, type PolygonalGeometry, type Position as Pt, type Ring,
} from '../src/server/db/seed/geo.ts';

type Multi = PolygonCoords[];
interface Clipper {
  intersection(g: Multi | PolygonCoords, ...o: (Multi | PolygonCoords)[]): Multi;
  union(g: Multi | PolygonCoords, ...o: (Multi | PolygonCoords)[]): Multi;
  difference(g: Multi | PolygonCoords, ...o: (Multi | PolygonCoords)[]): Multi;
}
interface GenUnit {
  code: string; name: string; name_en?: string; kind: string; parent_code: string | null; tier?: string;
  population?: number; area_km2?: number; geometry?: PolygonalGeometry; centroid?: Pt;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DATA = path.resolve(ROOT, '../shared/data/beijing');
const OUT = path.join(ROOT, 'seed/demo-city/units.json');
// hand-curated part: city, hotline centre, departments, enterprises, street English names and sites
const INPUT = path.join(ROOT, 'seed/demo-city/generator-input.json');
const requireGeo = createRequire(path.join(process.env.DEMO_CITY_GEO_DIR ?? '/tmp/geo', 'x.js'));
const pc = requireGeo('polygon-clipping') as Clipper;
const { pinyin } = requireGeo('pinyin-pro') as { pinyin: (s: string, o: object) => string[] };

// ---- deterministic randomness --------------------------------------------------------------
function rngFor(code: string): () => number {
  let h = 2166136261;
  for (const ch of code) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// ---- power diagram in a local frame where both axes are in degrees of latitude ---------------
const LON0 = 116.41;
const LAT0 = 39.92;
const K = Math.cos((LAT0 * Math.PI) / 180);
const toLocal = ([lon, lat]: Pt): Pt => [(lon - LON0) * K, lat - LAT0];
const toLonLat = ([x, y]: Pt): Pt => [x / K + LON0, y + LAT0];

/** Keeps a·x + b·y ≤ c. On a concave ring the result may run along the cut line twice; those
 * zero-width bridges carry no area, so area and centroid stay exact, which is all the fitting needs. */
function clipHalf(ring: Pt[], a: number, b: number, c: number): Pt[] {
  const out: Pt[] = [];
  for (let i = 0; i < ring.length; i++) {
    const p = ring[i];
    const q = ring[(i + 1) % ring.length];
    const fp = a * p[0] + b * p[1] - c;
    const fq = a * q[0] + b * q[1] - c;
    if (fp <= 0) out.push(p);
    if ((fp < 0 && fq > 0) || (fp > 0 && fq < 0)) {
      const t = fp / (fp - fq);
      out.push([p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])]);
    }
  }
  return out;
}

function clipToCell(ring: Pt[], i: number, s: Pt[], w: number[]): Pt[] {
  let r = ring;
  for (let j = 0; j < s.length && r.length; j++) {
    if (j === i) continue;
    const c = s[j][0] ** 2 + s[j][1] ** 2 - s[i][0] ** 2 - s[i][1] ** 2 - w[j] + w[i];
    r = clipHalf(r, 2 * (s[j][0] - s[i][0]), 2 * (s[j][1] - s[i][1]), c);
  }
  return r;
}

/** Area and centroid (local frame) of parent ∩ power cell i. */
function cellMoments(parent: Pt[][][], i: number, s: Pt[], w: number[]): { a: number; c: Pt } {
  let a = 0;
  let cx = 0;
  let cy = 0;
  for (const poly of parent)
    for (const [ri, ring] of poly.entries()) {
      const r = clipToCell(ring, i, s, w);
      // clipping keeps the ring's winding; count the outer ring positive and holes negative
      const sign = (ri === 0 ? 1 : -1) * Math.sign(ringSignedArea([...ring, ring[0]]));
      for (let k = 0; k < r.length; k++) {
        const [x1, y1] = r[k];
        const [x2, y2] = r[(k + 1) % r.length];
        const f = ((x1 * y2 - x2 * y1) / 2) * sign;
        a += f;
        cx += ((x1 + x2) * f) / 3;
        cy += ((y1 + y2) * f) / 3;
      }
    }
  return { a: Math.abs(a), c: a ? [cx / a, cy / a] : s[i] };
}

/** Newton-free weight fitting: raise a cell's weight in proportion to its area deficit. */
function fitWeights(parent: Pt[][][], s: Pt[], w: number[], target: number[], iters: number, tol: number) {
  let m = s.map((_, i) => cellMoments(parent, i, s, w));
  for (let it = 0; it < iters; it++) {
    const err = Math.max(...m.map((x, i) => Math.abs(x.a - target[i]) / target[i]));
    if (err < tol) break;
    for (let i = 0; i < s.length; i++) {
      const d = Math.min(...s.map((q, j) => (j === i ? Infinity : Math.hypot(q[0] - s[i][0], q[1] - s[i][1]))));
      const per = 4 * Math.sqrt(Math.max(m[i].a, target[i] / 4));
      w[i] += (0.5 * (target[i] - m[i].a) * 2 * d) / per;
    }
    m = s.map((_, i) => cellMoments(parent, i, s, w));
  }
  return m;
}

const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

function cleanRing(ring: Ring): Ring | null {
  const r: Ring = [];
  for (const [x, y] of ring) {
    const p: Pt = [round6(x), round6(y)];
    const last = r[r.length - 1];
    if (!last || last[0] !== p[0] || last[1] !== p[1]) r.push(p);
  }
  // rounding can fold a sliver into a spike A-B-A: drop the tip
  for (let k = 1; r.length > 3 && k < r.length - 1; ) {
    if (r[k - 1][0] === r[k + 1][0] && r[k - 1][1] === r[k + 1][1]) {
      r.splice(k, 2);
      k = Math.max(1, k - 1);
    }
    else k++;
  }
  if (r.length && (r[0][0] !== r[r.length - 1][0] || r[0][1] !== r[r.length - 1][1])) r.push(r[0]);
  return r.length >= 4 && Math.abs(ringSignedArea(r)) > 1e-12 ? r : null;
}

function toGeometry(m: Multi): PolygonalGeometry {
  const polys: PolygonCoords[] = [];
  for (const p of m) {
    // RFC 7946 winding: exterior counter-clockwise, holes clockwise
    const rings = p
      .map(cleanRing)
      .filter((r): r is Ring => r !== null)
      .map((r, i) => ((ringSignedArea(r) > 0) === (i === 0) ? r : [...r].reverse()));
    if (rings.length && polygonAreaDeg2(rings) > 0) polys.push(rings);
  }
  if (!polys.length) throw new Error('empty geometry after rounding');
  return polys.length === 1 ? { type: 'Polygon', coordinates: polys[0] } : { type: 'MultiPolygon', coordinates: polys };
}

const multiOf = (g: PolygonalGeometry): Multi => (g.type === 'Polygon' ? [g.coordinates] : g.coordinates);

/**
 * Splits parent into cells with areas ∝ weights. Sites default to random points; `lloyd` relaxation
 * rounds move them to their cell centroids for rounder, more town-like shapes.
 */
function partition(parent: PolygonalGeometry, weights: number[], seedCode: string, fixedSites?: Pt[], lloyd = 8): PolygonalGeometry[] {
  const rng = rngFor(seedCode);
  const local = multiOf(parent).map((p) => p.map((r) => r.slice(0, -1).map(toLocal)));
  const total = local.reduce((s, p) => s + polygonAreaDeg2(p.map((r) => [...r, r[0]])), 0);
  const sum = weights.reduce((a, b) => a + b, 0);
  const target = weights.map((x) => (x / sum) * total);
  const [x0, y0, x1, y1] = bboxOf(parent);
  const sites: Pt[] = fixedSites?.map(toLocal) ?? [];
  while (sites.length < weights.length) {
    const p: Pt = [x0 + rng() * (x1 - x0), y0 + rng() * (y1 - y0)];
    if (pointInGeometry(p, parent)) sites.push(toLocal(p));
  }
  const w = weights.map(() => 0);
  if (weights.length > 1) {
    for (let k = 0; k < (fixedSites ? 0 : lloyd); k++) {
      const m = fitWeights(local, sites, w, target, 40, 0.02);
      m.forEach((x, i) => (sites[i] = x.c));
    }
    const m = fitWeights(local, sites, w, target, 3000, 0.002);
    const err = Math.max(...m.map((x, i) => Math.abs(x.a - target[i]) / target[i]));
    if (err > 0.05) console.warn(`${seedCode}: area fit off by ${(err * 100).toFixed(1)}%`);
  }
  const box: Pt[] = [[-1, -1], [1, -1], [1, 1], [-1, 1]]; // ±1° around the frame origin covers the district
  let cells: Multi[] = sites.map((_, i) => {
    const cell = clipToCell(box, i, sites, w).map(toLonLat);
    return pc.intersection(multiOf(parent), [[...cell, cell[0]]]);
  });
  cells = absorbStrays(cells);
  return cells.map(toGeometry);
}

/** A concave parent can leave a cell with a detached crumb; hand each small crumb to a sibling it
 * touches so units stay in one piece where possible. */
function absorbStrays(cells: Multi[]): Multi[] {
  for (let i = 0; i < cells.length; i++) {
    if (cells[i].length < 2) continue;
    const sorted = [...cells[i]].sort((a, b) => polygonAreaDeg2(b) - polygonAreaDeg2(a));
    const keep: Multi = [sorted[0]];
    for (const crumb of sorted.slice(1)) {
      let moved = false;
      if (polygonAreaDeg2(crumb) < 0.15 * polygonAreaDeg2(sorted[0]))
        for (let j = 0; j < cells.length && !moved; j++) {
          if (j === i || !cells[j].length) continue;
          const u = pc.union(cells[j], [crumb]);
          if (u.length <= cells[j].length) {
            cells[j] = u;
            moved = true;
          }
        }
      if (!moved) keep.push(crumb);
    }
    cells[i] = keep;
  }
  return cells;
}

// ---- reading the reference data -------------------------------------------------------------
function readCsv(file: string): Record<string, string>[] {
  const [head, ...lines] = fs.readFileSync(path.join(DATA, file), 'utf8').trim().split(/\r?\n/);
  const cols = head.split(',');
  return lines.map((l) => Object.fromEntries(l.split(',').map((v, i) => [cols[i], v])));
}

function pinyinName(zh: string, overrides: Record<string, string>): string {
  if (overrides[zh]) return overrides[zh];
  const syl = pinyin(zh, { toneType: 'none', type: 'array', v: true }).map((x) => x.replace('v', 'ü'));
  const joined = syl.map((x, i) => (i > 0 && /^[aoe]/.test(x) ? `'${x}` : x)).join('');
  return joined.charAt(0).toUpperCase() + joined.slice(1);
}

const labelPoint = (g: PolygonalGeometry): Pt => {
  const p = interiorPoint(g).map(round6) as Pt;
  if (!pointInGeometry(p, g)) throw new Error('label point rounded out of its polygon');
  return p;
};
const round4 = (v: number) => Math.round(v * 1e4) / 1e4;

function main() {
  const outline = JSON.parse(fs.readFileSync(path.join(DATA, 'districts_dongcheng_xicheng_outline.geojson'), 'utf8'));
  const dongcheng = outline.features.find((f: { properties: { code: string } }) => f.properties.code === '110101');
  const districtGeom = toGeometry(multiOf(dongcheng.geometry));
  const streets = readCsv('street_population_area_dongcheng.csv').filter((r) => r.district === '东城区');
  const codes = readCsv('streets_beijing_codes.csv').filter((r) => r.district_code === '110101');
  const communities = readCsv('communities_dongcheng_xicheng.csv').filter((r) => r.district_code === '110101');
  if (codes.length !== 17 || streets.length !== 17 || communities.length !== 169) throw new Error('unexpected reference data');

  const input = JSON.parse(fs.readFileSync(INPUT, 'utf8')) as {
    fixed_units: GenUnit[];
    streets: Record<string, { en: string; site: Pt }>;
    pinyin_overrides: Record<string, string>;
  };
  const STREET_INFO = input.streets;
  const district: GenUnit = {
    code: '110101', name: '东城区', name_en: 'Dongcheng District', kind: 'district', parent_code: '110000',
    population: streets.reduce((s, r) => s + Number(r.population), 0), area_km2: 41.84,
    geometry: districtGeom, centroid: labelPoint(districtGeom),
  };
  // tree order: the district goes right before the first unit that hangs under it
  const units = [...input.fixed_units];
  units.splice(units.findIndex((u) => u.parent_code === '110101'), 0, district);

  const streetCodes = codes.map((c) => c.street_code);
  const streetRows = streetCodes.map((code) => streets.find((s) => s.street_code === code)!);
  const streetGeoms = partition(districtGeom, streetRows.map((r) => Number(r.area_km2)), '110101',
    streetCodes.map((c) => STREET_INFO[c].site));
  const streetUnits = streetRows.map((r, i): GenUnit => ({
    code: r.street_code, name: r.street, name_en: `${STREET_INFO[r.street_code].en} Subdistrict`, kind: 'street',
    parent_code: '110101', population: Number(r.population), area_km2: Number(r.area_km2),
    geometry: streetGeoms[i], centroid: labelPoint(streetGeoms[i]),
  }));
  units.push(...streetUnits);

  const communityUnits: GenUnit[] = [];
  for (const st of streetUnits) {
    const rows = communities.filter((c) => c.street_code === st.code);
    const rng = rngFor(`${st.code}/sizes`);
    const weights = rows.map(() => 0.6 + 0.8 * rng());
    const geoms = partition(st.geometry!, weights, st.code);
    // residents follow area with some spread, summing exactly to the street figure
    const share = geoms.map((g) => areaM2(g) * (0.75 + 0.5 * rng()));
    const shareSum = share.reduce((a, b) => a + b, 0);
    const pops = share.map((x) => Math.round((x / shareSum) * st.population!));
    pops[pops.length - 1] += st.population! - pops.reduce((a, b) => a + b, 0);
    rows.forEach((r, i) => {
      const name = r.community.replace(/居委会$/, '');
      communityUnits.push({
        code: r.community_code, name, name_en: `${pinyinName(name.replace(/社区$/, ''), input.pinyin_overrides)} Community`, kind: 'community',
        parent_code: st.code, population: pops[i], area_km2: round4(areaM2(geoms[i]) / 1e6),
        geometry: geoms[i], centroid: labelPoint(geoms[i]),
      });
    });
  }
  units.push(...communityUnits);

  for (const cm of communityUnits) {
    const rng = rngFor(`${cm.code}/grids`);
    const n = cm.area_km2! * (0.8 + 0.4 * rng()) > 0.24 ? 3 : 2;
    const geoms = partition(cm.geometry!, Array.from({ length: n }, () => 0.8 + 0.4 * rng()), cm.code);
    geoms.forEach((g, k) =>
      units.push({
        code: `${cm.code}${String(k + 1).padStart(3, '0')}`, name: `${cm.name}第${k + 1}网格`,
        name_en: `${cm.name_en} Grid ${k + 1}`, kind: 'grid', parent_code: cm.code,
        area_km2: round4(areaM2(g) / 1e6), geometry: g, centroid: labelPoint(g),
      }),
    );
  }
  validate(units);
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, `[\n${units.map((u) => JSON.stringify(u)).join(',\n')}\n]\n`);
  const count = (k: string) => units.filter((u) => u.kind === k).length;
  console.log(`wrote ${OUT}: ${units.length} units (${['street', 'community', 'grid', 'department', 'enterprise'].map((k) => `${count(k)} ${k}`).join(', ')}), ${(fs.statSync(OUT).size / 1e6).toFixed(2)} MB`);
}

/** Rounding to 6 decimals moves a vertex by at most ~0.07 m, so a border may leave a sliver that
 * thin between units; widths are estimated as 4·area/perimeter (the height of a thin triangle). */
function sliverStats(m: Multi): { area: number; width: number } {
  let [area, width] = [0, 0];
  for (const p of m) {
    const a = areaM2({ type: 'Polygon', coordinates: p });
    let per = 0;
    for (const r of p)
      for (let i = 0; i + 1 < r.length; i++)
        per += Math.hypot((r[i + 1][0] - r[i][0]) * 111_320 * K, (r[i + 1][1] - r[i][1]) * 111_030);
    area += a;
    width = Math.max(width, per ? (4 * a) / per : 0);
  }
  return { area, width };
}

const SLIVER_WIDTH_M = 0.15;

/** Checks what SOURCES.md promises and throws when a sliver is wider than SLIVER_WIDTH_M. */
function validate(units: GenUnit[]) {
  const byCode = new Map(units.map((u) => [u.code, u]));
  const worst: Record<string, { area: number; width: number; code: string }> = {};
  const note = (k: string, m: Multi, code: string) => {
    const s = sliverStats(m);
    const w = (worst[k] ??= { area: 0, width: 0, code: '' });
    if (s.width > w.width) Object.assign(w, { width: s.width, code });
    w.area = Math.max(w.area, s.area);
  };
  const kids = new Map<string, GenUnit[]>();
  for (const u of units) {
    if (!u.geometry) continue;
    for (const p of multiOf(u.geometry))
      for (const r of p) {
        const why = ringProblem(r);
        if (why) throw new Error(`${u.code}: invalid ring: ${why}`);
      }
    if (!u.centroid || !pointInGeometry(u.centroid, u.geometry)) throw new Error(`${u.code}: centroid outside`);
    const parent = u.parent_code ? byCode.get(u.parent_code) : undefined;
    if (!parent?.geometry) continue;
    note('child outside parent', pc.difference(multiOf(u.geometry), multiOf(parent.geometry)), u.code);
    kids.set(parent.code, [...(kids.get(parent.code) ?? []), u]);
  }
  for (const [code, list] of kids) {
    for (let i = 0; i < list.length; i++)
      for (let j = i + 1; j < list.length; j++)
        note('sibling overlap', pc.intersection(multiOf(list[i].geometry!), multiOf(list[j].geometry!)), list[i].code);
    const covered = pc.union(multiOf(list[0].geometry!), ...list.slice(1).map((u) => multiOf(u.geometry!)));
    note('parent not covered', pc.difference(multiOf(byCode.get(code)!.geometry!), covered), code);
  }
  for (const [k, w] of Object.entries(worst))
    console.log(`${k}: widest sliver ${w.width.toFixed(3)} m (${w.code || '-'}), largest total ${w.area.toFixed(1)} m² per unit`);
  if (Object.values(worst).some((w) => w.width > SLIVER_WIDTH_M)) throw new Error('sliver wider than tolerance');
}

main();
