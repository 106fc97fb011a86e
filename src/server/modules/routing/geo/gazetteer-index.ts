import { bigrams, normaliseName, prepare, prepareForms, scoreNames, type AddressForms, type Prepared } from './place-match.ts';

/**
 * The gazetteer in memory: exact names and aliases in a Map, and a character-bigram inverted index
 * that proposes candidates, which place-match.ts then scores. Pure, built from rows.
 */

export type GazetteerRow = {
  id: number;
  name: string;
  kind: 'road' | 'building' | 'place' | 'community' | 'poi';
  aliases: string[] | null;
  unit_id: number | null;
  lon: number;
  lat: number;
};

export type GazetteerIndex = {
  rows: GazetteerRow[];
  names: Prepared[][]; // normalised name and aliases, per row
  exact: Map<string, number[]>;
  postings: Map<string, number[]>;
};

// Only the best-ranked candidates get the full score: enough to hold every plausible reading, few
// enough that a query stays in the tens of microseconds on a city-size gazetteer.
const SCORED_CANDIDATES = 40;
// A bigram in more than this share of entries (号楼, 社区, 胡同 in a big gazetteer) proposes nothing on
// its own; it still counts towards the score of candidates proposed by rarer bigrams.
const COMMON_SHARE = 0.2;
const COMMON_MIN = 50;

export function buildGazetteerIndex(rows: GazetteerRow[]): GazetteerIndex {
  const exact = new Map<string, number[]>();
  const postings = new Map<string, number[]>();
  const names = rows.map((r, i) => {
    const ns = [...new Set([r.name, ...(r.aliases ?? [])].map(normaliseName).filter(Boolean))];
    for (const n of ns) {
      const list = exact.get(n);
      if (list) list.push(i);
      else exact.set(n, [i]);
    }
    for (const g of new Set(ns.flatMap(bigrams))) {
      const list = postings.get(g);
      if (list) list.push(i);
      else postings.set(g, [i]);
    }
    return ns.map(prepare);
  });
  return { rows, names, exact, postings };
}

/**
 * Rows scored against the query forms, best first, at or above minScore. Candidates are exact hits
 * plus the rows sharing the most informative bigrams with the query (each bigram weighted by its
 * inverse document frequency), so a distinctive word (簋街, 王府) is never crowded out by a generic
 * one (大街).
 */
export function searchGazetteerIndex(index: GazetteerIndex, forms: AddressForms, minScore: number): { row: GazetteerRow; score: number }[] {
  const all = [...forms.full, ...forms.base];
  const n = index.rows.length;
  const common = Math.max(COMMON_MIN, n * COMMON_SHARE);
  const weight = new Map<number, number>();
  const grams = [...new Set(all.flatMap(bigrams))].map((g) => index.postings.get(g)).filter((p): p is number[] => !!p);
  for (const p of grams) {
    if (p.length > common) continue;
    const w = Math.log(1 + n / p.length);
    for (const i of p) weight.set(i, (weight.get(i) ?? 0) + w);
  }
  const picked = [...weight.entries()].sort((a, b) => b[1] - a[1] || a[0] - b[0]).slice(0, SCORED_CANDIDATES).map(([i]) => i);
  const candidates = new Set(picked);
  for (const f of all) for (const i of index.exact.get(f) ?? []) candidates.add(i);
  const typedExact = new Set(index.exact.get(forms.typed) ?? []);

  const prepared = prepareForms(forms);
  const out: { row: GazetteerRow; score: number }[] = [];
  for (const i of typedExact) candidates.add(i);
  for (const i of candidates) {
    const score = typedExact.has(i) ? 1 : scoreNames(prepared, index.names[i]);
    if (score >= minScore) out.push({ row: index.rows[i], score });
  }
  // equal scores: the shorter name is the more specific reading of what was typed, then the older entry
  return out.sort((a, b) => b.score - a.score || [...a.row.name].length - [...b.row.name].length || a.row.id - b.row.id);
}
