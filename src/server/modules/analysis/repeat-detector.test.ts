import { describe, expect, it } from 'vitest';
import { DEFAULT_REPEAT, detectRepeats, jaccard, placeKey, type RepeatCandidate } from './repeat-detector.ts';

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
