import { qs } from '../../shared/api.ts';
import type { OrderSummary } from '../../shared/types.ts';

/** The queue's state, all of it in the URL: the back button, a bookmark and a saved view restore it. */
export type QueueState = {
  queue: 'mine' | 'all';
  status: string;
  q: string;
  overdue: boolean;
  urgency: string;
  channel: string;
  category: string;
  streetId: string;
  leadUnitId: string;
  from: string;
  to: string;
  /** The column the rows are ordered by, and which way. */
  col: SortColumn;
  dir: 'asc' | 'desc';
  page: number;
};

export const SORT_COLUMNS = ['code', 'title', 'status', 'urgency', 'channel', 'street', 'leadUnit', 'due', 'received'] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];

const FILTER_KEYS = ['status', 'q', 'urgency', 'channel', 'category', 'streetId', 'leadUnitId', 'from', 'to'] as const;

export function readState(query: URLSearchParams): QueueState {
  const col = query.get('col') as SortColumn | null;
  const get = (k: string) => query.get(k) ?? '';
  return {
    queue: query.get('queue') === 'all' ? 'all' : 'mine',
    status: get('status'),
    q: get('q'),
    overdue: query.get('overdue') === 'true',
    urgency: get('urgency'),
    channel: get('channel'),
    category: get('category'),
    streetId: get('streetId'),
    leadUnitId: get('leadUnitId'),
    from: get('from'),
    to: get('to'),
    col: col && SORT_COLUMNS.includes(col) ? col : 'received',
    dir: query.get('dir') === 'asc' ? 'asc' : query.get('dir') === 'desc' ? 'desc' : col === 'due' ? 'asc' : 'desc',
    page: Math.max(1, Number(query.get('page')) || 1),
  };
}

/** The URL query of a state (also what a saved view stores): defaults left out. */
export function stateQuery(s: QueueState, withPage = true): string {
  const params: Record<string, string | number | undefined> = { queue: s.queue === 'all' ? 'all' : undefined };
  for (const k of FILTER_KEYS) params[k] = s[k];
  params.overdue = s.overdue ? 'true' : undefined;
  params.col = s.col === 'received' ? undefined : s.col;
  params.dir = s.dir === (s.col === 'due' ? 'asc' : 'desc') ? undefined : s.dir;
  if (withPage && s.page > 1) params.page = s.page;
  return qs(params).slice(1);
}

// A day picked in the form is a Beijing day, whatever the browser's zone.
const dayStart = (d: string) => (d ? `${d}T00:00:00+08:00` : undefined);
const dayAfter = (d: string) => (d ? new Date(Date.parse(`${d}T00:00:00+08:00`) + 86_400_000).toISOString() : undefined);

/**
 * The list request. The server pages by two orders, newest first and soonest due first; any other
 * column orders the rows of the page it returned.
 */
export function listParams(s: QueueState): Record<string, string | number | undefined> {
  return {
    queue: s.queue,
    status: s.status,
    q: s.q,
    overdue: s.overdue ? 'true' : undefined,
    urgency: s.urgency,
    channel: s.channel,
    category: s.category,
    streetId: s.streetId,
    leadUnitId: s.leadUnitId,
    from: dayStart(s.from),
    to: dayAfter(s.to),
    sort: s.col === 'due' ? 'due' : undefined,
  };
}

/** Whether the server's own order is the one asked for (then no reordering of the page). */
export const serverOrdered = (s: QueueState) => (s.col === 'received' && s.dir === 'desc') || (s.col === 'due' && s.dir === 'asc');

const URGENCY_RANK: Record<string, number> = { emergency: 0, utilities: 1, general: 2, complex: 3 };

function key(o: OrderSummary, col: SortColumn): string | number {
  switch (col) {
    case 'code': return o.code;
    case 'title': return o.title;
    case 'status': return o.status;
    case 'urgency': return URGENCY_RANK[o.urgency] ?? 9;
    case 'channel': return o.channel;
    case 'street': return o.streetName ?? '';
    case 'leadUnit': return o.leadUnitName ?? '';
    case 'due': return o.due ? Date.parse(o.due.at) : Number.MAX_SAFE_INTEGER;
    case 'received': return Date.parse(o.receivedAt);
  }
}

export function sortRows(rows: OrderSummary[], s: QueueState): OrderSummary[] {
  if (serverOrdered(s)) return rows;
  const sign = s.dir === 'asc' ? 1 : -1;
  const collator = new Intl.Collator('zh-CN');
  return [...rows].sort((a, b) => {
    const x = key(a, s.col);
    const y = key(b, s.col);
    const c = typeof x === 'number' && typeof y === 'number' ? x - y : collator.compare(String(x), String(y));
    return sign * c || b.id - a.id;
  });
}

/** Time left on a row's clock, and its colour: amber from the warning time, red once past due. */
export function clockOf(due: NonNullable<OrderSummary['due']>, now: number): { level: 'ok' | 'warn' | 'late'; minutes: number } {
  const at = Date.parse(due.at);
  const minutes = Math.round((at - now) / 60_000);
  if (at <= now) return { level: 'late', minutes };
  if (due.warnAt && Date.parse(due.warnAt) <= now) return { level: 'warn', minutes };
  return { level: 'ok', minutes };
}
