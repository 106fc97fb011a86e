/** Weeks as the search keys count them (migration 0023): whole weeks since 1970-01-01 00:00 UTC. */
export const WEEK_MS = 604_800_000;

export type WeekSpan = { hi: number; lo: number };

export const weekOf = (d: Date): number => Math.floor(d.getTime() / WEEK_MS);

/**
 * The next span of weeks a search reads, below `prev` and not below `lo` (null when none is left).
 * It starts with the newest week alone. After a span that found matches, the next is as long as the
 * matches still wanted need at the density just seen (a quarter more, for safety); after an empty
 * one, or at most, four times longer. A common word is done after a week or two, a rare one after
 * a handful of lookups, and no span reads many more matches than it needs.
 */
export function nextWeekSpan(hi: number, lo: number, prev: { span: WeekSpan; found: number } | null, wanted: number): WeekSpan | null {
  const top = prev ? prev.span.lo - 1 : hi;
  if (top < lo || wanted <= 0) return null;
  let size = 1;
  if (prev) {
    const weeks = prev.span.hi - prev.span.lo + 1;
    const grow = weeks * 4;
    size = prev.found > 0 ? Math.min(grow, Math.max(1, Math.ceil(((wanted * weeks) / prev.found) * 1.25))) : grow;
  }
  return { hi: top, lo: Math.max(lo, top - size + 1) };
}
