import { useEffect, useState } from 'react';
import { api } from './api.ts';
import type { Category, TaxonomyVersion } from './routing-types.ts';

export type Taxonomy = { version: TaxonomyVersion; items: Category[]; byCode: Map<string, Category> };

// One load per page: the tree changes only when an administrator publishes a version.
let active: Promise<Taxonomy | null> | null = null;

export async function loadTaxonomy(versionId: number, includeInactive = false): Promise<Taxonomy> {
  const [version, cats] = await Promise.all([
    api<TaxonomyVersion>(`/api/taxonomy/versions/${versionId}`),
    api<{ items: Category[] }>(`/api/taxonomy/versions/${versionId}/categories${includeInactive ? '?includeInactive=true' : ''}`),
  ]);
  return { version, items: cats.items, byCode: new Map(cats.items.map((c) => [c.code, c])) };
}

export function loadActiveTaxonomy(): Promise<Taxonomy | null> {
  active ??= api<{ items: TaxonomyVersion[] }>('/api/taxonomy/versions')
    .then((r) => r.items.find((v) => v.status === 'active'))
    .then((v) => (v ? loadTaxonomy(v.id) : null))
    .catch((e: unknown) => {
      active = null;
      throw e;
    });
  return active;
}

/** After a publish: the next reader loads the new version. */
export function forgetTaxonomy(): void {
  active = null;
}

export function useActiveTaxonomy(): Taxonomy | null {
  const [tax, setTax] = useState<Taxonomy | null>(null);
  useEffect(() => {
    let live = true;
    loadActiveTaxonomy().then(
      (t) => live && setTax(t),
      () => live && setTax(null),
    );
    return () => {
      live = false;
    };
  }, []);
  return tax;
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
