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
  /** Segment only this many leading chars with jieba: it costs ~0.5 µs/char, and n-grams still cover the rest. */
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

function scanText(normalized: string, opts: FeatureOptions, weight: number, sink: TermSink): void {
  if (weight <= 0 || !normalized) return;
  if (opts.words) for (const w of wordTokens(normalized.slice(0, opts.wordChars))) sink.word(w, weight);
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
  scanText(normalizeText(text), opts, 1, sink);
  scanText(normalizeText(title), opts, opts.titleWeight, sink);
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
