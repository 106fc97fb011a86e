// Topic detection over a month at Beijing's volume (~700k orders).
//   npx tsx bench/topics.ts [--orders 700000] [--windows 5]
// The texts of ../shared/data/tipdm2020c/train.csv, segmented once as intake does (jieba tokens),
// repeated with perturbation (each copy drops a fifth of its words and borrows two from another
// message of the same label), spread over the windows. Prints a table and one JSON line, with a
// baseline measured in the same run: one pass that only reads every token.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { parseCsv } from '../src/server/modules/routing/classifier/csv.ts';
import { orderTokens } from '../src/server/modules/routing/duplicates/find-duplicates.ts';
import { findTopics, type ClusterDoc } from '../src/server/modules/themes/topic-clusters.ts';
import { purity } from '../src/server/modules/themes/topic-quality.ts';
import { seededRandom } from '../src/server/modules/routing/classifier/metrics.ts';

const { values } = parseArgs({ options: { orders: { type: 'string', default: '700000' }, windows: { type: 'string', default: '5' } } });
const N = Number(values.orders);
const W = Number(values.windows);
const here = dirname(fileURLToPath(import.meta.url));
const CSV = [resolve(here, '../../shared/data/tipdm2020c/train.csv'), resolve(here, '../../../shared/data/tipdm2020c/train.csv')].find((p) => existsSync(p));
if (!CSV) {
  console.log('SKIP topics bench: ../shared/data/tipdm2020c/train.csv not found (the labelled messages live outside the repo).');
  process.exit(0);
}
const rows = parseCsv(readFileSync(CSV, 'utf8'));
const base = rows.map((r) => ({ label: r.label, tokens: orderTokens(r.title ?? '', r.text) }));
const byLabel = new Map<string, number[]>();
base.forEach((b, i) => byLabel.set(b.label, [...(byLabel.get(b.label) ?? []), i]));
const random = seededRandom(2026);
const docs: ClusterDoc[] = [];
const labels: string[] = [];
for (let i = 0; i < N; i++) {
  const src = base[i % base.length];
  const mates = byLabel.get(src.label)!;
  const mate = base[mates[Math.floor(random() * mates.length)]].tokens;
  const tokens = src.tokens.filter(() => random() > 0.2);
  for (let j = 0; j < 2 && mate.length; j++) tokens.push(mate[Math.floor(random() * mate.length)]);
  docs.push({ tokens, window: Math.floor((i * W) / N) });
  labels.push(src.label);
}

let t = performance.now();
let count = 0;
for (const d of docs) for (const tok of d.tokens) count += tok.length > 0 ? 1 : 0;
const baselineS = (performance.now() - t) / 1000;

t = performance.now();
const cpu = process.cpuUsage();
const topics = findTopics(docs, W);
const detectS = (performance.now() - t) / 1000;
const used = process.cpuUsage(cpu);
// The machine may be shared: CPU seconds of this process say what the work costs, wall seconds what it took.
const detectCpuS = (used.user + used.system) / 1e6;
const assignment = new Int32Array(N).fill(-1);
for (const c of topics) for (const m of c.members) assignment[m] = c.index;

const result = {
  bench: 'topics', orders: N, windows: W, tokens: count, clusters: topics.length, emerging: topics.filter((c) => c.emerging).length,
  detectSeconds: +detectS.toFixed(2), detectCpuSeconds: +detectCpuS.toFixed(2), loadAverage: +(await import('node:os')).loadavg()[0].toFixed(1), baselineTokenPassSeconds: +baselineS.toFixed(3), purity: +purity(assignment, labels).toFixed(3),
  limitSeconds: 60,
};
console.table([{ step: 'read every token once (baseline)', seconds: result.baselineTokenPassSeconds }, { step: 'TF-IDF + k-means + emerging (wall)', seconds: result.detectSeconds }, { step: 'same, CPU seconds of this process', seconds: result.detectCpuSeconds }]);
console.log(JSON.stringify(result));
