/**
 * A small seeded generator (sfc32 seeded through a string hash): the same seed gives the same
 * history on every machine and Node version, which Math.random cannot promise.
 */
export type Rng = {
  /** uniform in [0, 1) */
  next(): number;
  int(lo: number, hi: number): number;
  chance(p: number): boolean;
  pick<T>(list: readonly T[]): T;
  /** a positive duration around `median` with the given spread (log-normal, sigma in natural log units) */
  logNormal(median: number, sigma: number): number;
};

function hashSeed(seed: string): [number, number, number, number] {
  let h = 1779033703 ^ seed.length;
  const out: number[] = [];
  for (let i = 0; i < seed.length; i++) {
    h = Math.imul(h ^ seed.charCodeAt(i), 3432918353);
    h = (h << 13) | (h >>> 19);
  }
  for (let k = 0; k < 4; k++) {
    h = Math.imul(h ^ (h >>> 16), 2246822507);
    h = Math.imul(h ^ (h >>> 13), 3266489909);
    h ^= h >>> 16;
    out.push(h >>> 0);
  }
  return out as [number, number, number, number];
}

export function createRng(seed: string): Rng {
  let [a, b, c, d] = hashSeed(seed);
  const next = () => {
    a >>>= 0; b >>>= 0; c >>>= 0; d >>>= 0;
    let t = (a + b) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    d = (d + 1) | 0;
    t = (t + d) | 0;
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  const gauss = () => {
    const u = 1 - next();
    const v = next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  };
  return {
    next,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    chance: (p) => next() < p,
    pick: (list) => list[Math.floor(next() * list.length)],
    logNormal: (median, sigma) => median * Math.exp(sigma * gauss()),
  };
}

/** Picks by weight in O(log n): build once, draw many times. */
export function weighted<T>(items: readonly T[], weight: (t: T) => number): (rng: Rng) => T {
  const cum: number[] = [];
  let total = 0;
  for (const it of items) {
    total += Math.max(0, weight(it));
    cum.push(total);
  }
  if (!items.length || total <= 0) throw new Error('weighted: nothing to pick from');
  return (rng) => {
    const x = rng.next() * total;
    let lo = 0;
    let hi = cum.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] > x) hi = mid;
      else lo = mid + 1;
    }
    return items[lo];
  };
}

/** A stable number in [0, 1) for a key: per-unit traits that do not depend on generation order. */
export function trait(seed: string, key: string): number {
  return hashSeed(`${seed}|${key}`)[0] / 4294967296;
}
