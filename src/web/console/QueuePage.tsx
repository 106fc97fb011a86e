import { useEffect, useState, type FormEvent } from 'react';
import { REQUEST_TYPE_LABELS, STATUS_LABELS } from '../../shared/labels.ts';
import { qs } from '../shared/api.ts';
import { useApi } from '../shared/query.tsx';
import { Card, DueCell, ErrorBox, Loading, StatusBadge, UrgencyBadge } from '../shared/components.tsx';
import { formatDateTime } from '../shared/format.ts';
import { useI18n } from '../shared/i18n.ts';
import { Link, navigate, useLocation } from '../shared/router.ts';
import type { OrderSummary, Page } from '../shared/types.ts';

const PAGE_SIZE = 20;

type Filters = { queue: 'mine' | 'all'; status: string; q: string; overdue: boolean; page: number };

// Filters live in the URL so the back button from an order returns to the same list.
function readFilters(query: URLSearchParams): Filters {
  return {
    queue: query.get('queue') === 'all' ? 'all' : 'mine',
    status: query.get('status') ?? '',
    q: query.get('q') ?? '',
    overdue: query.get('overdue') === 'true',
    page: Math.max(1, Number(query.get('page')) || 1),
  };
}

function writeFilters(f: Filters) {
  navigate(`/console${qs({ queue: f.queue === 'all' ? 'all' : undefined, status: f.status, q: f.q, overdue: f.overdue ? 'true' : undefined, page: f.page > 1 ? f.page : undefined })}`, { replace: true });
}

export function QueuePage() {
  const { t, L, locale } = useI18n();
  const { query } = useLocation();
  const f = readFilters(query);
  const [search, setSearch] = useState(f.q);
  // Cursors of the pages walked so far: page n is read after cursors[n - 2]. A page opened from a
  // link without its cursor falls back to the (slower) page number.
  const [cursors, setCursors] = useState<string[]>([]);
  const path = `/api/work-orders${qs({ queue: f.queue, status: f.status, q: f.q, overdue: f.overdue ? 'true' : undefined, ...(f.page > 1 && cursors[f.page - 2] ? { cursor: cursors[f.page - 2] } : { page: f.page }), pageSize: PAGE_SIZE })}`;
  const list = useApi<Page<OrderSummary>>(['work-orders', f], path, { placeholderPrevious: true });
  const data = list.data ?? null;
  const error = list.error;
  const next = list.isPlaceholderData ? undefined : data?.nextCursor;
  useEffect(() => {
    if (next) setCursors((c) => (c[f.page - 1] === next ? c : Object.assign([...c], { [f.page - 1]: next })));
  }, [next, f.page]);

  const set = (patch: Partial<Filters>) => {
    setCursors([]);
    writeFilters({ ...f, page: 1, ...patch });
  };
  const onSearch = (e: FormEvent) => {
    e.preventDefault();
    set({ q: search.trim() });
  };
  const exact = data?.totalExact !== false;
  const hasNext = data ? (data.nextCursor !== undefined ? !!data.nextCursor : f.page < Math.ceil(data.total / PAGE_SIZE)) : false;

  return (
    <Card title={t('queue.title')} testid="queue">
      <div className="toolbar">
        <div className="segmented" role="group" aria-label={t('queue.scope')}>
          <button type="button" aria-pressed={f.queue === 'mine'} onClick={() => set({ queue: 'mine' })} data-testid="queue-mine">
            {t('queue.mine')}
          </button>
          <button type="button" aria-pressed={f.queue === 'all'} onClick={() => set({ queue: 'all' })} data-testid="queue-all">
            {t('queue.all')}
          </button>
        </div>
        <label className="inline">
          <span>{t('queue.status')}</span>
          <select value={f.status} onChange={(e) => set({ status: e.target.value })} data-testid="queue-status">
            <option value="">{t('queue.anyStatus')}</option>
            {Object.keys(STATUS_LABELS).map((s) => (
              <option key={s} value={s}>
                {L(STATUS_LABELS, s)}
              </option>
            ))}
          </select>
        </label>
        <label className="inline">
          <input type="checkbox" checked={f.overdue} onChange={(e) => set({ overdue: e.target.checked })} data-testid="queue-overdue" />
          <span>{t('queue.overdueOnly')}</span>
        </label>
        <form className="search" onSubmit={onSearch} role="search">
          <input type="search" value={search} onChange={(e) => setSearch(e.target.value)} placeholder={t('queue.searchPlaceholder')} aria-label={t('queue.search')} data-testid="queue-search" />
          <button type="submit" data-testid="queue-search-submit">
            {t('queue.search')}
          </button>
        </form>
      </div>
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      {data && (
        <>
          <div className="table-wrap">
            <table className="table" data-testid="queue-table">
              <thead>
                <tr>
                  <th>{t('order.code')}</th>
                  <th>{t('order.title')}</th>
                  <th>{t('order.status')}</th>
                  <th>{t('order.urgency')}</th>
                  <th>{t('order.requestType')}</th>
                  <th>{t('order.leadUnit')}</th>
                  <th>{t('order.currentDue')}</th>
                  <th>{t('order.receivedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {data.items.map((o) => (
                  <tr key={o.id} data-testid="queue-row" data-code={o.code}>
                    <td className="nowrap">
                      <Link to={`/console/orders/${o.id}`} data-testid="queue-row-link">
                        {o.code}
                      </Link>
                    </td>
                    <td>{o.title}</td>
                    <td>
                      <StatusBadge status={o.status} />
                    </td>
                    <td>
                      <UrgencyBadge urgency={o.urgency} />
                    </td>
                    <td>{L(REQUEST_TYPE_LABELS, o.requestType)}</td>
                    <td>{o.leadUnitName ?? '—'}</td>
                    <td>
                      <DueCell due={o.due} overdueStages={o.overdueStages} />
                    </td>
                    <td className="nowrap">{formatDateTime(o.receivedAt, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {data.items.length === 0 && <p className="empty">{t('queue.empty')}</p>}
          </div>
          <nav className="pager" aria-label={t('queue.pages')}>
            <button type="button" disabled={f.page <= 1} onClick={() => writeFilters({ ...f, page: f.page - 1 })} data-testid="page-prev">
              {t('queue.prev')}
            </button>
            <span data-testid="page-info" data-exact={exact}>{t(exact ? 'queue.pageInfoExact' : 'queue.pageInfoAtLeast', { page: f.page, total: data.total })}</span>
            <button type="button" disabled={!hasNext} onClick={() => writeFilters({ ...f, page: f.page + 1 })} data-testid="page-next">
              {t('queue.next')}
            </button>
          </nav>
        </>
      )}
    </Card>
  );
}
