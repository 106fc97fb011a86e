import type { AnalysisQuery } from '../../../server/modules/analysis/analysis-schemas.ts';
import { qs } from '../../shared/api.ts';

export type { AnalysisQuery };

/** Today and the 29 days before it, in Shanghai: the period the page opens on. */
export function defaultPeriod(now = Date.now()): { from: string; to: string } {
  const day = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);
  return { from: day(now - 29 * 86_400_000), to: day(now) };
}

/** The filter a page carries in its address, so a drill-down link can be opened, reloaded and shared. */
export function readQuery(q: URLSearchParams): AnalysisQuery {
  const n = (k: string) => (q.get(k) ? Number(q.get(k)) : undefined);
  const s = (k: string) => q.get(k) || undefined;
  return {
    from: s('from'),
    to: s('to'),
    category: s('category'),
    streetId: n('streetId'),
    communityId: n('communityId'),
    gridId: n('gridId'),
    channel: s('channel') as AnalysisQuery['channel'],
    requestType: s('requestType') as AnalysisQuery['requestType'],
    hour: n('hour'),
    weekday: n('weekday'),
    month: s('month'),
  };
}

export const toQs = (q: AnalysisQuery) => qs(q as Record<string, string | number | undefined>);

/** A chart's dimension and the key clicked, as the filter of the orders behind it. */
export function drillFilter(base: AnalysisQuery, by: string, key: string | number | null): AnalysisQuery | null {
  if (key === null) return null;
  switch (by) {
    case 'street':
      return { ...base, streetId: Number(key) };
    case 'community':
      return { ...base, communityId: Number(key) };
    case 'grid':
      return { ...base, gridId: Number(key) };
    case 'category':
      return { ...base, category: String(key) };
    case 'channel':
      return { ...base, channel: key as AnalysisQuery['channel'] };
    case 'requestType':
      return { ...base, requestType: key as AnalysisQuery['requestType'] };
    case 'day':
      return { ...base, from: String(key), to: String(key) };
    case 'hour':
      return { ...base, hour: Number(key) };
    case 'weekday':
      return { ...base, weekday: Number(key) };
    case 'month':
      return { ...base, month: String(key) };
    default:
      return null;
  }
}

export const ordersPath = (q: AnalysisQuery) => `/console/analysis/orders${toQs(q)}`;
