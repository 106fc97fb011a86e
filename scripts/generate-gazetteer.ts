/**
 * Generator for seed/demo-city/gazetteer.json, the demo city's gazetteer of place names.
 *
 * Real names (seed/demo-city/gazetteer-names.txt) are placed inside the street they belong to: at
 * their approximate real position when the generated street polygon contains it, else pulled from
 * there towards the street's interior until inside; '@社区' entries at a seeded point in that
 * community. Every community also gets an entry at its centroid and three generated residential
 * buildings ('多福巷社区7号楼', '东花市北里西区12号楼'). Each point keeps ≥ MARGIN_M from its grid's
 * border, so locating it gives the grid written next to it whatever the border tie rule.
 * Deterministic (PRNG seeded per name): reruns write the same file.
 *   npx tsx scripts/generate-gazetteer.ts
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { interiorPoint, pointInGeometry, polygonsOf, type PolygonalGeometry, type Position } from '../src/server/db/seed/geo.ts';
import type { DemoUnit } from '../src/server/db/seed/demo-city.ts';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const DIR = path.join(ROOT, 'seed/demo-city');
const MARGIN_M = 8;
const BUILDINGS_PER_COMMUNITY = 3;

type Kind = 'road' | 'place' | 'poi' | 'building' | 'community';
type Entry = { name: string; kind: Kind; aliases?: string[]; unit_code: string; lon: number; lat: number; origin: 'real' | 'generated' };
type Unit = DemoUnit & { geometry: PolygonalGeometry };

function rngFor(key: string): () => number {
  let h = 2166136261;
  for (const ch of key) h = Math.imul(h ^ ch.charCodeAt(0), 16777619);
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function edgeDistanceM(g: PolygonalGeometry, [x, y]: Position): number {
  const kx = Math.cos((y * Math.PI) / 180) * 111_195;
  let best = Infinity;
  for (const p of polygonsOf(g))
    for (const ring of p)
      for (let i = 0; i + 1 < ring.length; i++) {
        const [ax, ay] = [(ring[i][0] - x) * kx, (ring[i][1] - y) * 111_195];
        const [bx, by] = [(ring[i + 1][0] - x) * kx, (ring[i + 1][1] - y) * 111_195];
        const [dx, dy] = [bx - ax, by - ay];
        const t = Math.max(0, Math.min(1, -(ax * dx + ay * dy) / (dx * dx + dy * dy || 1)));
        best = Math.min(best, Math.hypot(ax + t * dx, ay + t * dy));
      }
  return best;
}

const units = JSON.parse(fs.readFileSync(path.join(DIR, 'units.json'), 'utf8')) as DemoUnit[];
const byCode = new Map(units.map((u) => [u.code, u]));
const grids = units.filter((u): u is Unit => u.kind === 'grid' && !!u.geometry);
const under = (code: string) => grids.filter((g) => g.code.startsWith(code));
const round6 = (v: number) => Math.round(v * 1e6) / 1e6;

/** The grid under `container` holding the point with at least MARGIN_M to spare, or null. */
function gridWithMargin(container: string, pt: Position): Unit | null {
  const g = under(container).find((u) => pointInGeometry(pt, u.geometry));
  return g && edgeDistanceM(g.geometry, pt) >= MARGIN_M ? g : null;
}

/** From `from` towards the container's interior point, the first position that is well inside one of its grids. */
function pullInside(container: Unit, from: Position): [Position, Unit] {
  const to = interiorPoint(container.geometry);
  for (let i = 0; i <= 400; i++) {
    const t = i / 400;
    const pt: Position = [round6(from[0] + (to[0] - from[0]) * t), round6(from[1] + (to[1] - from[1]) * t)];
    const g = gridWithMargin(container.code, pt);
    if (g) return [pt, g];
  }
  throw new Error(`no interior point for ${container.name} from ${from}`);
}

function seededPoint(container: Unit, key: string): [Position, Unit] {
  const rnd = rngFor(key);
  const polys = polygonsOf(container.geometry);
  const xs = polys.flatMap((p) => p[0].map((v) => v[0]));
  const ys = polys.flatMap((p) => p[0].map((v) => v[1]));
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (let i = 0; i < 5000; i++) {
    const pt: Position = [round6(x0 + (x1 - x0) * rnd()), round6(y0 + (y1 - y0) * rnd())];
    if (!pointInGeometry(pt, container.geometry)) continue;
    const g = gridWithMargin(container.code, pt);
    if (g) return [pt, g];
  }
  return pullInside(container, interiorPoint(container.geometry));
}

function communityOf(street: Unit, short: string): Unit {
  const c = units.find((u) => u.kind === 'community' && u.parent_code === street.code && u.name === `${short}社区`);
  if (!c?.geometry) throw new Error(`no community ${short}社区 in ${street.name}`);
  return c as Unit;
}

const out: Entry[] = [];
const moved: string[] = [];
let street: Unit | null = null;
for (const raw of fs.readFileSync(path.join(DIR, 'gazetteer-names.txt'), 'utf8').split('\n')) {
  const line = raw.trim();
  if (!line || (line.startsWith('#') && !line.startsWith('## '))) continue;
  if (line.startsWith('## ')) {
    const code = line.slice(3).split(' ')[0];
    street = byCode.get(code) as Unit;
    if (!street?.geometry || street.kind !== 'street') throw new Error(`unknown street ${code}`);
    continue;
  }
  if (!street) throw new Error(`entry before any street: ${line}`);
  const [name, kind, where, aliases] = line.split('|').map((s) => s.trim());
  let placed: [Position, Unit];
  if (where.startsWith('@')) placed = seededPoint(communityOf(street, where.slice(1)), name);
  else if (where) {
    const hint = where.split(',').map(Number) as Position;
    const direct = gridWithMargin(street.code, hint);
    placed = direct ? [hint, direct] : pullInside(street, hint);
    if (!direct) moved.push(name);
  } else placed = seededPoint(street, name);
  const [[lon, lat], grid] = placed;
  const entry: Entry = { name, kind: kind as Kind, unit_code: grid.code, lon, lat, origin: 'real' };
  if (aliases) entry.aliases = aliases.split(',').map((s) => s.trim()).filter(Boolean);
  out.push(entry);
}

// Residential buildings with house numbers, the way callers give addresses inside a compound.
const COMPOUND = /(里|园|苑|区|城|家园)$/;
for (const c of units.filter((u): u is Unit => u.kind === 'community' && !!u.geometry)) {
  const [lon, lat] = c.centroid ?? interiorPoint(c.geometry);
  out.push({ name: c.name, kind: 'community', unit_code: c.code, lon, lat, origin: 'generated' });
  const stem = c.name.replace(/社区$/, '');
  const prefix = COMPOUND.test(stem) ? stem : c.name;
  const rnd = rngFor(`${c.code}/buildings`);
  const numbers = new Set<number>();
  while (numbers.size < BUILDINGS_PER_COMMUNITY) numbers.add(1 + Math.floor(rnd() * 30));
  for (const n of [...numbers].sort((a, b) => a - b)) {
    const name = `${prefix}${n}号楼`;
    const [[blon, blat], grid] = seededPoint(c, name);
    out.push({ name, kind: 'building', unit_code: grid.code, lon: blon, lat: blat, origin: 'generated' });
  }
}

const names = new Set<string>();
for (const e of out) {
  if (names.has(e.name)) throw new Error(`duplicate name ${e.name}`);
  names.add(e.name);
}
fs.writeFileSync(path.join(DIR, 'gazetteer.json'), `[\n${out.map((e) => JSON.stringify(e)).join(',\n')}\n]\n`);
const real = out.filter((e) => e.origin === 'real').length;
console.log(`gazetteer.json: ${out.length} entries (${real} real names, ${out.length - real} generated); ${moved.length} real positions pulled into their street: ${moved.join('、')}`);
