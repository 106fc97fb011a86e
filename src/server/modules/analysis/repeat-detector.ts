/**
 * Repeated requests (重复诉求): orders about the same matter from the same place or the same
 * requester within a window. Pure, so the rule is tested on constructed repeats and near-misses.
 *
 * - place: the same grid (or, for an order with no grid, the same address written the same way);
 * - requester: the same phone number (digits only);
 * - same matter: the same category, or jieba tokens overlapping by Jaccard ≥ `similarity`;
 * - window: each order of a group is within `windowDays` of another order of the group that it
 *   matches (a chain, so a problem raised every three weeks for months stays one group).
 */
export type RepeatKind = 'place' | 'requester';

export type RepeatCandidate = {
  id: number;
  receivedAt: Date;
  gridId: number | null;
  address: string | null;
  phone: string | null;
  category: string | null;
  tokens: string[] | null;
};

export type RepeatOptions = { kind: RepeatKind; windowDays: number; similarity: number; minSize: number };

export const DEFAULT_REPEAT: Omit<RepeatOptions, 'kind'> = { windowDays: 30, similarity: 0.4, minSize: 2 };

// Words that say nothing about the matter: the requester's politeness and the hotline's frame.
const FILLER = new Set(['希望', '有关部门', '部门', '问题', '处理', '解决', '反映', '市民', '来电', '请求', '要求', '尽快', '现在', '一直', '没有', '我们', '他们', '这个', '那个']);

export function placeKey(c: Pick<RepeatCandidate, 'gridId' | 'address'>): string | null {
  if (c.gridId !== null) return `grid:${c.gridId}`;
  const a = (c.address ?? '').toLowerCase().replace(/[\s\u3000，,。.·-]/g, '');
  return a.length >= 4 ? `addr:${a}` : null;
}

export function requesterKey(c: Pick<RepeatCandidate, 'phone'>): string | null {
  const d = (c.phone ?? '').replace(/\D/g, '');
  return d.length >= 7 ? `phone:${d}` : null;
}

export function words(tokens: string[] | null): Set<string> {
  return new Set((tokens ?? []).filter((w) => [...w].length >= 2 && !FILLER.has(w) && !/^\d+$/.test(w)));
}

export function jaccard(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let both = 0;
  for (const w of a) if (b.has(w)) both++;
  return both / (a.size + b.size - both);
}

export function sameMatter(a: RepeatCandidate, b: RepeatCandidate, similarity: number, wa = words(a.tokens), wb = words(b.tokens)): boolean {
  if (a.category && b.category && a.category === b.category) return true;
  return jaccard(wa, wb) >= similarity;
}

/** `orderIds` oldest first; `size`, when given, counts more members than `orderIds` lists (the kept groups list their newest). */
export type RepeatGroup = { kind: RepeatKind; key: string; orderIds: number[]; size?: number; first: Date; last: Date; category: string | null; terms: string[] };

/**
 * Word comparisons one order may make with the distinct word sets before it in its window. Beyond
 * it the order's remaining candidates are skipped and the answer says it is partial: a bound on
 * the work, never a silent one.
 */
export const MAX_COMPARISONS_PER_ORDER = 2_000;

// 0.4 × 15 is 6.000000000000001 in floating point: the filters must not round a bound up.
const EPS = 1e-9;

export type RepeatResult = {
  groups: RepeatGroup[];
  /** Jaccard computations made (the only pairwise work). */
  comparisons: number;
  /** Orders whose word candidates hit MAX_COMPARISONS_PER_ORDER: when > 0 the groups may miss links. */
  cappedOrders: number;
};

/** The groups of at least `minSize` orders, largest first, each with its orders oldest first. */
export function detectRepeats(orders: RepeatCandidate[], o: RepeatOptions): RepeatGroup[] {
  return findRepeats(orders, o).groups;
}

/**
 * The same groups as comparing every pair of a key within the window, in near-linear work:
 * - the same category: orders of one key and category, sorted by time, chain to the previous one
 *   of that category when within the window (any pair within the window is then connected, since
 *   every gap between them is shorter);
 * - the same words (Jaccard 1): likewise chained to the previous order with that word set;
 * - similar words: compared only with the latest order of each distinct word set in the window
 *   (the earlier ones are chained to it), found through an index of each order's prefix words —
 *   its |w| − ⌈s·|w|⌉ + 1 rarest words in the key (prefix filter: two sets with Jaccard ≥ s share
 *   one of them), so a word too common in the key is indexed only by orders made mostly of such
 *   words; sizes outside [s·|w|, |w|/s] and pairs already in one group are not compared.
 */
export function findRepeats(orders: RepeatCandidate[], o: RepeatOptions, maxComparisons = MAX_COMPARISONS_PER_ORDER): RepeatResult {
  const keyOf = o.kind === 'place' ? placeKey : requesterKey;
  const buckets = new Map<string, RepeatCandidate[]>();
  for (const c of orders) {
    const k = keyOf(c);
    if (k) (buckets.get(k) ?? buckets.set(k, []).get(k)!).push(c);
  }
  const result: RepeatResult = { groups: [], comparisons: 0, cappedOrders: 0 };
  for (const [key, list] of buckets) {
    if (list.length < o.minSize) continue;
    const w = sortByTime(list).map((c) => words(c.tokens));
    for (const idx of components(list, w, o, result, maxComparisons)) {
      if (idx.length < o.minSize) continue;
      const members = idx.map((i) => list[i]);
      result.groups.push({
        kind: o.kind,
        key,
        orderIds: members.map((m) => m.id),
        first: members[0].receivedAt,
        last: members[members.length - 1].receivedAt,
        category: mostCommon(members.map((m) => m.category)),
        terms: topTerms(idx.map((i) => w[i])),
      });
    }
  }
  result.groups.sort((a, b) => b.orderIds.length - a.orderIds.length || b.last.getTime() - a.last.getTime());
  return result;
}

function sortByTime(list: RepeatCandidate[]): RepeatCandidate[] {
  return list.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id - b.id);
}

/** The connected groups (as indexes into `list`, sorted by time) of one key's orders under the rule. */
function components(list: RepeatCandidate[], w: Set<string>[], o: RepeatOptions, out: RepeatResult, maxComparisons: number): number[][] {
  const parent = linkBucket(list, w, o, out, maxComparisons);
  const sets = new Map<number, number[]>();
  for (let i = 0; i < list.length; i++) {
    const r = root(parent, i);
    (sets.get(r) ?? sets.set(r, []).get(r)!).push(i);
  }
  return [...sets.values()];
}

/**
 * One key's orders split into the groups the rule makes (singletons included), with no bound on
 * the comparisons: for the kept groups, which must not miss a link. Each group's orders oldest first.
 */
export function keyComponents(list: RepeatCandidate[], o: RepeatOptions): RepeatCandidate[][] {
  const sorted = sortByTime([...list]);
  const out: RepeatResult = { groups: [], comparisons: 0, cappedOrders: 0 };
  return components(sorted, sorted.map((c) => words(c.tokens)), o, out, Infinity).map((idx) => idx.map((i) => sorted[i]));
}

/** Union-find parents of one key's orders (sorted by time) linked by the rule. */
function linkBucket(list: RepeatCandidate[], w: Set<string>[], o: RepeatOptions, out: RepeatResult, maxComparisons: number): Int32Array {
  const windowMs = o.windowDays * 86_400_000;
  const t = list.map((c) => c.receivedAt.getTime());
  const parent = Int32Array.from(list, (_, i) => i);
  const s = o.similarity;
  if (s <= 0) {
    // every two orders are the same matter: the key's orders chain by time alone
    for (let j = 1; j < list.length; j++) if (t[j] - t[j - 1] <= windowMs) union(parent, j - 1, j);
    return parent;
  }
  // words as ranks, rarest first within the key (ties by the word): one order for every set
  const freq = new Map<string, number>();
  for (const ws of w) for (const x of ws) freq.set(x, (freq.get(x) ?? 0) + 1);
  const rank = new Map([...freq].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1)).map(([x], r) => [x, r]));
  const lastOfCategory = new Map<string, number>();
  const lastOfSet = new Map<string, number>();
  const ranks: Int32Array[] = [];
  const index: { at: number[]; start: number }[] = [];
  const superseded = new Uint8Array(list.length);
  const seen = new Int32Array(list.length).fill(-1);
  for (let j = 0; j < list.length; j++) {
    const cat = list[j].category;
    if (cat) {
      const i = lastOfCategory.get(cat);
      if (i !== undefined && t[j] - t[i] <= windowMs) union(parent, i, j);
      lastOfCategory.set(cat, j);
    }
    const xs = Int32Array.from(w[j], (x) => rank.get(x)!).sort();
    ranks[j] = xs;
    const sig = xs.join(',');
    if (!xs.length || s > 1) continue;
    const same = lastOfSet.get(sig);
    if (same !== undefined) {
      superseded[same] = 1;
      if (t[j] - t[same] <= windowMs) union(parent, same, j);
    }
    const prefix = xs.length - Math.ceil(s * xs.length - EPS) + 1;
    let compared = 0;
    scan: for (let p = 0; p < prefix; p++) {
      const posting = index[xs[p]];
      if (!posting) continue;
      while (posting.start < posting.at.length && t[j] - t[posting.at[posting.start]] > windowMs) posting.start++;
      for (let q = posting.at.length - 1; q >= posting.start; q--) {
        const i = posting.at[q];
        if (seen[i] === j) continue;
        seen[i] = j;
        // an older order with this word set: its latest one stands for it (and is chained to it)
        if (superseded[i] || i === same) continue;
        const n = ranks[i].length;
        if (n < s * xs.length - EPS || s * n > xs.length + EPS || root(parent, i) === root(parent, j)) continue;
        if (compared === maxComparisons) {
          out.cappedOrders++;
          break scan;
        }
        compared++;
        if (sortedJaccard(ranks[i], xs) >= s) union(parent, i, j);
      }
    }
    out.comparisons += compared;
    lastOfSet.set(sig, j);
    for (let p = 0; p < prefix; p++) {
      (index[xs[p]] ??= { at: [], start: 0 }).at.push(j);
    }
  }
  return parent;
}

function root(parent: Int32Array, i: number): number {
  while (parent[i] !== i) i = parent[i] = parent[parent[i]];
  return i;
}

function union(parent: Int32Array, a: number, b: number): void {
  const ra = root(parent, a);
  const rb = root(parent, b);
  if (ra !== rb) parent[rb] = ra;
}

/** jaccard() of two sets given as sorted distinct ranks. */
function sortedJaccard(a: Int32Array, b: Int32Array): number {
  let both = 0;
  for (let i = 0, j = 0; i < a.length && j < b.length; ) {
    if (a[i] === b[j]) {
      both++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return both / (a.length + b.length - both);
}

export function mostCommon(xs: (string | null)[]): string | null {
  const n = new Map<string, number>();
  for (const x of xs) if (x) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/** Words found in at least two orders of the group, most frequent first. */
export function topTerms(sets: Set<string>[]): string[] {
  const n = new Map<string, number>();
  for (const s of sets) for (const x of s) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n].filter(([, c]) => c >= 2).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([x]) => x);
}
