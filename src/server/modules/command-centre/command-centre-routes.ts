import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { forbidden } from '../../lib/errors.ts';
import { commandCentreSummary } from './command-centre-queries.ts';

const Order = z.object({
  id: z.number(),
  code: z.string(),
  title: z.string(),
  status: z.string(),
  urgency: z.string(),
  streetId: z.number().nullable(),
  streetName: z.string().nullable(),
  leadUnitName: z.string().nullable(),
  lon: z.number().nullable(),
  lat: z.number().nullable(),
  receivedAt: z.string(),
  due: z.object({ stage: z.string(), at: z.string() }).nullable().openapi({ description: 'the deadline of the stage the order is in' }),
  overdueStages: z.array(z.string()),
});

const Rates = z.object({ responseRate: z.number(), resolutionRate: z.number(), satisfactionRate: z.number(), compositeScore: z.number(), validCallbacks: z.number() });
const Ranked = z.object({ unitId: z.number(), name: z.string(), nameEn: z.string().nullable(), rank: z.number(), compositeScore: z.number(), rankChange: z.number().nullable(), lagging: z.boolean() });

const Summary = z
  .object({
    at: z.string(),
    date: z.string().openapi({ description: 'today in Asia/Shanghai' }),
    scope: z.object({ kind: z.enum(['all', 'district', 'street']), unitId: z.number().nullable(), name: z.string().nullable() }),
    today: z.object({ received: z.number(), dispatched: z.number(), closed: z.number(), overdueOpen: z.number(), open: z.number(), emergencyOpen: z.number() }),
    byStatus: z.record(z.string(), z.number()).openapi({ description: 'open orders by status' }),
    categories: z.array(z.object({ code: z.string(), name: z.string(), nameEn: z.string().nullable(), count: z.number() })).openapi({ description: 'top 10 over the trend window' }),
    trend: z.array(z.object({ date: z.string(), received: z.number(), closed: z.number() })),
    areas: z.object({
      kind: z.enum(['street', 'community']),
      parentId: z.number().nullable(),
      items: z.array(z.object({ id: z.number(), name: z.string(), nameEn: z.string().nullable(), today: z.number(), window: z.number(), open: z.number() })),
    }),
    grids: z
      .object({ days: z.number(), from: z.string(), items: z.array(z.object({ id: z.number(), count: z.number(), today: z.number() })) })
      .openapi({ description: 'orders taken in per grid over the last days (today included), for the grid map' }),
    rates: z.object({ period: z.string(), previousPeriod: z.string(), current: Rates, previous: Rates }).openapi({ description: 'the three rates (三率) of the board’s territory, this evaluation period and the one before' }),
    ranking: z
      .object({ period: z.string(), total: z.number(), top: z.array(Ranked), bottom: z.array(Ranked), own: Ranked.nullable() })
      .openapi({ description: 'the streets’ league table (of the district, or the city): top and bottom five, and the viewing street' }),
    whistles: z
      .array(z.object({ id: z.number(), title: z.string(), status: z.string(), streetName: z.string(), createdAt: z.string(), waiting: z.number(), dueAt: z.string().nullable(), late: z.boolean() }))
      .openapi({ description: 'open whistles with the deadline of the next report-in awaited' }),
    emergencies: z.array(Order).openapi({ description: 'open emergency orders, newest first (50 at most)' }),
    overdue: z.array(Order).openapi({ description: 'open overdue orders, oldest first (50 at most)' }),
  })
  .openapi('CommandCentreSummary');

export const commandCentreRoutes = router();

commandCentreRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/command-centre/summary',
    tags: ['command centre'],
    summary: 'The command centre in one request, over the orders you may see',
    description:
      'Today (Asia/Shanghai) intake, dispatched, closed and overdue; open orders by status; top 10 categories and the 30-day trend; ' +
      'per-area counts for the map (streets for a district or the centre, communities for a street); open emergency and overdue orders. ' +
      'Pass streetId to look at one street.',
    request: { query: z.object({ streetId: z.coerce.number().int().positive().optional() }) },
    responses: { 200: json(Summary, 'The board'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    const actor = requireActor(c);
    if (actor.kind !== 'staff') throw forbidden('The command centre is for staff.', '指挥中心仅限工作人员使用。');
    const ctx = c.get('ctx');
    return c.json(await commandCentreSummary(ctx, c.req.valid('query').streetId), 200);
  },
);
