import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json } from '../../../http/openapi.ts';
import { requireActor } from '../../../http/http-context.ts';
import { hasRole, type Actor } from '../../../lib/ctx.ts';
import { forbidden } from '../../../lib/errors.ts';
import { LocationInput, REQUEST_TYPES, URGENCIES } from '../../work-orders/work-order-schemas.ts';
import { classifyOrder } from './classify-order.ts';
import { listModels } from './classifier-store.ts';
import { retrainFromOrders } from './train-classifier.ts';
import { suggestRouting } from './suggest-routing.ts';

const Text = z.object({ title: z.string().trim().min(1).max(200), text: z.string().trim().min(1).max(5000) });
const Loose = (name: string) => z.looseObject({}).openapi(name);

function requireStaff(actor: Actor) {
  if (actor.kind !== 'staff') throw forbidden('Staff only.', '仅限工作人员。');
}

export const classifyRoutes = router();

classifyRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/routing/classify',
    tags: ['routing'],
    summary: 'Propose category (top 3 with confidence and the words behind it), request type and urgency for a text',
    request: { body: { content: { 'application/json': { schema: Text } }, required: true } },
    responses: { 200: json(Loose('Classification'), 'The proposal'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireStaff(requireActor(c));
    const ctx = c.get('ctx');
    return c.json(await classifyOrder(ctx.db, c.req.valid('json'), ctx.now()), 200);
  },
);

classifyRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/routing/suggest',
    tags: ['routing'],
    summary: 'While a request is typed: category, urgency, place, lead unit and co-handlers with the rule and duty item, and likely duplicates',
    request: {
      body: {
        content: {
          'application/json': {
            schema: Text.extend({
              location: LocationInput.default({}),
              categoryCode: z.string().max(20).optional(),
              requestType: z.enum(REQUEST_TYPES).optional(),
              urgency: z.enum(URGENCIES).optional(),
            }),
          },
        },
        required: true,
      },
    },
    responses: { 200: json(Loose('RoutingSuggestion'), 'The suggestion'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    requireStaff(actor);
    const ctx = c.get('ctx');
    return c.json(await suggestRouting(ctx.db, c.req.valid('json'), ctx.now(), actor), 200);
  },
);

classifyRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/classifier/models',
    tags: ['routing'],
    summary: 'Trained model versions per task, the active one marked',
    responses: { 200: json(z.object({ items: z.array(Loose('ClassifierModel')) }), 'Models'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireStaff(requireActor(c));
    return c.json({ items: await listModels(c.get('ctx').db) }, 200);
  },
);

classifyRoutes.openapi(
  createRoute({
    method: 'post',
    path: '/api/classifier/retrain',
    tags: ['routing'],
    summary: 'Retrain the category model from dispatched orders (their accepted or corrected categories) (admin)',
    responses: { 201: json(Loose('ClassifierModelTrained'), 'The new active version'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    if (!hasRole(requireActor(c), 'admin')) throw forbidden('Only administrators retrain the classifier.', '仅管理员可重新训练分类模型。');
    const ctx = c.get('ctx');
    return c.json(await retrainFromOrders(ctx.db, ctx.now()), 201);
  },
);
