import type { Db } from '../../db/client.ts';
import type { Actor } from '../../lib/ctx.ts';
import { presentSummary, type SummaryRow } from '../work-orders/work-order-presenter.ts';
import { decodeCursor, encodeCursor, SUMMARY_COLS, SUMMARY_JOINS } from '../work-orders/work-order-paging.ts';
import { checkPeriod, visibleOrdersWhere, type AnalysisFilter } from './analysis-filter.ts';
import { totalFromRollup } from './volume-rollup.ts';

/**
 * The orders behind a figure: the same filter and visibility as the volume that counted them,
 * newest first, paged by a keyset cursor (received_at, id), with the exact total (from the kept
 * counts when they can say it).
 */
export async function listAnalysisOrders(ctx: { db: Db; now: () => Date }, actor: Actor, f: AnalysisFilter & { cursor?: string; pageSize: number }) {
  checkPeriod(f.from, f.to);
  const cursor = decodeCursor(f.cursor, ['date', 'number']);
  const params: unknown[] = [];
  const where = visibleOrdersWhere(actor, f, params);
  const countParams = [...params];
  const page = cursor ? ` and (o.received_at, o.id) < ($${params.push(cursor[0])}::timestamptz, $${params.push(cursor[1])}::bigint)` : '';
  const q = ctx.db;
  const [rows, total] = await Promise.all([
    q.query<SummaryRow>(
      `select ${SUMMARY_COLS} from work_orders o ${SUMMARY_JOINS} where ${where}${page} order by o.received_at desc, o.id desc limit $${params.push(f.pageSize + 1)}`,
      params,
    ),
    countOrders(ctx, actor, f, where, countParams),
  ]);
  const items = rows.rows.slice(0, f.pageSize);
  const last = items[items.length - 1];
  return {
    total,
    nextCursor: rows.rows.length > f.pageSize && last ? encodeCursor([last.received_at, Number(last.id)]) : null,
    items: items.map(presentSummary),
  };
}

async function countOrders(ctx: { db: Db; now: () => Date }, actor: Actor, f: AnalysisFilter, where: string, params: unknown[]): Promise<number> {
  const kept = await totalFromRollup(ctx.db, ctx.now(), actor, f);
  if (kept !== null) return kept;
  return (await ctx.db.query<{ n: number }>(`select count(*)::int as n from work_orders o where ${where}`, params)).rows[0].n;
}
