import { describe, expect, it } from 'vitest';
import { levenshtein, normaliseAddress, prepare, scoreForm } from './place-match.ts';
import { buildGazetteerIndex, searchGazetteerIndex, type GazetteerRow } from './gazetteer-index.ts';
import { RESOLVE_MIN_SCORE, SEARCH_MIN_SCORE } from './gazetteer.ts';

const PREFIXES = ['北京市', '东城区', '北京'];

describe('normaliseAddress', () => {
  it('folds full-width characters, spaces and punctuation', () => {
    expect(normaliseAddress('　东华门大街　１２号', PREFIXES)).toEqual({ full: ['东华门大街12号'], base: ['东华门大街'], houseNumber: '12号', typed: '东华门大街12号' });
    expect(normaliseAddress('王府井（大街）', PREFIXES).full).toEqual(['王府井大街']);
  });

  it('strips leading city and district names but keeps names that start with them', () => {
    expect(normaliseAddress('北京市东城区王府井大街', PREFIXES).full).toEqual(['王府井大街']);
    expect(normaliseAddress('北京东城区王府井大街', PREFIXES).full).toEqual(['北京东城区王府井大街', '王府井大街']);
    expect(normaliseAddress('北京站', PREFIXES).full).toEqual(['北京站', '站']);
    expect(normaliseAddress('北京市东城区', PREFIXES).full).toEqual([]);
  });

  it('keeps the house number apart, with what follows it', () => {
    expect(normaliseAddress('多福巷社区3号楼2单元501', PREFIXES)).toMatchObject({ base: ['多福巷社区'], houseNumber: '3号楼2单元501' });
    expect(normaliseAddress('北京站东街甲3号院', PREFIXES).houseNumber).toBe('甲3号院');
    expect(normaliseAddress('12号', PREFIXES)).toMatchObject({ full: ['12号'], base: [], houseNumber: null });
  });
});

describe('scoreForm', () => {
  it('counts characters, not UTF-16 units', () => {
    expect(levenshtein(prepare('𠀋街').codes, prepare('簋街').codes)).toBe(1);
  });

  it('ranks the cases an intake agent meets', () => {
    expect(scoreForm('王府井大街', '王府井大街')).toBe(1);
    expect(scoreForm('王府井大', '王府井大街')).toBeGreaterThanOrEqual(RESOLVE_MIN_SCORE); // typed prefix
    expect(scoreForm('王府景大街', '王府井大街')).toBeGreaterThanOrEqual(RESOLVE_MIN_SCORE); // homophone typo
    expect(scoreForm('雍和宫大街东侧', '雍和宫大街')).toBeGreaterThanOrEqual(RESOLVE_MIN_SCORE); // name inside a description
    expect(scoreForm('东城大街', '东外大街')).toBeLessThan(RESOLVE_MIN_SCORE); // one edit in four characters is not enough
    expect(scoreForm('大街', '五四大街')).toBeLessThan(RESOLVE_MIN_SCORE); // a generic tail names nothing
    expect(scoreForm('xyzzy不存在的路', '王府井大街')).toBeLessThan(SEARCH_MIN_SCORE);
  });
});

describe('searchGazetteerIndex', () => {
  const rows: GazetteerRow[] = [
    ['王府井大街', 'road', ['王府井步行街']],
    ['王府井百货大楼', 'poi', ['王府井百货', '百货大楼']],
    ['北京协和医院', 'poi', ['协和医院', '协和']],
    ['东华门大街', 'road', []],
    ['五四大街', 'road', []],
    ['簋街', 'road', ['鬼街']],
    ['东城区人民政府', 'poi', []],
  ].map(([name, kind, aliases], i) => ({ id: i + 1, name, kind, aliases, unit_id: null, lon: 0, lat: 0 }) as GazetteerRow);
  const index = buildGazetteerIndex(rows);
  const top = (q: string) => searchGazetteerIndex(index, normaliseAddress(q, PREFIXES), SEARCH_MIN_SCORE)[0];

  it('matches names and aliases exactly', () => {
    expect(top('协和')).toMatchObject({ row: { name: '北京协和医院' }, score: 1 });
    expect(top('鬼街').row.name).toBe('簋街');
    expect(top('东城区人民政府')).toMatchObject({ row: { name: '东城区人民政府' }, score: 1 }); // not 人民政府 in 东城区
  });

  it('matches an address with a house number to its road', () => {
    const r = top('东华门大街12号');
    expect(r.row.name).toBe('东华门大街');
    expect(r.score).toBeGreaterThanOrEqual(RESOLVE_MIN_SCORE);
  });

  it('finds a short distinctive name inside a longer text', () => {
    expect(top('簋街小吃一条街').row.name).toBe('簋街');
  });

  it('returns nothing for garbage', () => {
    expect(searchGazetteerIndex(index, normaliseAddress('xyzzy不存在的路', PREFIXES), SEARCH_MIN_SCORE)).toEqual([]);
    expect(searchGazetteerIndex(index, normaliseAddress('', PREFIXES), SEARCH_MIN_SCORE)).toEqual([]);
  });
});
