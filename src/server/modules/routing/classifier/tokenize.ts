// Text → sparse term counts for the work-order classifier.
// Features: jieba words (with a hotline user dictionary) + CJK character
// unigrams and bigrams. Char n-grams rescue mis-segmentations and unseen
// names; words carry longer domain terms (物业费, 拖欠工资) that n-grams only
// approximate. A single scanner feeds both the training path (string keys)
// and the prediction path (integer keys, no string allocation per n-gram),
// so the two can never disagree on what a document contains.
import { readFileSync } from 'node:fs';
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';

export interface FeatureOptions {
  /** Emit jieba word tokens. */
  words: boolean;
  /**
   * Segment only this many leading chars of the text with jieba (the title is always segmented):
   * jieba costs ~0.5 µs/char, and n-grams still cover the rest.
   */
  wordChars: number;
  /** Emit CJK character bigrams. */
  bigrams: boolean;
  /** Emit single CJK characters. */
  unigrams: boolean;
  /** Extra times the title's terms are counted (the title is already part of `text`). */
  titleWeight: number;
  /** When no title is given, treat this many leading chars of text as the title (the export glues title+detail). */
  pseudoTitleChars: number;
}

export const DEFAULT_FEATURE_OPTIONS: FeatureOptions = {
  words: true,
  wordChars: 40,
  bigrams: true,
  unigrams: true,
  titleWeight: 2,
  pseudoTitleChars: 20,
};

/** Prefixes that keep n-gram features apart from jieba words in the vocabulary. */
export const BIGRAM_PREFIX = '~';
export const UNIGRAM_PREFIX = '^';

let jieba: Jieba | undefined;

/** Lazily built so importing the module (e.g. for deserialize) stays cheap; the dictionary load takes ~0.3 s. */
export function getJieba(): Jieba {
  if (!jieba) {
    const j = Jieba.withDict(dict);
    try {
      j.loadDict(readFileSync(new URL('./domain-dict.txt', import.meta.url)));
    } catch {
      // The user dictionary only sharpens segmentation; n-grams still cover its words if it is missing.
    }
    jieba = j;
  }
  return jieba;
}

// Anonymised places ("A市", "A3区", "K8县") appear in every class, so they are pure noise.
const PLACE_RE = /[A-Za-z]\d{0,2}(?:市|区|县|镇)/g;
const DIGITS_RE = /\d+(?:\.\d+)?/g;
const URL_RE = /https?:\/\/\S+/g;

/** Full-width → half-width (NFKC), lower-case, drop anonymised places, numbers and URLs. */
export function normalizeText(s: string): string {
  return s.normalize('NFKC').replace(URL_RE, ' ').replace(PLACE_RE, ' ').replace(DIGITS_RE, ' ').toLowerCase();
}

const CJK_LO = 0x3400;
const CJK_HI = 0x9fff;
const CJK_SPAN = CJK_HI - CJK_LO + 1;
/** Unigram keys are exactly [0, UNIGRAM_KEYS): small enough for a dense lookup table. */
export const UNIGRAM_KEYS = CJK_SPAN;
const CJK_RE = /[\u3400-\u9fff]/;
const LATIN_WORD_RE = /^[a-z][a-z0-9]+$/;

// Function words that appear everywhere; removing them shrinks the model without hurting accuracy.
const STOPWORDS = new Set(
  (
    '的 了 是 我 我们 你 你们 他 她 他们 在 和 与 及 也 就 都 而 并 但 又 还 把 被 对 从 向 给 让 这 那 这个 那个 ' +
    '一个 什么 为什么 怎么 如何 有 没有 不 没 吗 呢 吧 啊 呀 请 请问 您好 你好 领导 谢谢 尊敬 要 能 会 可以 已经 ' +
    '现在 因为 所以 如果 但是 而且 然后 这样 那么 自己 一些 这些 那些 其 之 等 于 以 为 由 上 下 中 后 前 时'
  ).split(' '),
);

/** Jieba word tokens of already-normalised text, filtered to content-bearing tokens. */
export function wordTokens(normalized: string): string[] {
  const out: string[] = [];
  for (const w of getJieba().cut(normalized, true)) {
    if (w.length < 2 || STOPWORDS.has(w) || w[0] === UNIGRAM_PREFIX || w[0] === BIGRAM_PREFIX) continue;
    if (CJK_RE.test(w) || LATIN_WORD_RE.test(w)) out.push(w);
  }
  return out;
}

/**
 * Integer key of a CJK unigram/bigram: unigrams in [0, SPAN), bigrams above.
 * Max ≈ 7.6e8 < 2^30, so keys stay V8 small integers (fast Map keys).
 */
export function gramKey(gram: string): number {
  const a = gram.charCodeAt(0) - CJK_LO;
  if (gram.length === 1) return a;
  return CJK_SPAN + a * CJK_SPAN + (gram.charCodeAt(1) - CJK_LO);
}

/** Receives every term occurrence of a document. */
export interface TermSink {
  word(word: string, weight: number): void;
  gram(key: number, weight: number): void;
}

function scanText(normalized: string, opts: FeatureOptions, weight: number, wordChars: number, wordWeight: number, sink: TermSink): void {
  if (!normalized) return;
  if (opts.words && wordChars > 0 && wordWeight > 0) {
    for (const w of wordTokens(normalized.slice(0, wordChars))) sink.word(w, wordWeight);
  }
  if (weight <= 0) return;
  if (!opts.unigrams && !opts.bigrams) return;
  let prev = -1; // previous CJK offset, or -1 after a non-CJK char: n-grams never span punctuation
  for (let i = 0; i < normalized.length; i++) {
    const c = normalized.charCodeAt(i);
    if (c < CJK_LO || c > CJK_HI) {
      prev = -1;
      continue;
    }
    const cur = c - CJK_LO;
    if (opts.unigrams) sink.gram(cur, weight);
    if (opts.bigrams && prev >= 0) sink.gram(CJK_SPAN + prev * CJK_SPAN + cur, weight);
    prev = cur;
  }
}

/** Feeds every term of a document (title terms boosted by opts.titleWeight) to `sink`. */
export function scanDocument(doc: { title?: string; text: string }, opts: FeatureOptions, sink: TermSink): void {
  const hasTitle = !!doc.title?.trim();
  const title = hasTitle ? doc.title! : doc.text.slice(0, opts.pseudoTitleChars);
  // Some callers pass only the detail; make sure the title's words are counted at least once.
  const text = hasTitle && !doc.text.startsWith(doc.title!) ? `${doc.title}。${doc.text}` : doc.text;
  scanText(normalizeText(text), opts, 1, opts.wordChars, 1, sink);
  // With wordChars = 0 the text's own copy of the title is not segmented, so its words get the extra count here.
  const titleWordWeight = opts.titleWeight + (opts.wordChars > 0 ? 0 : 1);
  scanText(normalizeText(title), opts, opts.titleWeight, Infinity, titleWordWeight, sink);
}

/** String form of an n-gram key, with its vocabulary prefix. */
export function gramFeature(key: number): string {
  if (key < CJK_SPAN) return UNIGRAM_PREFIX + String.fromCharCode(CJK_LO + key);
  const k = key - CJK_SPAN;
  return BIGRAM_PREFIX + String.fromCharCode(CJK_LO + Math.floor(k / CJK_SPAN), CJK_LO + (k % CJK_SPAN));
}

/** Raw term counts of one document, keyed by feature string (training and explanations). */
export function extractTerms(
  doc: { title?: string; text: string },
  opts: FeatureOptions = DEFAULT_FEATURE_OPTIONS,
): Map<string, number> {
  const counts = new Map<string, number>();
  scanDocument(doc, opts, {
    word: (w, weight) => counts.set(w, (counts.get(w) ?? 0) + weight),
    gram: (key, weight) => {
      const f = gramFeature(key);
      counts.set(f, (counts.get(f) ?? 0) + weight);
    },
  });
  return counts;
}

/** Whether a feature string is an n-gram, and its integer key if so. */
export function parseFeature(feature: string): { gram: number } | { word: string } {
  const p = feature[0];
  if ((p === UNIGRAM_PREFIX || p === BIGRAM_PREFIX) && feature.length > 1) return { gram: gramKey(feature.slice(1)) };
  return { word: feature };
}

/** Human-readable form of a feature key (strips the n-gram marker), for keyword highlighting. */
export function displayTerm(feature: string): string {
  return 'gram' in parseFeature(feature) ? feature.slice(1) : feature;
}

// ---- encoding helpers shared by training and prediction ----

/**
 * int→int map for n-gram keys: a dense table for keys below `denseSize`
 * (CJK unigrams), open addressing with interleaved key/value slots above it
 * (one cache line per probe). A doc has ~1,000 n-gram occurrences and their
 * lookups dominated predict's time with a JS Map.
 */
export class IntMap {
  private readonly dense: Int32Array;
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly shift: number;
  constructor(capacity: number, denseSize = 0) {
    let bits = 4;
    while (1 << bits < capacity * 2) bits++;
    this.dense = new Int32Array(denseSize).fill(-1);
    this.slots = new Int32Array(2 << bits).fill(-1);
    this.mask = (1 << bits) - 1;
    this.shift = 32 - bits;
  }
  // Fibonacci hashing takes the product's high bits: bigram keys are a·SPAN + b
  // with SPAN a multiple of 1024, so low bits alone would cluster badly.
  private slot(key: number): number {
    return Math.imul(key, 0x9e3779b1) >>> this.shift;
  }
  /** Keys must be non-negative int32s; values ≥ 0. */
  set(key: number, val: number): void {
    if (key < this.dense.length) {
      this.dense[key] = val;
      return;
    }
    let h = this.slot(key);
    while (this.slots[2 * h] !== -1 && this.slots[2 * h] !== key) h = (h + 1) & this.mask;
    this.slots[2 * h] = key;
    this.slots[2 * h + 1] = val;
  }
  /** The value, or -1 when absent. */
  get(key: number): number {
    if (key < this.dense.length) return this.dense[key];
    let h = this.slot(key);
    for (;;) {
      const k = this.slots[2 * h];
      if (k === key) return this.slots[2 * h + 1];
      if (k === -1) return -1;
      h = (h + 1) & this.mask;
    }
  }
}

export interface SparseVec {
  idx: Int32Array;
  val: Float32Array;
}

/** Sublinear tf · idf, L2-normalised, from (feature id → raw count) pairs. */
export function weigh(ids: ArrayLike<number>, counts: ArrayLike<number>, n: number, idf: Float32Array): SparseVec {
  const idx = new Int32Array(n);
  const val = new Float32Array(n);
  let norm = 0;
  for (let j = 0; j < n; j++) {
    const v = (1 + Math.log(counts[j])) * idf[ids[j]];
    idx[j] = ids[j];
    val[j] = v;
    norm += v * v;
  }
  const inv = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let j = 0; j < n; j++) val[j] *= inv;
  return { idx, val };
}

/**
 * Term ids of a trained vocabulary, and the document encoder used at
 * prediction time: it scans the text straight into a dense count buffer via
 * integer n-gram keys, with no per-n-gram strings or Maps.
 */
export class Vocabulary {
  private readonly wordIds = new Map<string, number>();
  private readonly gramIds: IntMap;
  // Scratch for encodeDoc (JS is single-threaded, so reuse is safe). Counts are
  // small integers, so Float32 is exact and halves the cache footprint.
  private readonly acc: Float32Array;
  private readonly touched: number[] = [];
  private readonly counts: number[] = [];
  private readonly sink: TermSink;

  constructor(terms: readonly string[]) {
    this.gramIds = new IntMap(terms.length, UNIGRAM_KEYS);
    terms.forEach((t, i) => {
      const p = parseFeature(t);
      if ('gram' in p) this.gramIds.set(p.gram, i);
      else this.wordIds.set(p.word, i);
    });
    this.acc = new Float32Array(terms.length);
    this.sink = {
      word: (w, weight) => this.add(this.wordIds.get(w) ?? -1, weight),
      gram: (key, weight) => this.add(this.gramIds.get(key), weight),
    };
  }

  private add(f: number, w: number): void {
    if (f < 0) return;
    if (this.acc[f] === 0) this.touched.push(f);
    this.acc[f] += w;
  }

  /** Id of a feature string, or -1. */
  id(term: string): number {
    const p = parseFeature(term);
    return 'gram' in p ? this.gramIds.get(p.gram) : (this.wordIds.get(p.word) ?? -1);
  }

  /** TF-IDF vector of a term map from extractTerms. */
  encodeTerms(terms: Map<string, number>, idf: Float32Array): SparseVec {
    const ids: number[] = [];
    const counts: number[] = [];
    for (const [t, c] of terms) {
      const f = this.id(t);
      if (f >= 0) ids.push(f), counts.push(c);
    }
    return weigh(ids, counts, ids.length, idf);
  }

  /** TF-IDF vector of a raw document; same result as encodeTerms(extractTerms(doc)). */
  encodeDoc(doc: { title?: string; text: string }, opts: FeatureOptions, idf: Float32Array): SparseVec {
    const { acc, touched, counts } = this;
    scanDocument(doc, opts, this.sink);
    for (let j = 0; j < touched.length; j++) (counts[j] = acc[touched[j]]), (acc[touched[j]] = 0);
    const v = weigh(touched, counts, touched.length, idf);
    touched.length = 0;
    return v;
  }
}
