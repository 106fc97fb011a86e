/**
 * MinHash with banded LSH over token sets: documents that share a bucket in any band are joined
 * (union-find). Tried against k-means for topic detection and kept for the comparison the bench
 * and the quality test print: it finds near-duplicates, not topics (see topic-quality.test.ts).
 */
export type LshOptions = { bands: number; rows: number; seed: number };

export const LSH_DEFAULTS: LshOptions = { bands: 16, rows: 3, seed: 7 };

function hash32(s: string, seed: number): number {
  let h = 2166136261 ^ seed;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  h ^= h >>> 13;
  h = Math.imul(h, 0x5bd1e995);
  return (h ^ (h >>> 15)) >>> 0;
}

export function lshClusters(docs: readonly (readonly string[])[], options: Partial<LshOptions> = {}): Int32Array {
  const o = { ...LSH_DEFAULTS, ...options };
  const parent = Int32Array.from(docs.keys());
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const n = o.bands * o.rows;
  const buckets = Array.from({ length: o.bands }, () => new Map<string, number>());
  docs.forEach((d, i) => {
    if (!d.length) return;
    const sig = new Uint32Array(n).fill(0xffffffff);
    for (const t of d) for (let j = 0; j < n; j++) sig[j] = Math.min(sig[j], hash32(t, o.seed + j * 7919));
    for (let b = 0; b < o.bands; b++) {
      const key = Array.from(sig.subarray(b * o.rows, (b + 1) * o.rows)).join(',');
      const other = buckets[b].get(key);
      if (other === undefined) buckets[b].set(key, i);
      else parent[find(i)] = find(other);
    }
  });
  return Int32Array.from(docs.keys(), (i) => find(i));
}
