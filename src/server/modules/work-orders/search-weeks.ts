/** Weeks as the search keys count them (migration 0023): whole weeks since 1970-01-01 00:00 UTC. */
export const WEEK_MS = 604_800_000;

export type WeekSpan = { hi: number; lo: number };

export const weekOf = (d: Date): number => Math.floor(d.getTime() / WEEK_MS);

// The newest week alone, then spans four times longer each: a common word is done after the first,
// a rare one after a handful of lookups.
const SPANS = [1, 4, 16, 64];

/** The spans of weeks a search walks, newest first, covering `hi` down to `lo` exactly once. */
export function searchWeekSpans(hi: number, lo: number): WeekSpan[] {
  const out: WeekSpan[] = [];
  let top = hi;
  for (const n of SPANS) {
    if (top < lo) return out;
    const bottom = Math.max(lo, top - n + 1);
    out.push({ hi: top, lo: bottom });
    top = bottom - 1;
  }
  if (top >= lo) out.push({ hi: top, lo });
  return out;
}
