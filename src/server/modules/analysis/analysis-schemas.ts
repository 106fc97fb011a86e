import { z } from '@hono/zod-openapi';
import { queryId } from '../../http/input-schemas.ts';
import { CHANNELS, REQUEST_TYPES } from '../work-orders/work-order-schemas.ts';
import { DIMENSIONS } from './volume-queries.ts';

const date = (what: string) =>
  z.string().max(10).openapi({ description: `${what}, a Shanghai date YYYY-MM-DD (both ends inclusive); a bad date or range is 400 bad_request with details.reason bad_date or bad_range`, example: '2026-03-01' });

/** The period and cuts every analysis read takes (and that a drill-down link repeats). */
export const FilterQuery = z.object({
  from: date('First day'),
  to: date('Last day'),
  category: z.string().max(40).optional().openapi({ description: 'a category code; its subcategories count too' }),
  streetId: queryId().optional(),
  communityId: queryId().optional(),
  gridId: queryId().optional(),
  channel: z.enum(CHANNELS).optional(),
  requestType: z.enum(REQUEST_TYPES).optional(),
  hour: z.coerce.number().int().min(0).max(23).optional().openapi({ description: 'hour of intake, Shanghai time' }),
  weekday: z.coerce.number().int().min(1).max(7).optional().openapi({ description: 'ISO weekday of intake, 1 = Monday' }),
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/).optional().openapi({ description: 'month of intake YYYY-MM' }),
});

export const VolumeQuery = FilterQuery.extend({
  by: z.enum(DIMENSIONS),
  categoryLevel: z.coerce.number().int().min(1).max(3).optional().openapi({ description: 'with by=category: count by the category at this level (1 = top)' }),
  compare: z.enum(['lastYear']).optional().openapi({ description: 'also count the same dates a year earlier' }),
});

const Key = z.union([z.string(), z.number(), z.null()]);
export const VolumeResponse = z
  .object({
    from: z.string(),
    to: z.string(),
    by: z.enum(DIMENSIONS),
    total: z.number(),
    compare: z.object({ from: z.string(), to: z.string(), total: z.number() }).nullable(),
    items: z.array(z.object({ key: Key, name: z.string(), nameEn: z.string().nullable(), count: z.number(), lastYear: z.number().optional() })),
  })
  .openapi('AnalysisVolume');

export const OrdersQuery = FilterQuery.extend({
  cursor: z.string().max(200).optional(),
  pageSize: z.coerce.number().int().min(1).max(200).default(50),
});

const OrderSummary = z.object({
  id: z.number(),
  code: z.string(),
  status: z.string(),
  version: z.number(),
  title: z.string(),
  requestType: z.string(),
  urgency: z.string(),
  channel: z.string(),
  receivedAt: z.union([z.string(), z.date()]),
  updatedAt: z.union([z.string(), z.date()]),
  leadUnitName: z.string().nullable(),
  streetName: z.string().nullable(),
  due: z.object({ stage: z.string(), at: z.union([z.string(), z.date()]) }).nullable(),
  overdueStages: z.array(z.string()),
  excluded: z.boolean(),
});

export const OrdersResponse = z.object({ total: z.number(), nextCursor: z.string().nullable(), items: z.array(OrderSummary) }).openapi('AnalysisOrders');

export const RepeatsQuery = FilterQuery.extend({
  kind: z.enum(['place', 'requester']),
  windowDays: z.coerce.number().int().min(1).max(365).optional().openapi({ description: 'how far apart two orders of a group may be (30 days by default)' }),
  minSize: z.coerce.number().int().min(2).max(50).optional(),
});

export const RepeatsResponse = z
  .object({
    from: z.string(),
    to: z.string(),
    kind: z.enum(['place', 'requester']),
    windowDays: z.number(),
    total: z.number(),
    partial: z.boolean().openapi({ description: 'true when a bound was hit and some groups may be missing or split (see partialReason)' }),
    partialReason: z
      .enum(['too_many_orders', 'too_many_similar'])
      .nullable()
      .openapi({ description: 'too_many_orders: the period holds more candidate orders than one read takes, the newest were used; too_many_similar: some order had more similar-word candidates than are compared' }),
    groups: z.array(
      z.object({
        key: z.string(),
        size: z.number(),
        first: z.string(),
        last: z.string(),
        category: z.string().nullable(),
        categoryName: z.string().nullable(),
        terms: z.array(z.string()),
        place: z.object({ gridId: z.number().nullable(), gridName: z.string().nullable(), communityName: z.string().nullable(), streetName: z.string().nullable(), address: z.string().nullable() }),
        requesterPhone: z.string().nullable(),
        orders: z.array(OrderSummary),
      }),
    ),
  })
  .openapi('AnalysisRepeats');

export type VolumeBody = z.infer<typeof VolumeResponse>;
export type OrdersBody = z.infer<typeof OrdersResponse>;
export type RepeatsBody = z.infer<typeof RepeatsResponse>;
export type AnalysisQuery = Partial<z.infer<typeof FilterQuery>>;
