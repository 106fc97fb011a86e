import { createRoute, z } from '@hono/zod-openapi';
import { IdParam, json, router, STANDARD_ERRORS } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { createPolicyVersion, listPolicies, PolicyInput } from './policy-commands.ts';
import { AppealDecision, AppealInput, decideAppeal, fileAppeal, listAppeals } from './appeal-commands.ts';
import { getSnapshot, listSnapshots, publishRanking } from './ranking-snapshots.ts';
import { GroupQuery, PeriodQuery } from './evaluation-schemas.ts';
import { GROUPS, Month } from './evaluation-policy.ts';
import { assertSupervisor } from './evaluation-access.ts';
import { recomputeEvaluation } from './evaluation-recompute.ts';
import { getRejudgeJob, latestRejudgeJob } from './rejudge-jobs.ts';

/** Policy versions, appeals, published rankings and the recomputation check. */
export const evaluationAdminRoutes = router();
const tags = ['evaluation'];
const loose = z.looseObject({});

evaluationAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/policies',
    tags,
    summary: 'Every version of the evaluation policy per unit kind, with its validity',
    responses: { 200: json(z.object({ items: z.array(loose) }), 'Versions'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json({ items: await listPolicies(c.get('ctx')) }, 200);
  },
);

evaluationAdminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/evaluation/policies',
    tags,
    summary: 'Publish a new policy version for a unit kind from a period on; the one before ends there',
    request: { body: { content: { 'application/json': { schema: PolicyInput } }, required: true } },
    responses: { 201: json(loose, 'Published'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json(await createPolicyVersion(c.get('ctx'), c.req.valid('json')), 201);
  },
);

evaluationAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/appeals',
    tags,
    summary: 'Appeals the caller may see (the unit’s own, its district’s, all for the hotline centre)',
    request: {
      query: z.object({
        status: z.enum(['pending', 'approved', 'rejected']).optional().openapi({ param: { name: 'status', in: 'query' } }),
        unitId: z.coerce.number().int().positive().optional().openapi({ param: { name: 'unitId', in: 'query' } }),
      }),
    },
    responses: { 200: json(z.object({ items: z.array(loose) }), 'Appeals'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json({ items: await listAppeals(c.get('ctx'), c.req.valid('query')) }, 200);
  },
);

evaluationAdminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/evaluation/appeals',
    tags,
    summary: 'A unit appeals a callback result within the policy’s window',
    request: { body: { content: { 'application/json': { schema: AppealInput } }, required: true } },
    responses: { 201: json(loose, 'Filed'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json(await fileAppeal(c.get('ctx'), c.req.valid('json')), 201);
  },
);

evaluationAdminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/evaluation/appeals/{id}/decide',
    tags,
    summary: 'The hotline supervisor approves or rejects an appeal; an approval changes the figures from then on, with an audit entry',
    request: { params: IdParam, body: { content: { 'application/json': { schema: AppealDecision } }, required: true } },
    responses: { 200: json(loose, 'Decided'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json(await decideAppeal(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200);
  },
);

evaluationAdminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/evaluation/rankings/publish',
    tags,
    summary: 'Freeze the ranking of a group and period as a published version (a new version only when it changed)',
    request: {
      body: {
        content: { 'application/json': { schema: z.object({ group: z.enum(GROUPS), period: Month, reason: z.string().max(500).optional() }) } },
        required: true,
      },
    },
    responses: { 200: json(loose, 'Published'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    const b = c.req.valid('json');
    return c.json(await publishRanking(c.get('ctx'), b.group, b.period, b.reason ?? null), 200);
  },
);

evaluationAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/rankings/published',
    tags,
    summary: 'Published versions of a ranking, each with its difference from the one before',
    request: { query: z.object({ period: PeriodQuery, group: GroupQuery }) },
    responses: { 200: json(z.object({ items: z.array(loose) }), 'Versions'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    const q = c.req.valid('query');
    return c.json({ items: await listSnapshots(c.get('ctx'), q.group, q.period) }, 200);
  },
);

evaluationAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/rankings/published/{id}',
    tags,
    summary: 'One published ranking version',
    request: { params: IdParam },
    responses: { 200: json(loose, 'The version'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json(await getSnapshot(c.get('ctx'), c.req.valid('param').id), 200);
  },
);

evaluationAdminRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/evaluation/recompute',
    tags,
    summary: 'Recompute from the event log and report differences from the incremental rollups (apply replaces them)',
    request: {
      body: { content: { 'application/json': { schema: z.object({ period: Month.optional(), apply: z.boolean().default(false) }) } }, required: true },
    },
    responses: { 200: json(loose, 'Report'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    requireActor(c);
    assertSupervisor(ctx.actor);
    return c.json(await recomputeEvaluation(ctx, c.req.valid('json')), 200);
  },
);

evaluationAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/rejudge-jobs/latest',
    tags,
    summary: 'The latest re-judging after a policy edit, with its progress (null when none ran)',
    responses: { 200: json(z.object({ job: loose.nullable() }), 'The job'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json({ job: await latestRejudgeJob(c.get('ctx').db) }, 200);
  },
);

evaluationAdminRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/rejudge-jobs/{id}',
    tags,
    summary: 'A re-judging job’s progress',
    request: { params: IdParam },
    responses: { 200: json(loose, 'The job'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json(await getRejudgeJob(c.get('ctx').db, c.req.valid('param').id), 200);
  },
);
