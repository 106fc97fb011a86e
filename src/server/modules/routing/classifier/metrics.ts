// Evaluation helpers. Splits are seeded so every run (tests, bench, CV model
// selection) sees exactly the same folds.

export interface ClassStats {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface Evaluation {
  n: number;
  accuracy: number;
  macroF1: number;
  perClass: ClassStats[];
  labels: string[];
  /** confusion[i][j] = count of gold labels[i] predicted as labels[j]. */
  confusion: number[][];
}

/** mulberry32: tiny, fast, good enough for shuffling. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffleInPlace<T>(arr: T[], rnd: () => number): T[] {
  for (let i = arr.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    const t = arr[i];
    arr[i] = arr[j];
    arr[j] = t;
  }
  return arr;
}

function indicesByLabel(labels: readonly string[]): Map<string, number[]> {
  const by = new Map<string, number[]>();
  labels.forEach((l, i) => {
    let arr = by.get(l);
    if (!arr) by.set(l, (arr = []));
    arr.push(i);
  });
  // Sorted keys so the result does not depend on first-appearance order.
  return new Map([...by.entries()].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)));
}

/** Stratified k folds: returns k arrays of test indices (disjoint, covering all rows). */
export function stratifiedKFold(labels: readonly string[], k: number, seed = 42): number[][] {
  if (k < 2) throw new Error('stratifiedKFold: k must be >= 2');
  const rnd = seededRandom(seed);
  const folds: number[][] = Array.from({ length: k }, () => []);
  // A running offset spreads each class's remainder across different folds so fold sizes stay balanced.
  let offset = 0;
  for (const idx of indicesByLabel(labels).values()) {
    shuffleInPlace(idx, rnd);
    idx.forEach((row, i) => folds[(i + offset) % k].push(row));
    offset = (offset + idx.length) % k;
  }
  for (const f of folds) f.sort((a, b) => a - b);
  return folds;
}

/** Stratified holdout split: about testFraction of every class goes to test. */
export function stratifiedSplit(
  labels: readonly string[],
  testFraction = 0.2,
  seed = 42,
): { train: number[]; test: number[] } {
  const rnd = seededRandom(seed);
  const train: number[] = [];
  const test: number[] = [];
  for (const idx of indicesByLabel(labels).values()) {
    shuffleInPlace(idx, rnd);
    const nTest = Math.round(idx.length * testFraction);
    test.push(...idx.slice(0, nTest));
    train.push(...idx.slice(nTest));
  }
  train.sort((a, b) => a - b);
  test.sort((a, b) => a - b);
  return { train, test };
}

/** Complement of a set of test indices among 0..n-1. */
export function complementIndices(n: number, test: readonly number[]): number[] {
  const mark = new Uint8Array(n);
  for (const i of test) mark[i] = 1;
  const out: number[] = [];
  for (let i = 0; i < n; i++) if (!mark[i]) out.push(i);
  return out;
}

export function accuracy(gold: readonly string[], pred: readonly string[]): number {
  if (gold.length !== pred.length) throw new Error('accuracy: length mismatch');
  if (gold.length === 0) return 0;
  let ok = 0;
  for (let i = 0; i < gold.length; i++) if (gold[i] === pred[i]) ok++;
  return ok / gold.length;
}

export function confusionMatrix(gold: readonly string[], pred: readonly string[], labels: readonly string[]): number[][] {
  const pos = new Map(labels.map((l, i) => [l, i]));
  const m = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < gold.length; i++) {
    const g = pos.get(gold[i]);
    const p = pos.get(pred[i]);
    if (g !== undefined && p !== undefined) m[g][p]++;
  }
  return m;
}

/** Full report. Labels default to the sorted union of gold and predicted labels. */
export function evaluate(gold: readonly string[], pred: readonly string[], labels?: readonly string[]): Evaluation {
  const labs = labels ? [...labels] : [...new Set([...gold, ...pred])].sort();
  const confusion = confusionMatrix(gold, pred, labs);
  const perClass: ClassStats[] = labs.map((label, i) => {
    const tp = confusion[i][i];
    const support = confusion[i].reduce((a, b) => a + b, 0);
    const predicted = confusion.reduce((a, row) => a + row[i], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
  const macroF1 = perClass.length ? perClass.reduce((a, c) => a + c.f1, 0) / perClass.length : 0;
  return { n: gold.length, accuracy: accuracy(gold, pred), macroF1, perClass, labels: labs, confusion };
}

/** Softmax of scale·scores (numerically stable). */
export function softmax(scores: ArrayLike<number>, scale: number): Float64Array {
  let max = -Infinity;
  for (let i = 0; i < scores.length; i++) max = Math.max(max, scores[i]);
  const p = Float64Array.from(scores, (s) => Math.exp(scale * (s - max)));
  const z = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / z);
}

/** Temperature scaling: the softmax scale minimising log-loss of held-out scores (golden-section search). */
export function fitSoftmaxScale(scores: ArrayLike<number>[], gold: number[], lo = 0.1, hi = 30): number {
  const nll = (a: number) => scores.reduce((acc, m, i) => acc - Math.log(softmax(m, a)[gold[i]] + 1e-12), 0);
  const r = (Math.sqrt(5) - 1) / 2;
  for (let it = 0; it < 40; it++) {
    const a = hi - r * (hi - lo);
    const c = lo + r * (hi - lo);
    if (nll(a) < nll(c)) hi = c;
    else lo = a;
  }
  return (lo + hi) / 2;
}
