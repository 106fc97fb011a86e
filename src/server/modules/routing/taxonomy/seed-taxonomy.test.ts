import { describe, expect, it } from 'vitest';
import { loadDemoCityUnits } from '../../../db/seed/demo-city.ts';
import { checkSeedList, loadSeedLists } from '../duty-lists/seed-duty-lists.ts';
import { roleShares } from '../duty-lists/duty-list-queries.ts';
import { loadSeedRules } from '../catalogue/seed-catalogue.ts';
import { covers, nextChildCode, selfAndAncestors } from './category-codes.ts';
import { loadSeedCategories, readReference, type ExtrasFile } from './seed-taxonomy.ts';

const cats = loadSeedCategories();
const codes = new Set(cats.map((c) => c.code));

describe('category codes', () => {
  it('walk up the tree and match whole branches only', () => {
    expect(selfAndAncestors('01.03.07')).toEqual(['01.03.07', '01.03', '01']);
    expect(covers('01.03', '01.03.07')).toBe(true);
    expect(covers('01.0', '01.03.07')).toBe(false);
    expect(nextChildCode('01', ['01.01', '01.09', '01.09.01', '02.10'])).toBe('01.10');
    expect(nextChildCode(null, ['01', '17'])).toBe('18');
  });
});

describe('seed taxonomy', () => {
  it('keeps the 517 leaves and 15 classes of the board tree, numbered in file order', () => {
    const extra = new Set((JSON.parse(readReference('extra-categories.json')) as ExtrasFile).categories.map((c) => c.code));
    const board = cats.filter((c) => !extra.has(c.code));
    expect(board.filter((c) => c.level === 3)).toHaveLength(517);
    expect(board.filter((c) => c.level === 1)).toHaveLength(15);
    expect(cats.filter((c) => c.level === 1).map((c) => c.name).slice(0, 3)).toEqual(['城乡建设', '党务政务', '国土资源']);
    expect(cats.find((c) => c.code === '01.02.08')?.name).toBe('冬季采暖');
    expect(cats.filter((c) => c.level === 1)).toHaveLength(17);
  });

  it('every category has a parent, defaults and no duplicate code', () => {
    expect(codes.size).toBe(cats.length);
    for (const c of cats) {
      if (c.parentCode) expect(codes.has(c.parentCode), c.code).toBe(true);
      expect(c.defaultUrgency, c.code).toBeTruthy();
      expect(c.defaultRequestType, c.code).toBeTruthy();
    }
    expect(cats.find((c) => c.code === '12.01.01')?.defaultUrgency).toBe('emergency');
    expect(cats.find((c) => c.code === '01.02.08')?.defaultUrgency).toBe('utilities');
    expect(cats.find((c) => c.code === '01.06.01')?.defaultUrgency).toBe('complex');
  });
});

describe('seed lists and rules', () => {
  const units = new Set(loadDemoCityUnits().map((u) => u.code));
  const lists = loadSeedLists();

  it('name only existing categories and demo-city units', () => {
    expect(lists.flatMap((l) => checkSeedList(l, codes, units))).toEqual([]);
    for (const r of loadSeedRules()) {
      if (r.categoryCode) expect(codes.has(r.categoryCode), r.name).toBe(true);
      for (const u of [r.leadUnitCode, r.placeUnitCode, ...(r.coHandlerUnitCodes ?? [])]) if (u) expect(units.has(u), r.name).toBe(true);
    }
  });

  it('street duty list: role shares within ±5 points of 24.1 / 34.5 / 41.4 %', () => {
    const street = lists.find((l) => l.listKind === 'duty' && l.unitKind === 'street')!;
    const s = roleShares(street.items.map((i) => i.role));
    expect(s.total).toBeGreaterThanOrEqual(60);
    expect(Math.abs(s.leadPct - 24.1)).toBeLessThanOrEqual(5);
    expect(Math.abs(s.coordinatePct - 34.5)).toBeLessThanOrEqual(5);
    expect(Math.abs(s.assistPct - 41.4)).toBeLessThanOrEqual(5);
  });
});
