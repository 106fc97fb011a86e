import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json, IdParam } from '../../../http/openapi.ts';
import { CATEGORY_CODE, REQUEST_TYPES, URGENCY_CLASSES } from '../taxonomy/category-codes.ts';
import { createRule, retireRule, RuleInput, RulePatch, updateRule } from './catalogue-commands.ts';
import { getRule, listRules } from './catalogue-queries.ts';
import { proposeRouting } from './propose-routing.ts';
import { requireStaff } from './routing-access.ts';
import { isoDateTime, queryId } from '../../../http/input-schemas.ts';

export const catalogueRoutes = router();
const tags = ['routing: dispatch catalogue'];
const Row = z.looseObject({});
const body = <T extends z.ZodType>(schema: T) => ({ content: { 'application/json': { schema } }, required: true });

const UnitRefSchema = z.object({ id: z.number(), code: z.string(), name: z.string(), kind: z.string() }).openapi('UnitRef');
const Proposal = z
  .object({
    target: z.enum(['territorial', 'unit', 'district']),
    leadUnit: UnitRefSchema,
    coHandlers: z.array(UnitRefSchema),
    rule: z.object({ id: z.number(), name: z.string() }).nullable(),
    dutyItem: Row.nullable(),
    category: Row.nullable(),
    entry: Row.nullable(),
    streetPowers: Row.nullable(),
    versions: z.object({ taxonomyVersionId: z.number().nullable(), dutyListId: z.number().nullable(), dispatchRuleId: z.number().nullable() }),
    explanation: z.string(),
    explanationEn: z.string(),
  })
  .openapi('RoutingProposal');

catalogueRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/routing/propose', tags,
    summary: 'Propose the lead unit and co-handlers for an order, with the rule, duty item and versions used',
    request: {
      query: z.object({
        categoryCode: z.string().regex(CATEGORY_CODE).optional(),
        streetId: queryId().optional(),
        districtId: queryId().optional(),
        requestType: z.enum(REQUEST_TYPES).optional(),
        urgency: z.enum(URGENCY_CLASSES).optional(),
        at: isoDateTime().optional().openapi({ description: 'routing as it stood at this time (default: now)' }),
      }),
    },
    responses: { 200: json(Proposal, 'The proposal'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    requireStaff(ctx.actor);
    const qy = c.req.valid('query');
    const proposal = await proposeRouting(ctx.db, {
      categoryCode: qy.categoryCode ?? null, requestType: qy.requestType ?? null, urgency: qy.urgency ?? null,
      streetId: qy.streetId ?? null, districtId: qy.districtId ?? null, at: qy.at ?? ctx.now(),
    });
    return c.json(proposal as z.infer<typeof Proposal>, 200);
  },
);

catalogueRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/dispatch-rules', tags,
    summary: 'Rules of the dispatch catalogue by validity (current by default), optionally those touching a category branch',
    request: { query: z.object({ status: z.enum(['current', 'future', 'expired', 'all']).optional(), categoryCode: z.string().regex(CATEGORY_CODE).optional() }) },
    responses: { 200: json(z.object({ items: z.array(Row) }), 'Rules'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    requireStaff(ctx.actor);
    return c.json({ items: await listRules(ctx.db, ctx.now(), c.req.valid('query')) }, 200);
  },
);

catalogueRoutes.openapi(
  createRoute({
    method: 'get', path: '/api/dispatch-rules/{id}', tags,
    summary: 'One rule (also expired ones, which orders may still name)',
    request: { params: IdParam },
    responses: { 200: json(Row, 'The rule'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const ctx = c.get('ctx');
    requireStaff(ctx.actor);
    return c.json(await getRule(ctx.db, c.req.valid('param').id, ctx.now()), 200);
  },
);

catalogueRoutes.openapi(
  createRoute({
    method: 'post', path: '/api/dispatch-rules', tags,
    summary: 'Add a rule, in force from validFrom (default now) (admin)',
    request: { body: body(RuleInput) },
    responses: { 201: json(Row, 'The rule'), ...STANDARD_ERRORS },
  }),
  async (c) => c.json(await createRule(c.get('ctx'), c.req.valid('json')), 201),
);

catalogueRoutes.openapi(
  createRoute({
    method: 'patch', path: '/api/dispatch-rules/{id}', tags,
    summary: 'Change a rule: a rule in force is closed and succeeded by a new one (supersededRuleId); a future rule is edited in place (admin)',
    request: { params: IdParam, body: body(RulePatch) },
    responses: { 200: json(Row, 'The rule now in force'), ...STANDARD_ERRORS },
  }),
  async (c) => c.json(await updateRule(c.get('ctx'), c.req.valid('param').id, c.req.valid('json')), 200),
);

catalogueRoutes.openapi(
  createRoute({
    method: 'delete', path: '/api/dispatch-rules/{id}', tags,
    summary: 'End a rule now (kept as history); a rule not yet in force is deleted (admin)',
    request: { params: IdParam },
    responses: { 200: json(z.looseObject({ id: z.number(), deleted: z.boolean() }), 'Ended'), ...STANDARD_ERRORS },
  }),
  async (c) => c.json(await retireRule(c.get('ctx'), c.req.valid('param').id), 200),
);
