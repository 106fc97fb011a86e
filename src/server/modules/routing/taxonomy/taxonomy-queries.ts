import type { Queryable } from '../../../db/client.ts';
import { AppError, notFound } from '../../../lib/errors.ts';
import { loadRoutingSnapshot, taxonomyAt } from '../catalogue/routing-snapshot.ts';
import { CATEGORY_CODE, selfAndAncestors } from './category-codes.ts';

export type CategoryRow = {
  code: string;
  level: number;
  name: string;
  name_en: string | null;
  parent_code: string | null;
  default_urgency: string | null;
  default_request_type: string | null;
  keywords: string[];
  active: boolean;
};

const CATEGORY_COLS = 'code, level, name, name_en, parent_code, default_urgency, default_request_type, keywords, active';

export async function listTaxonomyVersions(q: Queryable) {
  return (await q.query(
    `select v.id, v.version, v.name, v.status, v.valid_from, v.note, v.created_at,
            (select count(*)::int from categories c where c.taxonomy_version_id = v.id and c.active) as categories
       from taxonomy_versions v order by v.version desc`,
  )).rows;
}

export async function getTaxonomyVersion(q: Queryable, id: number) {
  const v = (await q.query('select id, version, name, status, valid_from, note, created_by, created_at from taxonomy_versions where id = $1', [id])).rows[0];
  if (!v) throw notFound('taxonomy version', id);
  return v;
}

export async function listCategories(
  q: Queryable,
  versionId: number,
  f: { parentCode?: string | null; level?: number; includeInactive?: boolean } = {},
): Promise<CategoryRow[]> {
  await getTaxonomyVersion(q, versionId);
  const where = ['taxonomy_version_id = $1'];
  const params: unknown[] = [versionId];
  if (f.parentCode === null) where.push('parent_code is null');
  else if (f.parentCode !== undefined) {
    params.push(f.parentCode);
    where.push(`parent_code = $${params.length}`);
  }
  if (f.level !== undefined) {
    params.push(f.level);
    where.push(`level = $${params.length}`);
  }
  if (!f.includeInactive) where.push('active');
  return (await q.query<CategoryRow>(`select ${CATEGORY_COLS} from categories where ${where.join(' and ')} order by code`, params)).rows;
}

/**
 * One category with its path, in a given version or in the version in force at `at`. Orders keep
 * their taxonomy_version_id, so an old order's category is read here even after newer versions.
 */
export async function resolveCategory(q: Queryable, code: string, opts: { versionId?: number; at: Date }) {
  if (!CATEGORY_CODE.test(code)) throw new AppError('validation_failed', `Invalid category code ${code}`, { field: 'code' }, `分类代码格式错误：${code}`);
  const versionId = opts.versionId ?? taxonomyAt(await loadRoutingSnapshot(q), opts.at)?.id;
  if (!versionId) throw notFound('taxonomy version', 'in force');
  const version = await getTaxonomyVersion(q, versionId);
  const rows = (await q.query<CategoryRow>(
    `select ${CATEGORY_COLS} from categories where taxonomy_version_id = $1 and code = any($2::text[])`,
    [versionId, selfAndAncestors(code)],
  )).rows;
  const self = rows.find((r) => r.code === code);
  if (!self) throw notFound('category', code);
  const path = rows.sort((a, b) => a.level - b.level).map((r) => ({ code: r.code, name: r.name }));
  return { taxonomyVersionId: versionId, version: version.version as number, ...self, path };
}
