import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { tableDownload as download, type ExportColumn as Column, type ExportRows as Rows } from '../../lib/table-export.ts';
import { evaluatedUnitFor } from './evaluation-access.ts';
import { catchUp } from './evaluation-consumer.ts';
import { getRanking } from './evaluation-queries.ts';
import { drillPage, type DrillRow } from './drilldown-queries.ts';
import { DrillQuery, ExportFormat, GroupQuery, PeriodQuery } from './evaluation-schemas.ts';

/** XLSX and CSV downloads of the ranking and drill-down tables. */
export const evaluationExportRoutes = router();
const tags = ['evaluation'];

const RANKING_COLUMNS: Column[] = [
  { header: '排名 Rank', key: 'rank', width: 10 },
  { header: '单位 Unit', key: 'name', width: 36 },
  { header: '综合成绩 Composite', key: 'compositeScore', width: 16 },
  { header: '响应率 Response', key: 'responseRate', width: 14 },
  { header: '解决率 Resolution', key: 'resolutionRate', width: 14 },
  { header: '满意率 Satisfaction', key: 'satisfactionRate', width: 14 },
  { header: '有效回访 Valid callbacks', key: 'validCallbacks', width: 16 },
  { header: '名次变化 Rank change', key: 'rankChange', width: 14 },
  { header: '治理类 Lagging', key: 'lagging', width: 12 },
];

const DRILL_COLUMNS: Column[] = [
  { header: '工单编号 Code', key: 'code', width: 22 },
  { header: '标题 Title', key: 'title', width: 36 },
  { header: '状态 Status', key: 'status', width: 16 },
  { header: '回访轮次 Round', key: 'round', width: 10 },
  { header: '回访时间 Called back', key: 'calledBackAt', width: 24 },
  { header: '权重 Weight', key: 'weight', width: 10 },
  { header: '已联系 Contacted', key: 'contacted', width: 12 },
  { header: '已解决 Solved', key: 'solved', width: 12 },
  { header: '满意度 Satisfaction', key: 'satisfaction', width: 20 },
  { header: '申诉 Appeal', key: 'appealId', width: 10 },
];

async function* drillRows(ctx: Ctx, unitId: number, period: string, filter: Parameters<typeof drillPage>[3]): Rows {
  let after: [number, number] = [0, 0];
  for (;;) {
    const page: DrillRow[] = await drillPage(ctx.db, unitId, period, filter, after, 1000);
    if (!page.length) return;
    yield page;
    const last = page[page.length - 1];
    after = [last.orderId, last.callbackId];
  }
}

const fileResponse = { 200: { description: 'The file', content: { 'application/octet-stream': { schema: z.string() } } }, ...STANDARD_ERRORS };

evaluationExportRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/rankings/export',
    tags,
    summary: 'The ranking as XLSX or CSV',
    request: { query: z.object({ period: PeriodQuery, group: GroupQuery, format: ExportFormat }) },
    responses: fileResponse,
  }),
  async (c) => {
    requireActor(c);
    const q = c.req.valid('query');
    const ranking = await getRanking(c.get('ctx'), q.group, q.period);
    async function* one() {
      yield ranking.items.map((i) => ({ ...i, lagging: i.lagging ? '是 yes' : '' }));
    }
    return download(q.format, `ranking-${q.group}-${q.period}`, q.period, RANKING_COLUMNS, one()) as never;
  },
);

evaluationExportRoutes.openapi(
  createRoute({
    method: 'get',
    path: '/api/evaluation/drilldown/export',
    tags,
    summary: 'Every order and callback behind a unit’s rate, as XLSX or CSV',
    request: { query: DrillQuery.omit({ after: true, limit: true }).extend({ format: ExportFormat }) },
    responses: fileResponse,
  }),
  async (c) => {
    requireActor(c);
    const q = c.req.valid('query');
    const ctx = c.get('ctx');
    const unit = await evaluatedUnitFor(ctx.db, ctx.actor, q.unitId);
    await catchUp(ctx);
    return download(q.format, `drilldown-${unit.code}-${q.period}-${q.filter}`, q.period, DRILL_COLUMNS, drillRows(ctx, unit.id, q.period, q.filter)) as never;
  },
);
