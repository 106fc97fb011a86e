import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';
import { queryClient } from './query.tsx';
import type { Category, TaxonomyVersion } from './routing-types.ts';

export type Taxonomy = { version: TaxonomyVersion; items: Category[]; byCode: Map<string, Category> };

export async function loadTaxonomy(versionId: number, includeInactive = false): Promise<Taxonomy> {
  const [version, cats] = await Promise.all([
    api<TaxonomyVersion>(`/api/taxonomy/versions/${versionId}`),
    api<{ items: Category[] }>(`/api/taxonomy/versions/${versionId}/categories${includeInactive ? '?includeInactive=true' : ''}`),
  ]);
  return { version, items: cats.items, byCode: new Map(cats.items.map((c) => [c.code, c])) };
}

// The tree changes only when an administrator publishes a version: read once, kept until forgotten.
const ACTIVE = {
  queryKey: ['taxonomy', 'active'],
  queryFn: async (): Promise<Taxonomy | null> => {
    const v = (await api<{ items: TaxonomyVersion[] }>('/api/taxonomy/versions')).items.find((x) => x.status === 'active');
    return v ? loadTaxonomy(v.id) : null;
  },
  staleTime: Infinity,
};

export function loadActiveTaxonomy(): Promise<Taxonomy | null> {
  return queryClient.fetchQuery(ACTIVE);
}

/** After a publish: the next reader loads the new version. */
export function forgetTaxonomy(): void {
  queryClient.removeQueries({ queryKey: ACTIVE.queryKey });
}

export function useActiveTaxonomy(): Taxonomy | null {
  return useQuery(ACTIVE, queryClient).data ?? null;
}

/** The category and its ancestors, top level first. */
export function pathOf(byCode: Map<string, Category>, code: string): Category[] {
  const out: Category[] = [];
  for (let c = byCode.get(code); c; c = c.parent_code ? byCode.get(c.parent_code) : undefined) out.unshift(c);
  return out;
}

export function categoryName(c: Category, locale: string): string {
  return locale === 'en' && c.name_en ? c.name_en : c.name;
}

export function pathLabel(byCode: Map<string, Category>, code: string, locale: string): string {
  const p = pathOf(byCode, code);
  return p.length ? p.map((c) => categoryName(c, locale)).join(' / ') : code;
}
