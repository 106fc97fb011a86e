import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json, IdParam } from '../../../http/openapi.ts';
import { requireStaff } from '../catalogue/routing-access.ts';
import { CATEGORY_CODE } from './category-codes.ts';
import { addCategory, CategoryInput, CategoryPatch, createTaxonomyDraft, publishTaxonomyVersion, removeCategory, TaxonomyDraftInput, updateCategory } from './taxonomy-commands.ts';
import { getTaxonomyVersion, listCategories, listTaxonomyVersions, resolveCategory } from './taxonomy-queries.ts';
import { queryId } from '../../../http/input-schemas.ts';

export const taxonomyRoutes = router();
const tags = ['routing: taxonomy'];
const Row = z.looseObject({});
const Code = z.string().regex(CATEGORY_CODE);
const CodeParam = z.object({ code: Code.openapi({ param: { name: 'code', in: 'path' }, example: '01.02.08' }) });
const VersionCodeParams = IdParam.extend(CodeParam.shape);
const Flag = z.enum(['true', 'false']).transform((v) => v === 'true');

taxonomyRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/taxonomy/versions', tags,
    summary: 'Every version of the category tree (draft, active, retired)',
    responses: { 200: json(z.object({ items: z.array(Row) }), 'Versions'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireStaff(c.get('ctx').actor);
    return c.json({ items: await listTaxonomyVersions(c.get('ctx').db) }, 200);
  },
);

taxonomyRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/taxonomy/versions/{id}', tags,
    summary: 'One taxonomy version',
    request: { params: IdParam },
    responses: { 200: json(Row, 'The version'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireStaff(c.get('ctx').actor);
    return c.json(await getTaxonomyVersion(c.get('ctx').db, c.req.valid('param').id), 200);
  },
);

taxonomyRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/taxonomy/versions/{id}/categories', tags,
    summary: 'Categories of a version, optionally one level or the children of one parent',
    request: {
      params: IdParam,
      query: z.object({ parentCode: Code.optional(), level: z.coerce.number().int().min(1).max(3).optional(), includeInactive: Flag.optional() }),
    },
    responses: { 200: json(z.object({ items: z.array(Row) }), 'Categories'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireStaff(c.get('ctx').actor);
    const qy = c.req.valid('query');
    return c.json({ items: await listCategories(c.get('ctx').db, c.req.valid('param').id, qy) }, 200);
  },
);

taxonomyRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/taxonomy/categories/{code}', tags,
    summary: 'Resolve a category code with its path, in a given version or in the version in force now',
    request: { params: CodeParam, query: z.object({ versionId: queryId().optional() }) },
    responses: { 200: json(Row, 'The category'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    requireStaff(ctx.actor);
    return c.json(await resolveCategory(ctx.db, c.req.valid('param').code, { versionId: c.req.valid('query').versionId, at: ctx.now() }), 200);
  },
);

taxonomyRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/taxonomy/versions', tags,
    summary: 'Open a draft version: a copy of the active tree to edit (admin)',
    request: { body: { content: { 'application/json': { schema: TaxonomyDraftInput } }, required: true } },
    responses: { 201: json(Row, 'The draft'), ...STANDARD_ERRORS },
  }),
  async (c) => c.json(await createTaxonomyDraft(c.get('ctx'), c.req.valid('json')), 201),
);

taxonomyRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/taxonomy/versions/{id}/categories', tags,
    summary: 'Add a category to a draft (admin); the code is generated under the parent unless given',
    request: { params: IdParam, body: { content: { 'application/json': { schema: CategoryInput } }, required: true } },
    responses: { 201: json(Row, 'The category'), ...STANDARD_ERRORS },
  }),
  async (c) => c.json(await addCategory(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 201),
);

taxonomyRoutes.openapi(
  createRoute({
    method: 'patch', path: '/api/taxonomy/versions/{id}/categories/{code}', tags,
    summary: 'Change a category of a draft: names, defaults, keywords, active (admin)',
    request: { params: VersionCodeParams, body: { content: { 'application/json': { schema: CategoryPatch } }, required: true } },
    responses: { 200: json(Row, 'The category'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const p = c.req.valid('param');
    return c.json(await updateCategory(c.get('ctx'), p.id, p.code, c.req.valid('json')), 200);
  },
);

taxonomyRoutes.openapi(
  createRoute({
    method: 'delete', path: '/api/taxonomy/versions/{id}/categories/{code}', tags,
    summary: 'Remove a category and its branch from a draft: deactivated, its code never reused (admin)',
    request: { params: VersionCodeParams },
    responses: { 200: json(z.object({ code: z.string(), deactivated: z.number() }), 'Deactivated'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const p = c.req.valid('param');
    return c.json(await removeCategory(c.get('ctx'), p.id, p.code), 200);
  },
);

taxonomyRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/taxonomy/versions/{id}/publish', tags,
    summary: 'Publish a draft: it is in force from now, the previous version is retired (admin)',
    request: { params: IdParam },
    responses: { 200: json(Row, 'Published'), ...STANDARD_ERRORS },
  }),
  async (c) => c.json(await publishTaxonomyVersion(c.get('ctx'), c.req.valid('param').id), 200),
);
