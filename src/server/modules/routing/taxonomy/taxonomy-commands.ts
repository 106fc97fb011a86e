import { z } from '@hono/zod-openapi';
import type { Queryable } from '../../../db/client.ts';
import type { Ctx } from '../../../lib/ctx.ts';
import { AppError, notFound } from '../../../lib/errors.ts';
import { forgetRouting } from '../catalogue/routing-snapshot.ts';
import { requireRoles } from '../catalogue/routing-access.ts';
import { CATEGORY_CODE, codeDepth, nextChildCode, parentCode, REQUEST_TYPES, URGENCY_CLASSES } from './category-codes.ts';

/*
 * A taxonomy version is edited as a draft (a copy of the active one) and published whole: orders
 * keep the version id they were classified with, so a published version never changes. Removing
 * a category deactivates it (and its branch) instead of deleting it, so its code is never reused
 * and rules or duty items naming it still read correctly.
 */
const Code = z.string().regex(CATEGORY_CODE, "two digits per level: '01', '01.03', '01.03.07'");
const Keywords = z.array(z.string().trim().min(1).max(30)).max(50);

export const TaxonomyDraftInput = z
  .object({ name: z.string().trim().min(1).max(100), note: z.string().trim().max(500).optional() })
  .openapi('TaxonomyDraftInput');

export const CategoryInput = z
  .object({
    parentCode: Code.nullable().openapi({ description: 'null for a top-level class' }),
    code: Code.optional().openapi({ description: 'omit to take the next free code under the parent' }),
    name: z.string().trim().min(1).max(60),
    nameEn: z.string().trim().max(120).nullish(),
    defaultUrgency: z.enum(URGENCY_CLASSES).nullish(),
    defaultRequestType: z.enum(REQUEST_TYPES).nullish(),
    keywords: Keywords.default([]),
  })
  .openapi('CategoryInput');

export const CategoryPatch = z
  .object({
    name: z.string().trim().min(1).max(60).optional(),
    nameEn: z.string().trim().max(120).nullish(),
    defaultUrgency: z.enum(URGENCY_CLASSES).nullish(),
    defaultRequestType: z.enum(REQUEST_TYPES).nullish(),
    keywords: Keywords.optional(),
    active: z.boolean().optional(),
  })
  .openapi('CategoryPatch');

type VersionRow = { id: number; version: number; status: string };

async function lockDraft(tx: Queryable, versionId: number): Promise<VersionRow> {
  const v = (await tx.query<VersionRow>('select id, version, status from taxonomy_versions where id = $1 for update', [versionId])).rows[0];
  if (!v) throw notFound('taxonomy version', versionId);
  if (v.status !== 'draft') {
    throw new AppError('invalid_transition', `Taxonomy version ${v.version} is ${v.status}; only drafts are edited.`, { status: v.status }, `分类第${v.version}版状态为${v.status}，只有草稿可以修改。`);
  }
  return v;
}

async function edit<T>(ctx: Ctx, fn: (tx: Queryable) => Promise<T>): Promise<T> {
  requireRoles(ctx, ['admin'], 'edit the category tree', '维护诉求分类');
  const out = await ctx.db.transaction(fn);
  await forgetRouting(ctx.db);
  return out;
}

/** A new draft version holding a copy of the active version's categories. One draft at a time. */
export async function createTaxonomyDraft(ctx: Ctx, input: z.infer<typeof TaxonomyDraftInput>) {
  return edit(ctx, async (tx) => {
    await tx.query('lock table taxonomy_versions in share row exclusive mode');
    const open = (await tx.query<{ id: number }>(`select id from taxonomy_versions where status = 'draft'`)).rows[0];
    if (open) throw new AppError('invalid_transition', `Draft ${open.id} is already open; publish or edit it.`, { draftId: open.id }, `已有分类草稿 ${open.id}，请先发布或继续编辑。`);
    const next = (await tx.query<{ v: number }>('select coalesce(max(version), 0) + 1 as v from taxonomy_versions')).rows[0].v;
    const created = (await tx.query<{ id: number; version: number; name: string; status: string }>(
      `insert into taxonomy_versions(version, name, status, note, created_by, created_at) values ($1, $2, 'draft', $3, $4, $5) returning id, version, name, status`,
      [next, input.name, input.note ?? null, ctx.actor!.userId, ctx.now()],
    )).rows[0];
    await tx.query(
      `insert into categories(taxonomy_version_id, code, level, name, name_en, parent_code, default_urgency, default_request_type, keywords, active)
       select $1, code, level, name, name_en, parent_code, default_urgency, default_request_type, keywords, active
         from categories where taxonomy_version_id = (select id from taxonomy_versions where status = 'active')`,
      [created.id],
    );
    return created;
  });
}

export async function addCategory(ctx: Ctx, versionId: number, input: z.infer<typeof CategoryInput>) {
  return edit(ctx, async (tx) => {
    await lockDraft(tx, versionId);
    const codes = (await tx.query<{ code: string; active: boolean }>('select code, active from categories where taxonomy_version_id = $1', [versionId])).rows;
    const parent = input.parentCode;
    if (parent && !codes.some((c) => c.code === parent && c.active)) {
      throw new AppError('validation_failed', `Parent ${parent} does not exist or is inactive`, { field: 'parentCode' }, `上级分类 ${parent} 不存在或已停用`);
    }
    if (codeDepth(parent) >= 3) throw new AppError('validation_failed', 'The tree has three levels', { field: 'parentCode' }, '分类最多三级');
    const code = input.code ?? nextChildCode(parent, codes.map((c) => c.code));
    if (parentCode(code) !== parent) {
      throw new AppError('validation_failed', `Code ${code} is not a child of ${parent ?? 'the top level'}`, { field: 'code' }, `代码 ${code} 与上级分类不符`);
    }
    if (codes.some((c) => c.code === code)) {
      throw new AppError('validation_failed', `Code ${code} is taken (codes are never reused)`, { field: 'code' }, `代码 ${code} 已被使用（代码不复用）`);
    }
    return (await tx.query(
      `insert into categories(taxonomy_version_id, code, level, name, name_en, parent_code, default_urgency, default_request_type, keywords)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9) returning *`,
      [versionId, code, codeDepth(code), input.name, input.nameEn ?? null, parent, input.defaultUrgency ?? null, input.defaultRequestType ?? null, input.keywords],
    )).rows[0];
  });
}

export async function updateCategory(ctx: Ctx, versionId: number, code: string, patch: z.infer<typeof CategoryPatch>) {
  return edit(ctx, async (tx) => {
    await lockDraft(tx, versionId);
    const cur = (await tx.query<{ id: number; parent_code: string | null }>('select id, parent_code from categories where taxonomy_version_id = $1 and code = $2', [versionId, code])).rows[0];
    if (!cur) throw notFound('category', code);
    if (patch.active === true && cur.parent_code) {
      const p = (await tx.query<{ active: boolean }>('select active from categories where taxonomy_version_id = $1 and code = $2', [versionId, cur.parent_code])).rows[0];
      if (!p?.active) throw new AppError('validation_failed', 'Reactivate the parent first', { field: 'active' }, '请先启用上级分类');
    }
    const sets: string[] = [];
    const params: unknown[] = [];
    const set = (col: string, v: unknown) => {
      params.push(v);
      sets.push(`${col} = $${params.length}`);
    };
    if (patch.name !== undefined) set('name', patch.name);
    if (patch.nameEn !== undefined) set('name_en', patch.nameEn);
    if (patch.defaultUrgency !== undefined) set('default_urgency', patch.defaultUrgency);
    if (patch.defaultRequestType !== undefined) set('default_request_type', patch.defaultRequestType);
    if (patch.keywords !== undefined) set('keywords', patch.keywords);
    if (patch.active !== undefined) set('active', patch.active);
    if (!sets.length) throw new AppError('validation_failed', 'Nothing to change', {}, '没有要修改的内容');
    params.push(cur.id);
    const row = (await tx.query(`update categories set ${sets.join(', ')} where id = $${params.length} returning *`, params)).rows[0];
    // deactivating a class deactivates its branch: a leaf under an inactive parent cannot be chosen
    if (patch.active === false) await deactivateBranch(tx, versionId, code);
    return row;
  });
}

async function deactivateBranch(tx: Queryable, versionId: number, code: string): Promise<number> {
  const r = await tx.query<{ code: string }>(
    `update categories set active = false where taxonomy_version_id = $1 and (code = $2 or code like $3) returning code`,
    [versionId, code, `${code}.%`],
  );
  return r.rows.length;
}

export async function removeCategory(ctx: Ctx, versionId: number, code: string) {
  return edit(ctx, async (tx) => {
    await lockDraft(tx, versionId);
    const n = await deactivateBranch(tx, versionId, code);
    if (!n) throw notFound('category', code);
    return { code, deactivated: n };
  });
}

/** The draft becomes the version in force from now; the previous one is retired but stays readable. */
export async function publishTaxonomyVersion(ctx: Ctx, versionId: number) {
  return edit(ctx, async (tx) => {
    const v = await lockDraft(tx, versionId);
    const tops = (await tx.query<{ n: number }>('select count(*)::int as n from categories where taxonomy_version_id = $1 and level = 1 and active', [versionId])).rows[0].n;
    if (!tops) throw new AppError('validation_failed', 'A version needs at least one active top-level class', {}, '分类版本至少需要一个启用的一级分类');
    const orphans = (await tx.query<{ code: string }>(
      `select c.code from categories c left join categories p on p.taxonomy_version_id = c.taxonomy_version_id and p.code = c.parent_code
        where c.taxonomy_version_id = $1 and c.parent_code is not null and p.id is null limit 5`,
      [versionId],
    )).rows;
    if (orphans.length) throw new AppError('validation_failed', `Categories without parent: ${orphans.map((o) => o.code).join(', ')}`, { codes: orphans.map((o) => o.code) }, '存在缺少上级的分类');
    await tx.query(`update taxonomy_versions set status = 'retired' where status = 'active'`);
    return (await tx.query(
      `update taxonomy_versions set status = 'active', valid_from = $2 where id = $1 returning id, version, name, status, valid_from`,
      [v.id, ctx.now()],
    )).rows[0];
  });
}
