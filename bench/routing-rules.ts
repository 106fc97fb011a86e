/**
 * proposeRouting in-process: latency percentiles over many calls with varied inputs (every active
 * level-3 category, every street, some orders without a place), next to a same-run baseline
 * (`select 1` round trip on the same database handle) so figures compare across machines.
 * Target: p99 < 5 ms. Runs on the embedded PostgreSQL and, where server binaries exist, on a PostgreSQL server.
 *   npx tsx bench/routing-rules.ts [--calls 20000]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { Db } from '../src/server/db/client.ts';
import { migrate } from '../src/server/db/migrate.ts';
import { seedReference } from '../src/server/db/seed/reference.ts';
import { seedDemoCity } from '../src/server/db/seed/demo-city.ts';
import { seedRouting } from '../src/server/modules/routing/seed-routing.ts';
import { proposeRouting, type ProposeInput } from '../src/server/modules/routing/catalogue/propose-routing.ts';
import { forgetRouting } from '../src/server/modules/routing/catalogue/routing-snapshot.ts';
import { checkEntry } from '../src/server/modules/routing/duty-lists/entry-control.ts';
import { onBothDatabases } from './support.ts';

const { values } = parseArgs({ options: { calls: { type: 'string', default: '20000' } } });
const CALLS = Number(values.calls);
const URGENCIES = ['emergency', 'utilities', 'general', 'complex'];
const TYPES = ['inquiry', 'help', 'complaint', 'report', 'suggestion'];

type Stats = { calls: number; p50: number; p99: number; max: number; mean: number };

function stats(us: number[]): Stats {
  const s = [...us].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor(p * s.length))];
  return { calls: s.length, p50: round(at(0.5)), p99: round(at(0.99)), max: round(s[s.length - 1]), mean: round(s.reduce((a, b) => a + b, 0) / s.length) };
}
const round = (x: number) => Math.round(x * 10) / 10;

async function timeEach(n: number, fn: (i: number) => Promise<unknown>): Promise<number[]> {
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await fn(i);
    out[i] = (performance.now() - t0) * 1000;
  }
  return out;
}

// a fixed-seed generator so every run asks the same questions
function rng(seed: number) {
  return () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
}

async function run(label: string, db: Db) {
  await migrate(db);
  await seedReference(db);
  await seedDemoCity(db, { hashPassword: async (p) => `bench:${p}` }); // no one signs in here: skip the slow hash
  await seedRouting(db);
  const cats = (await db.query<{ code: string }>(
    `select code from categories where level = 3 and active and taxonomy_version_id = (select id from taxonomy_versions where status = 'active') order by code`,
  )).rows.map((r) => r.code);
  const streets = (await db.query<{ id: number }>(`select id from units where kind = 'street' order by id`)).rows.map((r) => r.id);
  const rand = rng(42);
  const pick = <T>(xs: T[]) => xs[Math.floor(rand() * xs.length)];
  const at = new Date('2026-03-02T02:00:00Z');
  const inputs: ProposeInput[] = Array.from({ length: CALLS }, () => ({
    categoryCode: pick(cats), requestType: pick(TYPES), urgency: pick(URGENCIES),
    streetId: rand() < 0.1 ? null : pick(streets), districtId: null, at,
  }));

  await forgetRouting(db);
  const t0 = performance.now();
  await proposeRouting(db, inputs[0]);
  const coldMs = round(performance.now() - t0);
  await timeEach(1000, (i) => proposeRouting(db, inputs[i % inputs.length])); // warm-up: JIT
  await timeEach(1000, () => db.query('select 1'));

  const baseline = stats(await timeEach(CALLS, () => db.query('select 1')));
  const propose = stats(await timeEach(CALLS, (i) => proposeRouting(db, inputs[i])));
  const entry = stats(await timeEach(CALLS, (i) => checkEntry(db, { unitId: inputs[i].streetId ?? streets[0], role: 'lead', categoryCode: inputs[i].categoryCode!, at })));
  return { label, categories: cats.length, streets: streets.length, coldSnapshotMs: coldMs, baseline, propose, entry };
}

const results = await onBothDatabases(run);

console.log(`\nRouting benchmark: ${CALLS} calls per operation, in-process, ${os.cpus().length} cores, Node ${process.version}`);
console.log('database              operation                     p50 µs    p99 µs    max µs   mean µs');
for (const r of results) {
  const line = (op: string, s: Stats) =>
    console.log(`${r.label.padEnd(20)}  ${op.padEnd(26)} ${String(s.p50).padStart(9)} ${String(s.p99).padStart(9)} ${String(s.max).padStart(9)} ${String(s.mean).padStart(9)}`);
  line('baseline: select 1', r.baseline);
  line('proposeRouting', r.propose);
  line('checkEntry', r.entry);
  console.log(`${''.padEnd(20)}  first call (snapshot load): ${r.coldSnapshotMs} ms; ${r.categories} categories × ${r.streets} streets`);
}
const worst = Math.max(...results.map((r) => r.propose.p99));
console.log(`target (proposeRouting p99 < 5 ms): ${worst < 5000 ? 'met' : 'NOT met'}`);
console.log(JSON.stringify({ bench: 'routing-rules', calls: CALLS, results }));
