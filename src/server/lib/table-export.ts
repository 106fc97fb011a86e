import { PassThrough, Readable } from 'node:stream';

/** A downloadable table: a header (both languages) and the row key it shows. */
export type ExportColumn = { header: string; key: string; width?: number };
export type ExportRows = AsyncIterable<Record<string, unknown>[]>;

const NUMBER = /^[+-]?\d+(\.\d+)?$/;

/** One CSV cell. Text starting with = + - @ would run as a formula in a spreadsheet: it is marked as text (numbers stay numbers). */
export function csvCell(v: unknown): string {
  const s = v === null || v === undefined ? '' : String(v);
  const safe = /^[=+\-@]/.test(s) && !NUMBER.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csvStream(columns: ExportColumn[], rows: ExportRows): ReadableStream {
  async function* lines() {
    // The byte-order mark lets spreadsheet programs read the Chinese headers as UTF-8.
    yield Buffer.from('\uFEFF' + columns.map((c) => csvCell(c.header)).join(',') + '\r\n');
    for await (const page of rows) yield Buffer.from(page.map((r) => columns.map((c) => csvCell(r[c.key])).join(',') + '\r\n').join(''));
  }
  return Readable.toWeb(Readable.from(lines())) as ReadableStream;
}

// XLSX cells are typed (a string is never a formula), so they need no marking.
function xlsxStream(sheet: string, columns: ExportColumn[], rows: ExportRows): ReadableStream {
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

/**
 * A table as a CSV or XLSX download, written page by page as the rows are read, so a long table
 * never sits whole in memory.
 */
export function tableDownload(format: 'xlsx' | 'csv', name: string, sheet: string, columns: ExportColumn[], rows: ExportRows): Response {
  const body = format === 'xlsx' ? xlsxStream(sheet, columns, rows) : csvStream(columns, rows);
  const type = format === 'xlsx' ? 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' : 'text/csv; charset=utf-8';
  return new Response(body, { status: 200, headers: { 'content-type': type, 'content-disposition': `attachment; filename="${name}.${format}"` } });
}
