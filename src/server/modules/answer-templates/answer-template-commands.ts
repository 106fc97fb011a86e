import { z } from '@hono/zod-openapi';
import type { Queryable } from '../../db/client.ts';
import { hasRole, type Ctx } from '../../lib/ctx.ts';
import { AppError, forbidden, notFound } from '../../lib/errors.ts';
import { invalidateReference } from '../../lib/reference-cache.ts';
import { categoryOfIntake } from '../work-orders/routing-at-intake.ts';
import { presentTemplate, type AnswerTemplate, type AnswerTemplateRow } from './answer-template-tables.ts';

export const TEMPLATES_CACHE_KEY = 'answer-templates';

export const AnswerTemplateInput = z
  .object({
    title: z.string().trim().min(1).max(100),
    body: z.string().trim().min(1).max(2000),
    categories: z.array(z.string().trim().min(1).max(20)).max(20).default([]),
    active: z.boolean().default(true),
  })
  .strict()
  .openapi('AnswerTemplateInput');
export type AnswerTemplateInput = z.infer<typeof AnswerTemplateInput>;

export const AnswerTemplateUpdate = AnswerTemplateInput.extend({ version: z.number().int().min(1) }).strict().openapi('AnswerTemplateUpdate');
export type AnswerTemplateUpdate = z.infer<typeof AnswerTemplateUpdate>;

function requireAdmin(ctx: Ctx) {
  if (!ctx.actor || !hasRole(ctx.actor, 'admin')) throw forbidden('Only administrators edit answer templates.', '仅管理员可维护答复模板。');
}

/** Category codes must name categories of the taxonomy in force; the same code twice is kept once. */
async function checkCategories(q: Queryable, codes: string[], at: Date): Promise<string[]> {
  const unique = [...new Set(codes)];
  for (const code of unique) {
    try {
      await categoryOfIntake(q, code, at);
    } catch (e) {
      if (e instanceof AppError && e.code === 'validation_failed') {
        throw new AppError('validation_failed', `Unknown category ${code}.`, { field: 'categories' }, `分类 ${code} 不存在于现行分类目录中。`);
      }
      throw e;
    }
  }
  return unique;
}

// One statement writes the template and its version row: the history never misses an edit.
const WITH_VERSION = `
  v as (insert into answer_template_versions(template_id, version, title, body, categories, active, changed_at, changed_by)
        select id, version, title, body, categories, active, updated_at, updated_by from t)
  select * from t`;

export async function createAnswerTemplate(ctx: Ctx, input: AnswerTemplateInput): Promise<AnswerTemplate> {
  requireAdmin(ctx);
  const categories = await checkCategories(ctx.db, input.categories, ctx.now());
  const r = await ctx.db.query<AnswerTemplateRow>(
    `with t as (insert into answer_templates(title, body, categories, active, version, updated_at, updated_by)
                values ($1, $2, $3::text[], $4, 1, $5, $6) returning *), ${WITH_VERSION}`,
    [input.title, input.body, categories, input.active, ctx.now(), ctx.actor!.userId > 0 ? ctx.actor!.userId : null],
  );
  await invalidateReference(ctx.db, TEMPLATES_CACHE_KEY);
  return presentTemplate(r.rows[0]);
}

/** An edit names the version it was made on; an edit of an older version is refused (version_conflict), not merged. */
export async function updateAnswerTemplate(ctx: Ctx, id: number, input: AnswerTemplateUpdate): Promise<AnswerTemplate> {
  requireAdmin(ctx);
  const categories = await checkCategories(ctx.db, input.categories, ctx.now());
  const r = await ctx.db.query<AnswerTemplateRow>(
    `with t as (update answer_templates set title = $3, body = $4, categories = $5::text[], active = $6, version = version + 1, updated_at = $7, updated_by = $8
                where id = $1 and version = $2 returning *), ${WITH_VERSION}`,
    [id, input.version, input.title, input.body, categories, input.active, ctx.now(), ctx.actor!.userId > 0 ? ctx.actor!.userId : null],
  );
  if (!r.rows[0]) {
    const exists = await ctx.db.query<{ version: number }>('select version from answer_templates where id = $1', [id]);
    if (!exists.rows[0]) throw notFound('answer template', id);
    throw new AppError('version_conflict', `Template ${id} is at version ${exists.rows[0].version}, not ${input.version}.`, { current: exists.rows[0].version }, '该模板已被他人修改，请刷新后重试。');
  }
  await invalidateReference(ctx.db, TEMPLATES_CACHE_KEY);
  return presentTemplate(r.rows[0]);
}
