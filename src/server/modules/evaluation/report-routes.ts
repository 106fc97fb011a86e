import { Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { json, router, STANDARD_ERRORS } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import { PeriodQuery } from './evaluation-schemas.ts';
import { getReport } from './report-queries.ts';
import { findReportFont } from './report-font.ts';
import { reportPdf } from './report-pdf.ts';

/** The monthly report of a unit (a district's with its streets): JSON for the console page, and the PDF. */
export const reportRoutes = router();
const tags = ['evaluation'];

const Params = z.object({ unitId: z.coerce.number().int().positive().openapi({ param: { name: 'unitId', in: 'path' }, example: 17 }) });

reportRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/reports/{unitId}',
    tags,
    summary: 'A unit’s monthly report: rates and composite against last period, trend, rank, indicators, 七有/五性, worst categories, lagging flags, appeals',
    request: { params: Params, query: z.object({ period: PeriodQuery }) },
    responses: { 200: json(z.looseObject({}), 'The report'), ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    return c.json(await getReport(c.get('ctx'), c.req.valid('param').unitId, c.req.valid('query').period), 200);
  },
);

reportRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/reports/{unitId}/report.pdf',
    tags,
    summary: 'The monthly report as a PDF with its charts (streamed); report_font_missing when the server has no CJK font',
    request: {
      params: Params,
      query: z.object({ period: PeriodQuery, lang: z.enum(['zh', 'en']).optional().openapi({ param: { name: 'lang', in: 'query' } }) }),
    },
    responses: { 200: { description: 'The PDF', content: { 'application/pdf': { schema: z.string() } } }, ...STANDARD_ERRORS },
  }),
  async (c) => {
    requireActor(c);
    const { unitId } = c.req.valid('param');
    const q = c.req.valid('query');
    // Everything that can refuse (visibility, the font) is settled before the first byte is sent.
    const report = await getReport(c.get('ctx'), unitId, q.period);
    const font = findReportFont();
    const lang = q.lang ?? (c.get('locale') === 'en' ? 'en' : 'zh');
    const body = Readable.toWeb(reportPdf(report, font, lang)) as ReadableStream;
    return new Response(body, {
      status: 200,
      headers: { 'content-type': 'application/pdf', 'content-disposition': `attachment; filename="report-${report.unit.code}-${q.period}.pdf"` },
    }) as never;
  },
);
