/**
 * The repeat detector alone (no database) on a month of synthetic candidates spread over grids,
 * the size of a district's month at 10 million orders (≈ 800,000 orders in 412 grids):
 *   npx tsx bench/repeat-detector.ts [--orders 800000] [--buckets 412] [--kind place|requester] [--only 412]
 * `--only K` runs the detector on the first K buckets' orders alone (a bucket costs the same as any
 * other), for an algorithm too slow to finish the whole month. Prints a table and a JSON line with a
 * baseline measured in the same run (building the candidates).
 */
import { parseArgs } from 'node:util';
import { DEFAULT_REPEAT, findRepeats, type RepeatCandidate } from '../src/server/modules/analysis/repeat-detector.ts';

const { values } = parseArgs({ options: { orders: { type: 'string', default: '800000' }, buckets: { type: 'string', default: '412' }, kind: { type: 'string', default: 'place' }, only: { type: 'string' } } });
const N = Number(values.orders);
const B = Number(values.buckets);
const only = Number(values.only ?? B);
const kind = values.kind === 'requester' ? 'requester' : 'place';

// A deterministic generator, so every run reads the same month.
let seed = 42;
const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const zipf = (n: number) => Math.min(n - 1, Math.floor(Math.exp(rnd() * Math.log(n + 1)) - 1));
const VOCAB = Array.from({ length: 3000 }, (_, i) => `词${i.toString(36)}`);
const CATS = Array.from({ length: 120 }, (_, i) => `C${i}`);
const T0 = Date.parse('2026-03-01T00:00:00+08:00');

const t0 = performance.now();
const orders: RepeatCandidate[] = [];
for (let i = 0; i < N; i++) {
  const b = i % B;
  if (b >= only) continue;
  const tokens = Array.from({ length: 6 + Math.floor(rnd() * 10) }, () => VOCAB[zipf(VOCAB.length)]);
  orders.push({
    id: i + 1,
    receivedAt: new Date(T0 + Math.floor(rnd() * 30 * 86_400_000)),
    gridId: b + 1,
    address: null,
    // requesters: each bucket a pool of callers, some calling often
    phone: `139${String(b).padStart(4, '0')}${String(zipf(4000)).padStart(4, '0')}`,
    category: rnd() < 0.1 ? null : CATS[zipf(CATS.length)],
    tokens,
  });
}
const build = performance.now() - t0;
const t1 = performance.now();
const cpu = process.cpuUsage();
const r = findRepeats(orders, { ...DEFAULT_REPEAT, kind });
const detectCpu = process.cpuUsage(cpu);
const detect = performance.now() - t1;
const cpuMs = (detectCpu.user + detectCpu.system) / 1000;
const grouped = r.groups.reduce((s, g) => s + g.orderIds.length, 0);
console.log(`${'what'.padEnd(48)}${'ms'.padStart(10)}${'cpu ms'.padStart(10)}`);
console.log(`${'build candidates (baseline)'.padEnd(48)}${build.toFixed(0).padStart(10)}`);
console.log(`${`detect ${kind}, ${orders.length} orders, ${Math.min(only, B)} buckets`.padEnd(48)}${detect.toFixed(0).padStart(10)}${cpuMs.toFixed(0).padStart(10)}`);
console.log(JSON.stringify({ bench: 'repeat-detector', kind, orders: orders.length, buckets: Math.min(only, B), baselineBuildMs: build, detectMs: detect, detectCpuMs: cpuMs, groups: r.groups.length, grouped, comparisons: r.comparisons, cappedOrders: r.cappedOrders }));
