import { createRoute, z } from '@hono/zod-openapi';
import { IdParam, json, router, STANDARD_ERRORS } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { AnswerTemplateInput, AnswerTemplateUpdate, createAnswerTemplate, updateAnswerTemplate } from './answer-template-commands.ts';
import { answerTemplateHistory, listAnswerTemplates, suggestAnswerTemplates } from './answer-template-queries.ts';

const Template = z.looseObject({ id: z.number(), title: z.string(), body: z.string(), categories: z.array(z.string()), active: z.boolean(), version: z.number() }).openapi('AnswerTemplate');
const tags = ['answer templates'];

export const answerTemplateRoutes = router();

answerTemplateRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/answer-templates',
    tags,
    summary: 'Answer templates for frequent inquiries (hotline and admin); inactive ones for administrators with all=true',
    request: { query: z.object({ all: z.enum(['true', 'false']).optional() }) },
    responses: { 200: json(z.object({ items: z.array(Template) }), 'Templates'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const items = await listAnswerTemplates(c.get('ctx').db, requireActor(c), c.req.valid('query').all === 'true');
    return c.json({ items }, 200);
  },
);

answerTemplateRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/answer-templates/suggest',
    tags,
    summary: 'Templates matching a request being typed: by its category (or the proposed one) and by shared words',
    request: {
      body: {
        content: {
          'application/json': {
            schema: z.object({ title: z.string().max(200).default(''), text: z.string().max(5000).default(''), categoryCode: z.string().max(20).optional() }).strict(),
          },
        },
        required: true,
      },
    },
    responses: { 200: json(z.object({ items: z.array(Template) }), 'Matching templates, best first'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const items = await suggestAnswerTemplates(c.get('ctx').db, requireActor(c), c.req.valid('json'));
    return c.json({ items }, 200);
  },
);

answerTemplateRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/answer-templates',
    tags,
    summary: 'Add an answer template (admin)',
    request: { body: { content: { 'application/json': { schema: AnswerTemplateInput } }, required: true } },
    responses: { 201: json(Template, 'Created'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json(await createAnswerTemplate(c.get('ctx'), c.req.valid('json')), 201);
  },
);

answerTemplateRoutes.openapi(
  createRoute({
    method: 'put',
    path: '/api/answer-templates/{id}',
    tags,
    summary: 'Edit an answer template, naming the version edited; every version is kept (admin)',
    request: { params: IdParam, body: { content: { 'application/json': { schema: AnswerTemplateUpdate } }, required: true } },
    responses: { 200: json(Template, 'The new version'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json(await updateAnswerTemplate(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200);
  },
);

answerTemplateRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/answer-templates/{id}/history',
    tags,
    summary: 'Every version of an answer template, newest first, with who made it',
    request: { params: IdParam },
    responses: { 200: json(z.object({ items: z.array(z.looseObject({ version: z.number() })) }), 'Versions'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const items = await answerTemplateHistory(c.get('ctx').db, requireActor(c), c.req.valid('param').id);
    return c.json({ items }, 200);
  },
);
