/**
 * Geography in-process: latency of locatePoint over 10,000 random points inside the demo district
 * and of resolveAddress over 2,000 address queries (exact, with house numbers, prefixes, typos,
 * garbage), next to a baseline measured on the same database in the same run: a `select 1` round
 * trip. On the embedded database, and on a PostgreSQL server when its binaries are installed.
 * Target: p99 < 1 ms for locatePoint and < 5 ms for routing (resolveAddress) after warm-up.
 *   npx tsx bench/routing-geo.ts [--points 10000] [--addresses 2000]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Db } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { seedDemoCity, DEMO_DISTRICT_CODE } from '../src/server/db/seed/demo-city.ts';
import { pointInGeometry, bboxOf, type PolygonalGeometry, type Position } from '../src/server/db/seed/geo.ts';
import { seedGazetteer } from '../src/server/modules/routing/geo/seed-gazetteer.ts';
import { loadGeoIndex, locatePoint } from '../src/server/modules/routing/geo/locate-point.ts';
import { loadGazetteerIndex, resolveAddress } from '../src/server/modules/routing/geo/gazetteer.ts';
import { onBothDatabases } from './support.ts';

const { values } = parseArgs({ options: { points: { type: 'string', default: '10000' }, addresses: { type: 'string', default: '2000' } } });
const N_POINTS = Number(values.points);
const N_ADDRESSES = Number(values.addresses);

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Stats = { n: number; p50: number; p99: number; max: number; mean: number; cpu: number };
// Wall-clock percentiles include time the process spent descheduled on a busy machine; CPU time per
// operation (process-wide, so it includes the database engine when it runs in-process) does not.
function stats({ us, cpuUs }: { us: number[]; cpuUs: number }): Stats {
  const s = [...us].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  const r = (v: number) => Math.round(v * 10) / 10;
  return { n: s.length, p50: r(at(0.5)), p99: r(at(0.99)), max: r(s[s.length - 1]), mean: r(s.reduce((a, b) => a + b, 0) / s.length), cpu: r(cpuUs / s.length) };
}

async function timed<T>(items: T[], fn: (x: T) => Promise<unknown>): Promise<{ us: number[]; cpuUs: number }> {
  const us: number[] = [];
  const cpu0 = process.cpuUsage();
  for (const x of items) {
    const t0 = process.hrtime.bigint();
    await fn(x);
    us.push(Number(process.hrtime.bigint() - t0) / 1000);
  }
  const cpu = process.cpuUsage(cpu0);
  return { us, cpuUs: cpu.user + cpu.system };
}

async function prepare(db: Db) {
  await migrate(db);
  await seedDemoCity(db, { hashPassword: async (p) => p }); // passwords are not what is measured
  await seedGazetteer(db);
  const district = (await db.query<{ geometry: PolygonalGeometry }>('select geometry from units where code = $1', [DEMO_DISTRICT_CODE])).rows[0].geometry;
  const names = (await db.query<{ name: string }>('select name from gazetteer order by id')).rows.map((r) => r.name);
  return { district, names };
}

function randomPoints(district: PolygonalGeometry, n: number): Position[] {
  const rnd = rng(1);
  const [x0, y0, x1, y1] = bboxOf(district);
  const out: Position[] = [];
  while (out.length < n) {
    const p: Position = [x0 + (x1 - x0) * rnd(), y0 + (y1 - y0) * rnd()];
    if (pointInGeometry(p, district)) out.push(p);
  }
  return out;
}

const TYPO_CHARS = [...'景京径镜华花门们大达街接路鹿胡湖同通东冬西希南楠北背'];
function addressQueries(names: string[], n: number): { q: string; kind: string }[] {
  const rnd = rng(2);
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const out: { q: string; kind: string }[] = [];
  for (let i = 0; i < n; i++) {
    const name = pick(names);
    const chars = [...name];
    const r = rnd();
    if (r < 0.4) out.push({ q: name, kind: 'exact' });
    else if (r < 0.6) out.push({ q: `北京市东城区${name}${1 + Math.floor(rnd() * 120)}号`, kind: 'house number' });
    else if (r < 0.75) out.push({ q: chars.slice(0, Math.max(2, chars.length - 1)).join(''), kind: 'prefix' });
    else if (r < 0.9) {
      const k = Math.floor(rnd() * chars.length);
      chars[k] = pick(TYPO_CHARS);
      out.push({ q: chars.join(''), kind: 'typo' });
    } else out.push({ q: `xyzzy${Math.floor(rnd() * 1e6)}不存在的路`, kind: 'garbage' });
  }
  return out;
}

async function measure(label: string, db: Db) {
  const { district, names } = await prepare(db);
  const points = randomPoints(district, N_POINTS);
  const queries = addressQueries(names, N_ADDRESSES);

  let t0 = performance.now();
  await loadGeoIndex(db);
  const geoLoadMs = performance.now() - t0;
  t0 = performance.now();
  await loadGazetteerIndex(db);
  const gazLoadMs = performance.now() - t0;

  // warm-up: JIT and the database's own caches
  await timed(points.slice(0, 2000), ([x, y]) => locatePoint(db, x, y));
  await timed(queries.slice(0, 300), ({ q }) => resolveAddress(db, q));
  await timed(Array.from({ length: 500 }), () => db.query('select 1'));

  const baseline = stats(await timed(Array.from({ length: 2000 }), () => db.query('select 1')));
  const matches: Record<string, number> = {};
  const locate = stats(
    await timed(points, async ([x, y]) => {
      const r = await locatePoint(db, x, y);
      const m = r ? r.match : 'none';
      matches[m] = (matches[m] ?? 0) + 1;
    }),
  );
  const resolved: Record<string, [number, number]> = {};
  const address = stats(
    await timed(queries, async ({ q, kind }) => {
      const r = await resolveAddress(db, q);
      const c = (resolved[kind] ??= [0, 0]);
      c[0] += r.found ? 1 : 0;
      c[1] += 1;
    }),
  );
  const resolvedShare = Object.fromEntries(Object.entries(resolved).map(([k, [f, n]]) => [k, Math.round((f / n) * 1000) / 1000]));
  return { label, loadMs: { geo: Math.round(geoLoadMs), gazetteer: Math.round(gazLoadMs) }, baseline, locate, address, matches, resolvedShare };
}

const rows = await onBothDatabases(measure);

console.log(`\nGeography benchmark: ${N_POINTS} points, ${N_ADDRESSES} addresses, ${os.cpus().length} cores, load average ${os.loadavg()[0].toFixed(1)}, Node ${process.version}`);
console.log('database              operation                    n   p50 µs   p99 µs   max µs  mean µs  cpu µs/op');
for (const r of rows) {
  for (const [op, s] of [['baseline select 1', r.baseline], ['locatePoint', r.locate], ['resolveAddress', r.address]] as const) {
    console.log(`${r.label.padEnd(20)}  ${op.padEnd(22)} ${String(s.n).padStart(6)} ${String(s.p50).padStart(8)} ${String(s.p99).padStart(8)} ${String(s.max).padStart(8)} ${String(s.mean).padStart(8)} ${String(s.cpu).padStart(10)}`);
  }
  console.log(`${''.padEnd(22)}cold load: polygons ${r.loadMs.geo} ms, gazetteer ${r.loadMs.gazetteer} ms; point matches ${JSON.stringify(r.matches)}; resolved share ${JSON.stringify(r.resolvedShare)}`);
}
const ok = rows.every((r) => r.locate.p99 < 1000 && r.address.p99 < 5000);
console.log(`target (p99 < 1 ms locatePoint, < 5 ms resolveAddress, in-process): ${ok ? 'met' : 'NOT met'}`);
console.log(JSON.stringify({ bench: 'routing-geo', points: N_POINTS, addresses: N_ADDRESSES, cores: os.cpus().length, loadAverage: os.loadavg()[0], results: rows }));
