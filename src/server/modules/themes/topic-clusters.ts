import { assignToCentroids, sphericalKMeans, subsetVectors, topTerms, type KMeansResult } from './topic-kmeans.ts';
import { buildVectors } from './topic-vectors.ts';

export type ClusterDoc = { tokens: readonly string[]; window: number };

export type ClusterOptions = { k?: number; sampleSize?: number; seed?: number; maxIterations?: number };

export type TopicCluster = {
  index: number;
  topTerms: string[];
  /** documents per window, oldest first; the last is the window being examined */
  counts: number[];
  members: number[];
  current: number;
  baseline: number;
  growth: number;
  z: number;
  emerging: boolean;
};

/** Orders in a month of Beijing: more than a sample this size fits centroids on the sample, then assigns every order once. */
export const FIT_SAMPLE = 60_000;

/** Enough clusters to separate matters within a category, few enough to stay readable: ~√(n/10), 4–80. */
export function defaultK(n: number): number {
  return Math.max(Math.min(4, n), Math.min(80, Math.round(Math.sqrt(n / 10))));
}

export function clusterDocs(docs: readonly ClusterDoc[], o: ClusterOptions = {}): { result: KMeansResult; vocabulary: string[] } {
  const n = docs.length;
  const v = buildVectors(docs.map((d) => d.tokens), { minDf: n < 200 ? 1 : n < 5000 ? 2 : 3, maxDfShare: n < 200 ? 0.5 : 0.2, maxTerms: 20_000 });
  const k = o.k ?? defaultK(n);
  const sampleSize = o.sampleSize ?? FIT_SAMPLE;
  if (n <= sampleSize) return { result: sphericalKMeans(v, { k, seed: o.seed, maxIterations: o.maxIterations ?? 15 }), vocabulary: v.vocabulary };
  // an even stride over the documents, so the sample spans every window
  const ids = Array.from({ length: sampleSize }, (_, i) => Math.floor((i * n) / sampleSize));
  const fitted = sphericalKMeans(subsetVectors(v, ids), { k, seed: o.seed, maxIterations: o.maxIterations ?? 10 });
  return { result: assignToCentroids(v, fitted), vocabulary: v.vocabulary };
}

/** Clusters whose centroids are this close describe one matter split by k-means: they are counted as one. */
export const MERGE_COSINE = 0.5;

/** Root cluster of each cluster after joining centroids with cosine ≥ MERGE_COSINE (union-find). */
export function mergeSimilar(r: KMeansResult, vocabularySize: number, threshold = MERGE_COSINE): Int32Array {
  const k = r.k;
  const root = Int32Array.from({ length: k }, (_, i) => i);
  const find = (x: number): number => (root[x] === x ? x : (root[x] = find(root[x])));
  const dots = new Float64Array(k * k);
  for (let t = 0; t < vocabularySize; t++) {
    const base = t * k;
    for (let a = 0; a < k; a++) {
      const wa = r.centroids[base + a];
      if (!wa) continue;
      for (let b = a + 1; b < k; b++) dots[a * k + b] += wa * r.centroids[base + b];
    }
  }
  for (let a = 0; a < k; a++) for (let b = a + 1; b < k; b++) if (dots[a * k + b] >= threshold) root[find(b)] = find(a);
  return Int32Array.from(root, (_, i) => find(i));
}

export type EmergingRule = { minCount: number; minGrowth: number; minZ: number };

/** At least five orders this window, half again its usual level, and two Poisson standard deviations above it. */
export const EMERGING_DEFAULTS: EmergingRule = { minCount: 5, minGrowth: 1.5, minZ: 2 };

/**
 * Clusters over the window and the windows before it, each judged against its own usual level:
 * a cluster is emerging when the last window holds clearly more than the mean of the earlier ones.
 */
export function findTopics(docs: readonly ClusterDoc[], windows: number, o: ClusterOptions & { rule?: EmergingRule } = {}): TopicCluster[] {
  if (!docs.length) return [];
  const rule = o.rule ?? EMERGING_DEFAULTS;
  const { result, vocabulary } = clusterDocs(docs, o);
  const root = mergeSimilar(result, vocabulary.length);
  const byCluster = Array.from({ length: result.k }, () => ({ counts: new Array<number>(windows).fill(0), members: [] as number[] }));
  docs.forEach((d, i) => {
    const c = result.assignment[i] < 0 ? -1 : root[result.assignment[i]];
    if (c < 0 || d.window < 0 || d.window >= windows) return;
    byCluster[c].counts[d.window]++;
    byCluster[c].members.push(i);
  });
  return byCluster
    .map(({ counts, members }, index) => {
      const current = counts[windows - 1];
      const before = counts.slice(0, -1);
      const baseline = before.length ? before.reduce((s, x) => s + x, 0) / before.length : 0;
      const growth = (current + 1) / (baseline + 1);
      const z = (current - baseline) / Math.sqrt(baseline + 1);
      const emerging = current >= rule.minCount && growth >= rule.minGrowth && z >= rule.minZ;
      return { index, topTerms: topTerms(result, vocabulary, index, 8), counts, members, current, baseline, growth, z, emerging };
    })
    .filter((c) => c.members.length > 0)
    .sort((a, b) => Number(b.emerging) - Number(a.emerging) || b.z - a.z);
}
