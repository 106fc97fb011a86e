import { z } from '@hono/zod-openapi';

/**
 * 七有 and 五性: the livelihood dimensions an order's category belongs to. Pure: no database.
 * The mapping names category codes; an order takes the entry of its most specific mapped code
 * (itself, then its parents), so `14` → 学有所教 can be narrowed by `14.08` → 多样性 alone, and an
 * entry with no dimensions takes a branch out.
 */

export const SEVEN_HAVES = ['childcare', 'education', 'employment', 'medical', 'elderly', 'housing', 'vulnerable'] as const;
export const FIVE_QUALITIES = ['convenience', 'livability', 'diversity', 'fairness', 'safety'] as const;
export const DIMENSIONS = [...SEVEN_HAVES, ...FIVE_QUALITIES] as const;
export type Dimension = (typeof DIMENSIONS)[number];

export const DIMENSION_NAMES: Record<Dimension, { zh: string; en: string }> = {
  childcare: { zh: '幼有所育', en: 'Care for the young' },
  education: { zh: '学有所教', en: 'Education' },
  employment: { zh: '劳有所得', en: 'Work and pay' },
  medical: { zh: '病有所医', en: 'Medical care' },
  elderly: { zh: '老有所养', en: 'Care for the elderly' },
  housing: { zh: '住有所居', en: 'Housing' },
  vulnerable: { zh: '弱有所扶', en: 'Support for the vulnerable' },
  convenience: { zh: '便利性', en: 'Convenience' },
  livability: { zh: '宜居性', en: 'Livability' },
  diversity: { zh: '多样性', en: 'Diversity' },
  fairness: { zh: '公正性', en: 'Fairness' },
  safety: { zh: '安全性', en: 'Safety' },
};

export const familyOf = (d: Dimension): 'sevenHaves' | 'fiveQualities' => ((SEVEN_HAVES as readonly string[]).includes(d) ? 'sevenHaves' : 'fiveQualities');

export const DimensionEntry = z.object({
  categoryCode: z.string().regex(/^\d{2}(\.\d{2}){0,2}$/, 'category code such as 01.02.17'),
  dimensions: z.array(z.enum(DIMENSIONS)).max(DIMENSIONS.length),
});
export type DimensionEntry = z.infer<typeof DimensionEntry>;

export const DimensionEntries = z
  .array(DimensionEntry)
  .max(5000)
  .superRefine((xs, c) => {
    const seen = new Set<string>();
    xs.forEach((x, i) => {
      if (seen.has(x.categoryCode)) c.addIssue({ code: 'custom', path: [i, 'categoryCode'], message: `category ${x.categoryCode} is mapped twice` });
      seen.add(x.categoryCode);
    });
  });

/** The dimensions of a category under a mapping: the most specific mapped code decides. */
export function dimensionsOf(categoryCode: string | null, byCode: Map<string, readonly Dimension[]>): readonly Dimension[] {
  if (!categoryCode) return [];
  const parts = categoryCode.split('.');
  for (let n = parts.length; n > 0; n--) {
    const hit = byCode.get(parts.slice(0, n).join('.'));
    if (hit) return [...new Set(hit)];
  }
  return [];
}

export const indexEntries = (entries: DimensionEntry[]): Map<string, readonly Dimension[]> => new Map(entries.map((e) => [e.categoryCode, e.dimensions]));

/** Which entries a new version adds, removes or changes against the one before. */
export function entriesDiff(before: DimensionEntry[], after: DimensionEntry[]) {
  const a = indexEntries(before);
  const b = indexEntries(after);
  const key = (xs: readonly Dimension[] | undefined) => (xs ? [...xs].sort().join(',') : null);
  const out: { categoryCode: string; before: Dimension[] | null; after: Dimension[] | null }[] = [];
  for (const code of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    if (key(a.get(code)) !== key(b.get(code))) out.push({ categoryCode: code, before: a.get(code) ? [...a.get(code)!] : null, after: b.get(code) ? [...b.get(code)!] : null });
  }
  return out;
}
