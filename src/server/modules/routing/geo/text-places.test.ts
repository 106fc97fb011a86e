import { describe, expect, it } from 'vitest';
import type { UnitChain, UnitRef } from './geo-index.ts';
import { buildTextPlaceIndex, findMentions, recogniseTextPlace, type TextPlaceEntry } from './text-places.ts';

// A hand-made district: two streets, a community in each, a road in each community, and one road
// name (新街) that exists in both streets.
const ref = (id: number, name: string): UnitRef => ({ id, code: String(id), name });
const D = ref(1, '东城区');
const S1 = ref(10, '东直门街道');
const S2 = ref(20, '北新桥街道');
const C1 = ref(11, '新中街社区');
const C2 = ref(21, '九道湾社区');
const C1b = ref(12, '东环社区');
const G1 = ref(111, '新中街社区第一网格');
const G2 = ref(211, '九道湾社区第一网格');
const chain = (street: UnitRef, community: UnitRef | null = null, grid: UnitRef | null = null): UnitChain => ({ district: D, street, community, grid });

const entries: TextPlaceEntry[] = [
  { name: S1.name, aliases: [], kind: 'street', unitId: S1.id, chain: chain(S1), lon: null, lat: null },
  { name: S2.name, aliases: [], kind: 'street', unitId: S2.id, chain: chain(S2), lon: null, lat: null },
  { name: C1.name, aliases: [], kind: 'community', unitId: C1.id, chain: chain(S1, C1), lon: null, lat: null },
  { name: C1b.name, aliases: [], kind: 'community', unitId: C1b.id, chain: chain(S1, C1b), lon: null, lat: null },
  { name: C2.name, aliases: [], kind: 'community', unitId: C2.id, chain: chain(S2, C2), lon: null, lat: null },
  // the community again as a gazetteer entry, with a position: one candidate, not two
  { name: C2.name, aliases: [], kind: 'community', unitId: C2.id, chain: chain(S2, C2), lon: 116.43, lat: 39.94 },
  { name: '东直门内大街', aliases: ['簋街'], kind: 'road', unitId: G1.id, chain: chain(S1, C1, G1), lon: 116.42, lat: 39.94 },
  { name: '东直门医院', aliases: [], kind: 'poi', unitId: G1.id, chain: chain(S1, C1, G1), lon: 116.421, lat: 39.941 },
  { name: '新街', aliases: [], kind: 'road', unitId: G1.id, chain: chain(S1, C1, G1), lon: 116.41, lat: 39.93 },
  { name: '新街', aliases: [], kind: 'road', unitId: G2.id, chain: chain(S2, C2, G2), lon: 116.44, lat: 39.95 },
  { name: '东城区人民政府', aliases: [], kind: 'place', unitId: D.id, chain: { district: D, street: null, community: null, grid: null }, lon: 116.41, lat: 39.92 },
];
const index = buildTextPlaceIndex(entries);
const place = (text: string) => recogniseTextPlace(index, text);

describe('places named in the request text', () => {
  it('东直门街道路灯不亮 → 东直门街道', () => {
    const r = place('东直门街道路灯不亮');
    expect(r).toMatchObject({ status: 'found', place: { name: '东直门街道', kind: 'street', unitId: 10 } });
    expect(r.mentions.map((m) => [m.text, m.start])).toEqual([['东直门街道', 0]]);
  });

  it('the longest name wins over names inside it, and a place over its street', () => {
    // 东直门内大街 contains no street name, but it must not be read as 东直门 + something
    expect(findMentions(index, '东直门内大街路面塌陷').map((m) => m.text)).toEqual(['东直门内大街']);
    const r = place('东直门街道东直门内大街井盖松动');
    expect(r).toMatchObject({ status: 'found', place: { name: '东直门内大街', unitId: 111, lon: 116.42 } });
    expect(r.mentions.map((m) => m.text)).toEqual(['东直门街道', '东直门内大街']);
  });

  it('aliases count; full-width and spaces are folded', () => {
    expect(place('簋街 夜里 很吵')).toMatchObject({ status: 'found', place: { name: '东直门内大街' } });
    expect(place('九道湾社区　楼道堆物')).toMatchObject({ status: 'found', place: { unitId: 21, lon: 116.43 } });
    expect(findMentions(index, '九道湾社区')[0].candidates).toHaveLength(1);
  });

  it('near misses name nothing: fragments, neighbours and one-character differences', () => {
    for (const text of ['东直门附近路灯不亮', '东直门街路灯不亮', '东直们街道路灯不亮', '新中街的社区活动室', '九道湾里', '北新桥一带']) {
      expect(place(text), text).toMatchObject({ status: 'none', mentions: [] });
    }
  });

  it('one name in two streets is ambiguous, unless the text names the street', () => {
    const r = place('新街路口红绿灯坏了');
    expect(r.status).toBe('ambiguous');
    expect(r.mentions[0].candidates.map((c) => c.unitId).sort()).toEqual([111, 211]);
    expect(place('北新桥街道新街路口红绿灯坏了')).toMatchObject({ status: 'found', place: { unitId: 211, name: '新街' } });
  });

  it('places in two different streets are ambiguous', () => {
    expect(place('东直门医院门口到九道湾社区的路灯都不亮').status).toBe('ambiguous');
  });

  it('two communities of one street propose the street; names above the streets place nothing', () => {
    expect(place('新中街社区和东环社区之间的路面破损')).toMatchObject({ status: 'found', place: { kind: 'street', unitId: 10, lon: null } });
    expect(place('东城区人民政府门口积水').status).toBe('none');
  });
});
