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

function words(tokens: string[] | null): Set<string> {
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

export type RepeatGroup = { kind: RepeatKind; key: string; orderIds: number[]; first: Date; last: Date; category: string | null; terms: string[] };

/** The groups of at least `minSize` orders, largest first, each with its orders oldest first. */
export function detectRepeats(orders: RepeatCandidate[], o: RepeatOptions): RepeatGroup[] {
  const keyOf = o.kind === 'place' ? placeKey : requesterKey;
  const buckets = new Map<string, RepeatCandidate[]>();
  for (const c of orders) {
    const k = keyOf(c);
    if (k) (buckets.get(k) ?? buckets.set(k, []).get(k)!).push(c);
  }
  const windowMs = o.windowDays * 86_400_000;
  const groups: RepeatGroup[] = [];
  for (const [key, list] of buckets) {
    if (list.length < o.minSize) continue;
    list.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id - b.id);
    const w = list.map((c) => words(c.tokens));
    const parent = list.map((_, i) => i);
    const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i])));
    for (let j = 1; j < list.length; j++) {
      for (let i = j - 1; i >= 0 && list[j].receivedAt.getTime() - list[i].receivedAt.getTime() <= windowMs; i--) {
        if (sameMatter(list[i], list[j], o.similarity, w[i], w[j])) parent[find(j)] = find(i);
      }
    }
    const sets = new Map<number, number[]>();
    list.forEach((_, i) => (sets.get(find(i)) ?? sets.set(find(i), []).get(find(i))!).push(i));
    for (const idx of sets.values()) {
      if (idx.length < o.minSize) continue;
      const members = idx.map((i) => list[i]);
      groups.push({
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
  return groups.sort((a, b) => b.orderIds.length - a.orderIds.length || b.last.getTime() - a.last.getTime());
}

function mostCommon(xs: (string | null)[]): string | null {
  const n = new Map<string, number>();
  for (const x of xs) if (x) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0] ?? null;
}

/** Words found in at least two orders of the group, most frequent first. */
function topTerms(sets: Set<string>[]): string[] {
  const n = new Map<string, number>();
  for (const s of sets) for (const x of s) n.set(x, (n.get(x) ?? 0) + 1);
  return [...n].filter(([, c]) => c >= 2).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).slice(0, 5).map(([x]) => x);
}
