import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS, json } from '../../http/openapi.ts';
import { queryId } from '../../http/input-schemas.ts';
import { AppError, notFound } from '../../lib/errors.ts';
import { lastWholeMonth, publicData, publicNotice } from './public-data-queries.ts';

const Month = z
  .string()
  .regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/)
  .optional()
  .openapi({ description: 'YYYY-MM (Shanghai); the last whole month by default. The current or a later month is 400.' });

const Count = z.object({ key: z.union([z.string(), z.number()]), name: z.string(), nameEn: z.string().nullable(), count: z.number() });

const PublicData = z
  .object({
    month: z.string(),
    from: z.string(),
    to: z.string(),
    total: z.number(),
    byStreet: z.array(Count),
    byCategory: z.array(Count),
    rates: z.array(
      z.object({
        unitId: z.number(), name: z.string(), nameEn: z.string().nullable(), rank: z.number().nullable(),
        responseRate: z.number(), resolutionRate: z.number(), satisfactionRate: z.number(), compositeScore: z.number(), validCallbacks: z.number(),
      }),
    ),
    map: z.object({ minCell: z.number(), grids: z.array(z.object({ gridId: z.number(), name: z.string(), lon: z.number(), lat: z.number(), count: z.number() })) }),
    outlines: z.object({ type: z.literal('FeatureCollection'), features: z.array(z.any()) }),
  })
  .openapi('PublicData');

const Notice = z
  .object({
    streetId: z.number(), streetName: z.string(), month: z.string(), from: z.string(), to: z.string(), received: z.number(), previousMonth: z.number(),
    topCategories: z.array(Count), text: z.string(),
  })
  .openapi('PublicNotice');

const OFF = () => new AppError('not_found', 'Public data is not published here.', {}, '本平台未开放公开数据。');

/** Mounted always (so the API document lists it); every answer is 404 unless SHAOBAO_PUBLIC_DATA=on. */
export function publicDataRoutes(enabled: boolean) {
  const r = router();
  const month = (now: Date, asked: string | undefined) => {
    const m = asked ?? lastWholeMonth(now);
    if (m > lastWholeMonth(now)) throw new AppError('bad_request', 'Only whole months that have ended are published.', { reason: 'bad_range', month: m }, '仅公开已结束的整月数据。');
    return m;
  };
  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/data',
      tags: ['public data'],
      summary: 'Published monthly figures: volumes by category and street, the rates, requests per grid (no personal data)',
      description: 'Off by default (404); SHAOBAO_PUBLIC_DATA=on publishes it. No sign-in. Grids with fewer than 3 requests in the month are left off the map.',
      request: { query: z.object({ month: Month }) },
      responses: { 200: json(PublicData, 'The month'), ...STANDARD_ERRORS },
    }),
    async (c) => {
      if (!enabled) throw OFF();
      const ctx = c.get('ctx');
      return c.json(await publicData(ctx.db, month(ctx.now(), c.req.valid('query').month)), 200);
    },
  );
  r.openapi(
    createRoute({
      method: 'get',
      path: '/api/public/notices/{streetId}',
      tags: ['public data'],
      summary: 'A street’s monthly public notice (通报)',
      description: 'Off by default (404); SHAOBAO_PUBLIC_DATA=on publishes it.',
      request: { params: z.object({ streetId: queryId().openapi({ param: { name: 'streetId', in: 'path' } }) }), query: z.object({ month: Month }) },
      responses: { 200: json(Notice, 'The notice'), ...STANDARD_ERRORS },
    }),
    async (c) => {
      if (!enabled) throw OFF();
      const ctx = c.get('ctx');
      const { streetId } = c.req.valid('param');
      const n = await publicNotice(ctx.db, streetId, month(ctx.now(), c.req.valid('query').month));
      if (!n) throw notFound('unit', streetId);
      return c.json(n, 200);
    },
  );
  return r;
}

export type PublicDataBody = z.infer<typeof PublicData>;
export type PublicNoticeBody = z.infer<typeof Notice>;
