import fs from 'node:fs';
import type { Queryable } from '../../../db/client.ts';
import { parseCsvRows } from '../classifier/csv.ts';
import { CATEGORY_CODE, codeDepth, parentCode, selfAndAncestors } from './category-codes.ts';

/**
 * Version 1 of the category tree: the three-level tree of a provincial government message board
 * (seed/reference/taxonomy.csv, 517 leaves in 15 classes) plus the hotline categories it lacks
 * (extra-categories.json: utilities, public-health emergencies, and common 12345 matters such as
 * 占道经营 or 群租房), with default urgency, request type and keywords (category-defaults.json).
 * Codes are given by order of first appearance in the CSV, two digits per level; the file is
 * frozen, so they never move. Later versions are made through the API, which keeps codes.
 */
export type CategorySeed = {
  code: string;
  level: number;
  name: string;
  nameEn: string | null;
  parentCode: string | null;
  defaultUrgency: string | null;
  defaultRequestType: string | null;
  keywords: string[];
};

type Defaults = { defaultUrgency?: string; defaultRequestType?: string };
export type DefaultsFile = { fallback: Defaults; byPrefix: Record<string, Defaults>; keywords: Record<string, string[]> };
export type ExtrasFile = { categories: (Partial<CategorySeed> & { code: string; name: string })[] };

const referenceFile = (name: string) => new URL(`../../../../../seed/reference/${name}`, import.meta.url);
export const readReference = (name: string): string => fs.readFileSync(referenceFile(name), 'utf8');

/** Pure: the CSV, the extras and the defaults become the rows of one taxonomy version. */
export function buildSeedCategories(csvText: string, extras: ExtrasFile, defaults: DefaultsFile): CategorySeed[] {
  const rows = parseCsvRows(csvText).slice(1).filter((r) => r.length >= 3 && r[0].trim());
  const byPath = new Map<string, string>(); // '一级/二级/三级' → code
  const out: CategorySeed[] = [];
  const childCount = new Map<string, number>();
  const add = (path: string, name: string, parent: string | null) => {
    const hit = byPath.get(path);
    if (hit) return hit;
    const n = (childCount.get(parent ?? '') ?? 0) + 1;
    childCount.set(parent ?? '', n);
    const code = parent ? `${parent}.${String(n).padStart(2, '0')}` : String(n).padStart(2, '0');
    byPath.set(path, code);
    out.push({ code, level: codeDepth(code), name, nameEn: null, parentCode: parent, defaultUrgency: null, defaultRequestType: null, keywords: [] });
    return code;
  };
  for (const [a, b, c] of rows.map((r) => r.map((f) => f.trim()))) {
    const c1 = add(a, a, null);
    const c2 = add(`${a}/${b}`, b, c1);
    if (c) add(`${a}/${b}/${c}`, c, c2);
  }
  for (const cat of out) {
    const d = selfAndAncestors(cat.code).reverse().reduce<Defaults>((acc, code) => ({ ...acc, ...defaults.byPrefix[code] }), { ...defaults.fallback });
    cat.defaultUrgency = d.defaultUrgency ?? null;
    cat.defaultRequestType = d.defaultRequestType ?? null;
    const own = cat.level === 3 && cat.name !== '其他' ? [cat.name] : [];
    cat.keywords = [...new Set([...own, ...(defaults.keywords[cat.code] ?? [])])];
  }
  const codes = new Set(out.map((c) => c.code));
  for (const e of extras.categories) {
    const parent = parentCode(e.code);
    if (!CATEGORY_CODE.test(e.code)) throw new Error(`extra category ${e.code}: bad code`);
    if (codes.has(e.code)) throw new Error(`extra category ${e.code} already exists`);
    if (parent && !codes.has(parent)) throw new Error(`extra category ${e.code}: parent ${parent} missing`);
    codes.add(e.code);
    out.push({
      code: e.code, level: codeDepth(e.code), name: e.name, nameEn: e.nameEn ?? null, parentCode: parent,
      defaultUrgency: e.defaultUrgency ?? defaults.fallback.defaultUrgency ?? null,
      defaultRequestType: e.defaultRequestType ?? defaults.fallback.defaultRequestType ?? null,
      keywords: e.keywords ?? [],
    });
  }
  return out.sort((x, y) => x.code.localeCompare(y.code));
}

export function loadSeedCategories(): CategorySeed[] {
  return buildSeedCategories(
    readReference('taxonomy.csv'),
    JSON.parse(readReference('extra-categories.json')) as ExtrasFile,
    JSON.parse(readReference('category-defaults.json')) as DefaultsFile,
  );
}

export async function insertCategories(tx: Queryable, versionId: number, cats: CategorySeed[]): Promise<void> {
  await tx.query(
    `insert into categories(taxonomy_version_id, code, level, name, name_en, parent_code, default_urgency, default_request_type, keywords)
     select $1, r.code, r.level, r.name, r."nameEn", r."parentCode", r."defaultUrgency", r."defaultRequestType", r.keywords
       from jsonb_to_recordset($2::jsonb) as r(code text, level int, name text, "nameEn" text, "parentCode" text,
            "defaultUrgency" text, "defaultRequestType" text, keywords text[])`,
    [versionId, JSON.stringify(cats)],
  );
}

/** Writes version 1 when the database has no taxonomy yet; returns what it wrote, or null. */
export async function seedTaxonomy(tx: Queryable): Promise<{ versionId: number; categories: number } | null> {
  const has = (await tx.query<{ n: number }>('select count(*)::int as n from taxonomy_versions')).rows[0].n;
  if (has) return null;
  const cats = loadSeedCategories();
  const v = (await tx.query<{ id: number }>(
    `insert into taxonomy_versions(version, name, status, valid_from, note)
     values (1, '12345诉求分类（第1版）', 'active', '2021-01-01T00:00:00+08:00', $1) returning id`,
    ['泰迪杯2020C题留言分类三级标签体系，补充水电气热、突发公共卫生事件等热线分类；见 seed/reference/SOURCES.md'],
  )).rows[0];
  await insertCategories(tx, v.id, cats);
  return { versionId: v.id, categories: cats.length };
}
