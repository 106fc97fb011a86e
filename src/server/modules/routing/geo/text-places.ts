import type { UnitChain } from './geo-index.ts';
import { normaliseName } from './place-match.ts';

/**
 * Places named in the request text ("东直门街道路灯不亮" → 东直门街道). Pure: built from the unit tree and
 * the gazetteer, tested with hand-made cases. Only whole names and aliases are recognised, never
 * fragments or fuzzy matches: free text is full of words that look like half a place name, and a
 * proposal the agent cannot trust is worse than none.
 */

export type TextPlaceKind = 'street' | 'community' | 'road' | 'building' | 'place' | 'poi';

export type TextPlaceEntry = {
  name: string;
  aliases: string[];
  kind: TextPlaceKind;
  /** The finest unit the name lies in (a street or community itself, or the grid of a gazetteer entry). */
  unitId: number;
  chain: UnitChain;
  lon: number | null;
  lat: number | null;
};

export type TextPlaceCandidate = Omit<TextPlaceEntry, 'aliases'>;
export type TextMention = { text: string; start: number; candidates: TextPlaceCandidate[] };

export type TextPlace =
  | { status: 'none'; mentions: TextMention[] }
  | { status: 'ambiguous'; mentions: TextMention[] }
  | { status: 'found'; place: TextPlaceCandidate; mentions: TextMention[] };

export type TextPlaceIndex = { byName: Map<string, TextPlaceCandidate[]>; firstChars: Set<string>; maxLen: number };

// A single character names nothing; two-character names (簋街, 钟楼, 协和) are real and common.
const MIN_CHARS = 2;
const MAX_TEXT_CHARS = 5200;

export function buildTextPlaceIndex(entries: TextPlaceEntry[]): TextPlaceIndex {
  const byName = new Map<string, TextPlaceCandidate[]>();
  let maxLen = 0;
  for (const { aliases, ...e } of entries) {
    // a name above the streets (东城区人民政府) places nothing the district fallback does not
    if (!e.chain.street) continue;
    for (const n of new Set([e.name, ...aliases].map(normaliseName))) {
      if ([...n].length < MIN_CHARS) continue;
      const list = byName.get(n) ?? [];
      // a community is both a unit and a gazetteer entry: one candidate, the one with a position
      const same = list.findIndex((c) => c.unitId === e.unitId && c.name === e.name);
      if (same < 0) list.push(e);
      else if (list[same].lon === null && e.lon !== null) list[same] = e;
      byName.set(n, list);
      maxLen = Math.max(maxLen, [...n].length);
    }
  }
  return { byName, firstChars: new Set([...byName.keys()].map((n) => [...n][0])), maxLen };
}

/** Every name in the text; where names overlap the longest wins (东直门街道 over a name inside it), then the earliest. */
export function findMentions(index: TextPlaceIndex, text: string): TextMention[] {
  const chars = [...normaliseName(text.slice(0, MAX_TEXT_CHARS))];
  const hits: { start: number; len: number; name: string }[] = [];
  for (let i = 0; i < chars.length; i++) {
    if (!index.firstChars.has(chars[i])) continue;
    for (let len = Math.min(index.maxLen, chars.length - i); len >= MIN_CHARS; len--) {
      const name = chars.slice(i, i + len).join('');
      if (index.byName.has(name)) hits.push({ start: i, len, name });
    }
  }
  hits.sort((a, b) => b.len - a.len || a.start - b.start);
  const taken = new Array<boolean>(chars.length).fill(false);
  const kept: TextMention[] = [];
  for (const h of hits) {
    if (taken.slice(h.start, h.start + h.len).some(Boolean)) continue;
    taken.fill(true, h.start, h.start + h.len);
    kept.push({ text: h.name, start: h.start, candidates: index.byName.get(h.name)! });
  }
  return kept.sort((a, b) => a.start - b.start);
}

const streetOf = (c: TextPlaceCandidate) => c.chain.street!.id;
const unitsOf = (c: TextPlaceCandidate) => [c.chain.district?.id, c.chain.street?.id, c.chain.community?.id, c.chain.grid?.id].filter((x): x is number => !!x);
/** b lies within a (a street contains its communities and their places). */
const within = (b: TextPlaceCandidate, a: TextPlaceCandidate) => unitsOf(b).includes(a.unitId) && (a.kind === 'street' || a.kind === 'community' || (b.unitId === a.unitId && b.name === a.name));

/**
 * The one place the text names, or 'ambiguous' when it names one name found in two streets, or
 * places in different streets. A street named in the text settles which of a name's readings is
 * meant (东直门街道…南新仓). Among consistent mentions the finest wins (a place over its community over
 * its street); mentions that are not nested (two communities of one street) propose their street.
 */
export function proposeTextPlace(mentions: TextMention[]): TextPlace {
  if (!mentions.length) return { status: 'none', mentions };
  const settled = new Set(mentions.map((m) => new Set(m.candidates.map(streetOf))).filter((s) => s.size === 1).map((s) => [...s][0]));
  if (settled.size !== 1) return { status: 'ambiguous', mentions };
  const street = [...settled][0];
  const readings: TextPlaceCandidate[] = [];
  for (const m of mentions) {
    const inStreet = m.candidates.filter((c) => streetOf(c) === street);
    if (!inStreet.length) return { status: 'ambiguous', mentions };
    // one name in two communities of the same street: the street is still right
    if (inStreet.length > 1) readings.push(streetCandidate(inStreet[0]) ?? inStreet[0]);
    else readings.push(inStreet[0]);
  }
  const finest = readings.find((r) => readings.every((o) => within(r, o)));
  if (finest) return { status: 'found', place: finest, mentions };
  const common = streetCandidate(readings[0]);
  return common ? { status: 'found', place: common, mentions } : { status: 'ambiguous', mentions };
}

function streetCandidate(c: TextPlaceCandidate): TextPlaceCandidate | null {
  const s = c.chain.street;
  if (!s) return null;
  return { name: s.name, kind: 'street', unitId: s.id, chain: { grid: null, community: null, street: s, district: c.chain.district }, lon: null, lat: null };
}

/** Each text (title, body) is read on its own, so no name is made up across the join. */
export function recogniseTextPlace(index: TextPlaceIndex, ...texts: string[]): TextPlace {
  return proposeTextPlace(texts.flatMap((t) => findMentions(index, t)));
}
