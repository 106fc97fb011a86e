/**
 * Orders as TF-IDF vectors over their stored jieba tokens, in flat typed arrays: a month of
 * Beijing's requests (~700k orders) is ~40 M token occurrences, and objects per document would
 * spend more time in the garbage collector than in the arithmetic.
 */
export type DocVectors = {
  /** document i's terms are terms[offsets[i] .. offsets[i+1]) with weights[...] (L2-normalised) */
  offsets: Int32Array;
  terms: Int32Array;
  weights: Float32Array;
  vocabulary: string[];
  /** documents each term appears in */
  df: Int32Array;
};

export type VectorOptions = {
  /** drop terms in fewer documents than this (typos, names, addresses) */
  minDf: number;
  /** drop terms in more than this share of documents (请求, 反映, 问题) */
  maxDfShare: number;
  /** keep at most this many terms, the most frequent */
  maxTerms: number;
  /** keep a document's heaviest terms only: k-means costs terms per document × k, and the tail carries little */
  maxPerDoc: number;
};

export const VECTOR_DEFAULTS: VectorOptions = { minDf: 3, maxDfShare: 0.2, maxTerms: 20_000, maxPerDoc: Number.MAX_SAFE_INTEGER };

export function buildVectors(docs: readonly (readonly string[])[], options: Partial<VectorOptions> = {}): DocVectors {
  const opts = { ...VECTOR_DEFAULTS, ...options };
  const n = docs.length;
  // one hash lookup per token: tokens become ids, document frequencies counted on the way
  const ids = new Map<string, number>();
  const names: string[] = [];
  let total = 0;
  for (const d of docs) total += d.length;
  const tok = new Int32Array(total);
  const tokOffsets = new Int32Array(n + 1);
  let dfAll = new Int32Array(1024);
  let lastSeen = new Int32Array(1024).fill(-1);
  let p = 0;
  for (let i = 0; i < n; i++) {
    for (const t of docs[i]) {
      let id = ids.get(t);
      if (id === undefined) {
        id = names.length;
        ids.set(t, id);
        names.push(t);
        if (id >= dfAll.length) {
          const grow = new Int32Array(dfAll.length * 2);
          grow.set(dfAll);
          dfAll = grow;
          const seen = new Int32Array(lastSeen.length * 2).fill(-1);
          seen.set(lastSeen);
          lastSeen = seen;
        }
      }
      if (lastSeen[id] !== i) {
        lastSeen[id] = i;
        dfAll[id]++;
      }
      tok[p++] = id;
    }
    tokOffsets[i + 1] = p;
  }
  const maxDf = Math.max(opts.minDf, Math.floor(opts.maxDfShare * n));
  const candidates: number[] = [];
  for (let id = 0; id < names.length; id++) if (dfAll[id] >= opts.minDf && dfAll[id] <= maxDf) candidates.push(id);
  candidates.sort((a, b) => dfAll[b] - dfAll[a] || (names[a] < names[b] ? -1 : 1));
  const kept = candidates.slice(0, opts.maxTerms);
  const remap = new Int32Array(names.length).fill(-1);
  kept.forEach((id, i) => (remap[id] = i));
  const df = Int32Array.from(kept, (id) => dfAll[id]);
  const idf = Float64Array.from(df, (x) => Math.log((1 + n) / (1 + x)) + 1);

  const offsets = new Int32Array(n + 1);
  const terms = new Int32Array(Math.min(total, n * Math.min(opts.maxPerDoc, total)));
  const weights = new Float32Array(terms.length);
  const tf = new Float64Array(kept.length);
  const touched: number[] = [];
  let out = 0;
  for (let i = 0; i < n; i++) {
    touched.length = 0;
    for (let q = tokOffsets[i]; q < tokOffsets[i + 1]; q++) {
      const id = remap[tok[q]];
      if (id < 0) continue;
      if (tf[id] === 0) touched.push(id);
      tf[id]++;
    }
    const w = touched.map((id) => [id, (1 + Math.log(tf[id])) * idf[id], tf[id]] as const);
    for (const id of touched) tf[id] = 0;
    // the most repeated, then the most common terms: a document's rarest words (names, typos) carry the least topic
    if (w.length > opts.maxPerDoc) w.sort((a, b) => b[2] - a[2] || df[b[0]] - df[a[0]]).length = opts.maxPerDoc;
    let norm = 0;
    for (const [, x] of w) norm += x * x;
    norm = Math.sqrt(norm) || 1;
    for (const [id, x] of w) {
      terms[out] = id;
      weights[out++] = x / norm;
    }
    offsets[i + 1] = out;
  }
  return { offsets, terms: terms.slice(0, out), weights: weights.slice(0, out), vocabulary: kept.map((id) => names[id]), df };
}
