import { PassThrough, Readable } from 'node:stream';
import { createRoute, z } from '@hono/zod-openapi';
import { router, STANDARD_ERRORS } from '../../http/openapi.ts';
import { requireActor } from '../../http/http-context.ts';
import type { Ctx } from '../../lib/ctx.ts';
import { evaluatedUnitFor } from './evaluation-access.ts';
import { catchUp } from './evaluation-consumer.ts';
import { getRanking } from './evaluation-queries.ts';
import { drillPage, type DrillRow } from './drilldown-queries.ts';
import { DrillQuery, ExportFormat, GroupQuery, PeriodQuery } from './evaluation-schemas.ts';

/**
 * XLSX (exceljs's streaming writer) and CSV downloads of the ranking and drill-down tables. Rows
 * are written as they are read, page by page, so a long table never sits whole in memory.
 */
export const evaluationExportRoutes = router();
const tags = ['evaluation'];

type Column = { header: string; key: string; width?: number };
type Rows = AsyncIterable<Record<string, unknown>[]>;

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

function xlsxStream(sheet: string, columns: Column[], rows: Rows): ReadableStream {
  const out = new PassThrough();
  (async () => {
    // Loaded on the first export, so the CLI and server start without it.
    const { default: ExcelJS } = await import('exceljs');
    const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true });
    const ws = wb.addWorksheet(sheet);
    ws.columns = columns;
    for await (const page of rows) for (const r of page) ws.addRow(r).commit();
    ws.commit();
    await wb.commit();
  })().catch((e: unknown) => out.destroy(e as Error));
  return Readable.toWeb(out) as ReadableStream;
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : String(v);
  return /[",\n\r]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
};

function csvStream(columns: Column[], rows: Rows): ReadableStream {
  async function* lines() {
    // The byte-order mark lets spreadsheet programs read the Chinese headers as UTF-8.
    yield Buffer.from('\uFEFF' + columns.map((c) => csvCell(c.header)).join(',') + '\r\n');
    for await (const page of rows) yield Buffer.from(page.map((r) => columns.map((c) => csvCell(r[c.key])).join(',') + '\r\n').join(''));
  }
  return Readable.toWeb(Readable.from(lines())) as ReadableStream;
}

function download(format: 'xlsx' | 'csv', name: string, sheet: string, columns: Column[], rows: Rows): Response {
  const body = format === 'xlsx' ? xlsxStream(sheet, columns, rows) : csvStream(columns, rows);
  const type = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
  return new Response(body, { status: 200, headers: { 'content-type': type, 'content-disposition': `attachment; filename="${name}.${format}"` } });
}

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
