import { createRoute, z } from '@hono/zod-openapi';
import type { Context } from 'hono';
import { IdParam, json, router, STANDARD_ERRORS } from '../../http/openapi.ts';
import { requireActor, type Env } from '../../http/http-context.ts';
import { forbidden } from '../../lib/errors.ts';
import { actOnLongTerm, addLongTerm, type LongTermAction } from './long-term-commands.ts';
import { listLongTerm } from './long-term-queries.ts';
import { createTheme, runThemeAction } from './theme-commands.ts';
import { getThemeDetail, listThemes, themeEffect } from './theme-queries.ts';
import { CreateThemeInput, LONG_TERM_ACTION_INPUTS, LongTermInput, THEME_ACTION_INPUTS, TopicQuery } from './theme-schemas.ts';
import { THEME_ACTION_ZH, type ThemeAction } from './theme-workflow.ts';
import { detectTopics } from './topic-queries.ts';

const Theme = z.looseObject({ id: z.number(), version: z.number(), status: z.string() }).openapi('MonthlyTheme');
const Items = z.object({ items: z.array(z.looseObject({ id: z.number() })) });

export const themeRoutes = router();

const staffOnly = (c: Context<Env>) => {
  const actor = requireActor(c);
  if (actor.kind !== 'staff') throw forbidden('Staff only.', '仅限工作人员。');
  return actor;
};

themeRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/topics', tags: ['monthly themes'], summary: 'Emerging topics: clusters of similar requests over the last windows, candidates for 每月一题',
    description: 'Over the orders the caller may see: the last `days` days against the windows before it. Top terms, streets, categories and example orders per cluster.',
    request: { query: TopicQuery },
    responses: { 200: json(z.looseObject({ topics: z.array(z.looseObject({ key: z.string() })) }), 'Clusters, emerging first'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    staffOnly(c);
    return c.json((await detectTopics(c.get('ctx'), c.req.valid('query'))) as never, 200);
  },
);

themeRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/monthly-themes', tags: ['monthly themes'], summary: '每月一题 the themes you may see',
    request: { query: z.object({ status: z.enum(['active', 'closed', 'all']).default('all') }) },
    responses: { 200: json(Items, 'Themes'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    staffOnly(c);
    return c.json((await listThemes(c.get('ctx'), c.req.valid('query'))) as never, 200);
  },
);

themeRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/monthly-themes', tags: ['monthly themes'], summary: 'Open a monthly theme (district), from a proposed cluster or by hand',
    request: { body: { content: { 'application/json': { schema: CreateThemeInput } }, required: true } },
    responses: { 201: json(Theme, 'Opened'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    staffOnly(c);
    const ctx = c.get('ctx');
    const t = await createTheme(ctx, c.req.valid('json'));
    return c.json((await getThemeDetail(ctx, t.id)) as never, 201);
  },
);

themeRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/monthly-themes/{id}', tags: ['monthly themes'], summary: 'One theme: problems, tasks, policies, events, your actions',
    request: { params: IdParam },
    responses: { 200: json(Theme, 'The theme'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    staffOnly(c);
    return c.json((await getThemeDetail(c.get('ctx'), c.req.valid('param').id)) as never, 200);
  },
);

themeRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/monthly-themes/{id}/effect', tags: ['monthly themes'], summary: 'Requests about the theme’s problems per week, before and after',
    request: { params: IdParam },
    responses: { 200: json(z.looseObject({ weeks: z.array(z.looseObject({ weekStart: z.string(), count: z.number() })) }), 'Weekly volume'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    staffOnly(c);
    return c.json((await themeEffect(c.get('ctx'), c.req.valid('param').id)) as never, 200);
  },
);

for (const action of Object.keys(THEME_ACTION_INPUTS) as ThemeAction[]) {
  themeRoutes.openapi(
    createRoute({
      method: 'post', path: `/api/monthly-themes/{id}/${action.replaceAll('_', '-')}`, tags: ['monthly theme actions'], summary: `${THEME_ACTION_ZH[action]} ${action}`,
      request: { params: IdParam, body: { content: { 'application/json': { schema: THEME_ACTION_INPUTS[action] } }, required: true } },
      responses: { 200: json(Theme, 'The theme after the action'), ...STANDARD_ERRORS },
    }),
    async (c: Context<Env>) => {
      staffOnly(c);
      const ctx = c.get('ctx');
      const id = Number(c.req.param('id'));
      const input = (c.req as unknown as { valid(t: 'json'): never }).valid('json');
      await runThemeAction(ctx, id, action, input);
      return c.json((await getThemeDetail(ctx, id)) as never, 200);
    },
  );
}

themeRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/long-term', tags: ['long-term tracking'], summary: '长期跟踪 requests that cannot be solved soon, over the orders you may see',
    request: { query: z.object({ status: z.enum(['tracking', 'resolved', 'all']).default('tracking') }) },
    responses: { 200: json(Items, 'Items, reviews due first'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    staffOnly(c);
    return c.json((await listLongTerm(c.get('ctx'), c.req.valid('query'))) as never, 200);
  },
);

themeRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/long-term', tags: ['long-term tracking'], summary: 'Put a request on the long-term list with its reason and review interval',
    request: { body: { content: { 'application/json': { schema: LongTermInput } }, required: true } },
    responses: { 201: json(z.looseObject({ id: z.number() }), 'Listed'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    staffOnly(c);
    const item = await addLongTerm(c.get('ctx'), c.req.valid('json'));
    return c.json({ id: Number(item.id), version: item.version, status: item.status, nextReviewAt: item.next_review_at.toISOString() } as never, 201);
  },
);

for (const action of Object.keys(LONG_TERM_ACTION_INPUTS) as LongTermAction[]) {
  themeRoutes.openapi(
    createRoute({
      method: 'post', path: `/api/long-term/{id}/${action}`, tags: ['long-term tracking'], summary: `${{ review: '复核', supervise: '督办', resolve: '办结' }[action]} ${action}`,
      request: { params: IdParam, body: { content: { 'application/json': { schema: LONG_TERM_ACTION_INPUTS[action] } }, required: true } },
      responses: { 200: json(z.looseObject({ id: z.number() }), 'The item after the action'), ...STANDARD_ERRORS },
    }),
    async (c: Context<Env>) => {
      staffOnly(c);
      const input = (c.req as unknown as { valid(t: 'json'): { version: number; note: string } }).valid('json');
      const item = await actOnLongTerm(c.get('ctx'), Number(c.req.param('id')), action, input);
      return c.json({ id: Number(item.id), version: item.version, status: item.status, reviewDue: item.review_due, nextReviewAt: item.next_review_at.toISOString() } as never, 200);
    },
  );
}
