import type { Actor } from '../../lib/ctx.ts';
import { AppError } from '../../lib/errors.ts';
import { addDays, shanghaiMidnight } from '../deadlines/calendar.ts';
import { visibilitySources } from '../work-orders/work-order-access.ts';

/** The longest period one analysis read may cover: three years and a leap day. */
export const MAX_DAYS = 3 * 366;

/** Which orders an analysis reads: a period of Shanghai dates (both ends inclusive) and optional cuts. */
export type AnalysisFilter = {
  from: string;
  to: string;
  category?: string;
  streetId?: number;
  communityId?: number;
  gridId?: number;
  channel?: string;
  requestType?: string;
  /** Cuts that the time charts drill down by (Shanghai time). */
  hour?: number;
  weekday?: number;
  month?: string;
};

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isRealDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]) && Number(m[1]) >= 1900;
}

export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/**
 * Checks a period given as two Shanghai dates. A malformed or impossible date is `bad_date`, an
 * empty or too long period `bad_range`: both 400, stable in `details.reason`.
 */
export function checkPeriod(from: string, to: string): void {
  for (const [name, v] of [['from', from], ['to', to]] as const) {
    if (!isRealDate(v)) throw new AppError('bad_request', `${name} must be a date YYYY-MM-DD, got "${v}".`, { reason: 'bad_date', field: name }, `${name} 须为日期 YYYY-MM-DD。`);
  }
  const days = daysBetween(from, to);
  if (days < 0) throw new AppError('bad_request', 'from must not be after to.', { reason: 'bad_range', from, to }, '开始日期不能晚于结束日期。');
  if (days + 1 > MAX_DAYS) throw new AppError('bad_request', `A period may cover at most ${MAX_DAYS} days.`, { reason: 'bad_range', from, to, maxDays: MAX_DAYS }, `统计区间最长 ${MAX_DAYS} 天。`);
}

/** The same dates one year earlier (29 February becomes the 28th). */
export function lastYear(date: string): string {
  const [y, m, d] = date.split('-').map(Number);
  const day = m === 2 && d === 29 ? 28 : d;
  return `${y - 1}-${String(m).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

export const LOCAL = `(o.received_at at time zone 'Asia/Shanghai')`;

/**
 * The orders of a filter that the actor may see, as a WHERE over alias `o` of work_orders. The
 * visibility rule is the work-orders module's (visibilitySources); a unit's orders are read as
 * its index range of work_order_visibility for the period, so a street's figures cost what its
 * own orders cost, however large the city grows.
 */
export function visibleOrdersWhere(actor: Actor, f: AnalysisFilter, params: unknown[]): string {
  const p = (v: unknown) => `$${params.push(v)}`;
  const start = p(shanghaiMidnight(f.from));
  const end = p(shanghaiMidnight(addDays(f.to, 1)));
  const where = [`o.received_at >= ${start}`, `o.received_at < ${end}`];
  const sources = visibilitySources(actor);
  if (sources !== null) {
    const parts = sources.map((s) =>
      'unitId' in s
        ? `select v.order_id from work_order_visibility v where v.unit_id = ${p(s.unitId)} and (v.via & ${s.via}) <> 0 and v.received_at >= ${start} and v.received_at < ${end}`
        : `select w.id from work_orders w where w.${s.column} = ${p(s.value)} and w.received_at >= ${start} and w.received_at < ${end}`,
    );
    where.push(parts.length ? `o.id in (${parts.join(' union all ')})` : 'false');
  }
  if (f.category) where.push(`(o.category = ${p(f.category)} or o.category like ${p(`${f.category}.%`)})`);
  if (f.streetId) where.push(`o.street_id = ${p(f.streetId)}`);
  if (f.communityId) where.push(`o.community_id = ${p(f.communityId)}`);
  if (f.gridId) where.push(`o.grid_id = ${p(f.gridId)}`);
  if (f.channel) where.push(`o.channel = ${p(f.channel)}`);
  if (f.requestType) where.push(`o.request_type = ${p(f.requestType)}`);
  if (f.hour !== undefined) where.push(`extract(hour from ${LOCAL})::int = ${p(f.hour)}`);
  if (f.weekday !== undefined) where.push(`extract(isodow from ${LOCAL})::int = ${p(f.weekday)}`);
  if (f.month) where.push(`to_char(${LOCAL}, 'YYYY-MM') = ${p(f.month)}`);
  return where.join(' and ');
}
