import { describe, expect, it } from 'vitest';
import { DEFAULT_REPEAT, MAX_COMPARISONS_PER_ORDER, detectRepeats, findRepeats, jaccard, placeKey, requesterKey, type RepeatCandidate, type RepeatKind } from './repeat-detector.ts';

const DAY = 86_400_000;
const T0 = Date.parse('2026-03-02T02:00:00Z');
let next = 1;
const order = (o: Partial<RepeatCandidate> & { day: number }): RepeatCandidate => ({
  id: next++,
  receivedAt: new Date(T0 + o.day * DAY),
  gridId: o.gridId ?? null,
  address: o.address ?? null,
  phone: o.phone ?? null,
  category: o.category ?? null,
  tokens: o.tokens ?? null,
});
const place = (orders: RepeatCandidate[], windowDays = 30) => detectRepeats(orders, { ...DEFAULT_REPEAT, kind: 'place', windowDays });
const requester = (orders: RepeatCandidate[]) => detectRepeats(orders, { ...DEFAULT_REPEAT, kind: 'requester' });
const NOISE = ['楼上', '噪音', '扰民', '深夜'];
const STALLS = ['占道', '经营', '摊贩', '傍晚'];

describe('repeat detector', () => {
  it('groups the same grid and category within the window', () => {
    const a = order({ day: 0, gridId: 7, category: 'X.1' });
    const b = order({ day: 10, gridId: 7, category: 'X.1' });
    const c = order({ day: 29, gridId: 7, category: 'X.1' });
    const g = place([c, a, b]);
    expect(g).toHaveLength(1);
    expect(g[0].orderIds).toEqual([a.id, b.id, c.id]);
    expect(g[0]).toMatchObject({ kind: 'place', key: 'grid:7', category: 'X.1' });
  });

  it('near-misses: another grid, another matter, or too far apart', () => {
    expect(place([order({ day: 0, gridId: 7, category: 'X.1' }), order({ day: 1, gridId: 8, category: 'X.1' })])).toEqual([]);
    expect(place([order({ day: 0, gridId: 7, category: 'X.1', tokens: NOISE }), order({ day: 1, gridId: 7, category: 'X.2', tokens: STALLS })])).toEqual([]);
    expect(place([order({ day: 0, gridId: 7, category: 'X.1' }), order({ day: 31, gridId: 7, category: 'X.1' })])).toEqual([]);
    // exactly on the window's edge still counts
    expect(place([order({ day: 0, gridId: 7, category: 'X.1' }), order({ day: 30, gridId: 7, category: 'X.1' })])).toHaveLength(1);
  });

  it('chains: orders three weeks apart over two months are one group', () => {
    const xs = [0, 21, 42, 63].map((day) => order({ day, gridId: 3, category: 'Y' }));
    expect(place(xs).map((g) => g.orderIds)).toEqual([xs.map((x) => x.id)]);
    // with a 14-day window none of them is close enough to another
    expect(place(xs, 14)).toEqual([]);
  });

  it('the same matter by words when the category differs or is missing', () => {
    const a = order({ day: 0, gridId: 5, tokens: [...NOISE, '希望', '尽快'] });
    const b = order({ day: 2, gridId: 5, category: 'Z', tokens: ['楼上', '噪音', '扰民', '半夜'] });
    expect(jaccard(new Set(NOISE), new Set(['楼上', '噪音', '扰民', '半夜']))).toBeCloseTo(3 / 5);
    const g = place([a, b]);
    expect(g).toHaveLength(1);
    expect(g[0].terms).toEqual(['噪音', '扰民', '楼上']);
    // filler words alone do not make two requests the same matter
    expect(place([order({ day: 0, gridId: 5, tokens: ['希望', '尽快', '处理'] }), order({ day: 1, gridId: 5, tokens: ['希望', '尽快', '解决'] })])).toEqual([]);
  });

  it('without a grid, the same address written the same way is the same place', () => {
    expect(placeKey({ gridId: null, address: '东华门大街 12号' })).toBe(placeKey({ gridId: null, address: '东华门大街12号' }));
    expect(placeKey({ gridId: null, address: '1号' })).toBeNull();
    const g = place([order({ day: 0, address: '东华门大街12号', category: 'Q' }), order({ day: 3, address: '东华门大街 12号', category: 'Q' }), order({ day: 3, address: '东华门大街14号', category: 'Q' })]);
    expect(g).toHaveLength(1);
    expect(g[0].orderIds).toHaveLength(2);
  });

  it('the same requester: the same phone about the same matter, wherever they call from', () => {
    const a = order({ day: 0, phone: '138 1234 5678', gridId: 1, category: 'W' });
    const b = order({ day: 5, phone: '13812345678', gridId: 2, category: 'W' });
    const other = order({ day: 5, phone: '13812345679', category: 'W' });
    const differentMatter = order({ day: 6, phone: '13812345678', category: 'V', tokens: STALLS });
    const g = requester([a, b, other, differentMatter]);
    expect(g.map((x) => x.orderIds)).toEqual([[a.id, b.id]]);
    expect(requester([order({ day: 0, category: 'W' }), order({ day: 1, category: 'W' })])).toEqual([]);
  });
});

/*
 * The linear detector against the rule it replaces: every pair of one key within the window is
 * compared (same category, or Jaccard of the words ≥ similarity), and the connected orders are a
 * group. The reference below is that rule written plainly, pair by pair.
 */
const FILLER = ['希望', '尽快', '处理'];

function pairwise(orders: RepeatCandidate[], kind: RepeatKind, windowDays: number, similarity: number, minSize = 2): number[][] {
  const keyOf = kind === 'place' ? placeKey : requesterKey;
  const words = (c: RepeatCandidate) => new Set((c.tokens ?? []).filter((w) => [...w].length >= 2 && !FILLER.includes(w) && !/^\d+$/.test(w)));
  const xs = orders.filter((c) => keyOf(c) !== null);
  const parent = new Map(xs.map((c) => [c.id, c.id]));
  const find = (i: number): number => (parent.get(i) === i ? i : find(parent.get(i)!));
  for (const a of xs)
    for (const b of xs) {
      if (a.id >= b.id || keyOf(a) !== keyOf(b) || Math.abs(a.receivedAt.getTime() - b.receivedAt.getTime()) > windowDays * DAY) continue;
      const same = (a.category !== null && a.category === b.category) || jaccard(words(a), words(b)) >= similarity;
      if (same) parent.set(find(a.id), find(b.id));
    }
  const groups = new Map<number, RepeatCandidate[]>();
  for (const c of xs) (groups.get(find(c.id)) ?? groups.set(find(c.id), []).get(find(c.id))!).push(c);
  return [...groups.values()]
    .filter((g) => g.length >= minSize)
    .map((g) => g.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime() || a.id - b.id).map((c) => c.id))
    .sort((a, b) => a[0] - b[0]);
}
const linear = (orders: RepeatCandidate[], kind: RepeatKind, windowDays: number, similarity: number, minSize = 2) =>
  findRepeats(orders, { kind, windowDays, similarity, minSize }).groups.map((g) => g.orderIds).sort((a, b) => a[0] - b[0]);

describe('repeat detector: chains and the bound on comparisons', () => {
  it('chains across categories through words, and across words through categories', () => {
    // a and b share the category; b and c share most words but not the category; c and d the category again
    const a = order({ day: 0, gridId: 1, category: 'A', tokens: ['井盖', '破损'] });
    const b = order({ day: 20, gridId: 1, category: 'A', tokens: ['楼道', '积水', '渗漏'] });
    const c = order({ day: 40, gridId: 1, category: 'B', tokens: ['楼道', '积水', '渗漏', '墙面'] });
    const d = order({ day: 65, gridId: 1, category: 'B', tokens: ['路灯'] });
    const far = order({ day: 96, gridId: 1, category: 'B', tokens: ['路灯'] }); // 31 days after d
    expect(linear([d, c, far, b, a], 'place', 30, 0.4)).toEqual([[a.id, b.id, c.id, d.id]]);
    expect(pairwise([d, c, far, b, a], 'place', 30, 0.4)).toEqual([[a.id, b.id, c.id, d.id]]);
  });

  it('the same category chains through orders of another matter between them', () => {
    const xs = [0, 10, 20, 30].map((day, i) => order({ day, gridId: 2, category: i % 2 ? 'Y' : 'X', tokens: [i % 2 ? '停车' : '油烟'] }));
    expect(linear(xs, 'place', 20, 0.4)).toEqual([
      [xs[0].id, xs[2].id],
      [xs[1].id, xs[3].id],
    ]);
    expect(linear(xs, 'place', 19, 0.4)).toEqual([]);
  });

  it('an earlier order with the same words stands behind the latest one (found through it)', () => {
    const w = ['电梯', '故障', '困人'];
    const a = order({ day: 0, gridId: 3, tokens: w });
    const b = order({ day: 25, gridId: 3, tokens: w });
    const c = order({ day: 50, gridId: 3, tokens: [...w, '物业'] }); // 3/4 with b, 50 days after a
    expect(linear([a, b, c], 'place', 30, 0.4)).toEqual([[a.id, b.id, c.id]]);
    // without b, a and c are too far apart
    expect(linear([a, c], 'place', 30, 0.4)).toEqual([]);
  });

  it('a word in every order of a grid is not compared through: no comparisons for orders with nothing else in common, the repeats still found', () => {
    const common = '小区';
    const xs = Array.from({ length: 300 }, (_, i) => order({ day: i / 20, gridId: 4, tokens: [common, `独有${i}a`, `独有${i}b`] }));
    const twin = order({ day: 14, gridId: 4, tokens: [common, '独有100a', '独有100b'] }); // the same words as xs[100]
    const near = order({ day: 14.5, gridId: 4, tokens: [common, '独有200a', '别的1'] }); // 2/4 with xs[200]: a repeat
    const miss = order({ day: 14.5, gridId: 4, tokens: [common, '独有201a', '别的2', '另外2'] }); // 2/5 with xs[201]: on the threshold, a repeat
    const far = order({ day: 14.5, gridId: 4, tokens: [common, '独有202a', '别的3', '另外3', '更多3'] }); // 2/6 with xs[202]: a near-miss
    const all = [...xs, twin, near, miss, far];
    const r = findRepeats(all, { ...DEFAULT_REPEAT, kind: 'place' });
    expect(r.groups.map((g) => g.orderIds).sort((a, b) => a[0] - b[0])).toEqual(pairwise(all, 'place', 30, 0.4));
    expect(r.groups.map((g) => g.orderIds.length).sort()).toEqual([2, 2, 2]);
    // the pairwise rule compares ≈ 300²/2 pairs; the prefix filter compares only orders sharing a rare word
    expect(r.comparisons).toBeLessThan(20);
    expect(r.cappedOrders).toBe(0);
  });

  it('past MAX_COMPARISONS_PER_ORDER similar candidates an order stops and the result says so', () => {
    // two-word orders all sharing one word: each is a candidate of every other (1/3 < 0.4, none a repeat)
    const n = MAX_COMPARISONS_PER_ORDER + 500;
    const xs = Array.from({ length: n }, (_, i) => order({ day: i / n, gridId: 5, tokens: ['公共', `独有${i}`] }));
    const twin = order({ day: 2, gridId: 5, tokens: ['公共', `独有${n - 1}`] }); // the same words as the last one
    const r = findRepeats([...xs, twin], { ...DEFAULT_REPEAT, kind: 'place' });
    // order k (0-based) has k older candidates: those past the bound stop there
    expect(r.cappedOrders).toBe(n - 1 - MAX_COMPARISONS_PER_ORDER + 1);
    expect(r.comparisons).toBeLessThanOrEqual((n + 1) * MAX_COMPARISONS_PER_ORDER);
    // an identical word set is chained without a comparison, so it is found even here
    expect(r.groups.map((g) => g.orderIds)).toEqual([[xs[n - 1].id, twin.id]]);
    const small = findRepeats(xs.slice(0, 300), { ...DEFAULT_REPEAT, kind: 'place' });
    expect(small).toMatchObject({ groups: [], cappedOrders: 0, comparisons: (300 * 299) / 2 });
  });

  it('equals the pairwise rule on random months of repeats and near-misses', () => {
    let seed = 7;
    const rnd = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const vocab = ['噪音', '扰民', '楼上', '深夜', '占道', '经营', '摊贩', '路灯', '不亮', '积水', '漏水', '停水', '暖气', '不热', '垃圾', '清运'];
    for (let round = 0; round < 12; round++) {
      const xs = Array.from({ length: 150 }, () =>
        order({
          day: rnd() * 90,
          gridId: rnd() < 0.1 ? null : 1 + Math.floor(rnd() * 4),
          address: rnd() < 0.5 ? '东华门大街12号' : '东华门大街 12号',
          phone: rnd() < 0.1 ? null : `1390000${Math.floor(rnd() * 6)}`,
          category: rnd() < 0.4 ? null : `C${Math.floor(rnd() * 8)}`,
          tokens: rnd() < 0.05 ? null : Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => (rnd() < 0.1 ? '希望' : vocab[Math.floor(rnd() * vocab.length)])),
        }),
      );
      const windowDays = [7, 14, 30][round % 3];
      const similarity = [0.4, 0.25, 0.6, 1][round % 4];
      for (const kind of ['place', 'requester'] as const) {
        expect(linear(xs, kind, windowDays, similarity), `${kind} round ${round}`).toEqual(pairwise(xs, kind, windowDays, similarity));
        expect(linear(xs, kind, windowDays, similarity, 3)).toEqual(pairwise(xs, kind, windowDays, similarity, 3));
      }
    }
  });
});
