import { useEffect, useRef, useState } from 'react';
import { qs } from '../shared/api.ts';
import { Card, ErrorBox, Loading } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { navigate, useLocation } from '../shared/router.ts';
import { useApi } from '../shared/query.tsx';
import { TableBox } from '../shared/table-box.tsx';
import type { Me, OrderSummary, Page } from '../shared/types.ts';
import { BulkBar } from './queue/BulkBar.tsx';
import { listParams, readState, serverOrdered, sortRows, stateQuery, type QueueState, type SortColumn } from './queue/queue-state.ts';
import { QueueFilters } from './queue/QueueFilters.tsx';
import { QueueTable } from './queue/QueueTable.tsx';
import { SavedViews } from './queue/SavedViews.tsx';
import { useQueueKeys } from './queue/use-queue-keys.ts';
import './queue/queue.css';

const PAGE_SIZE = 20;

const go = (s: QueueState) => {
  const q = stateQuery(s);
  navigate(`/console${q ? `?${q}` : ''}`, { replace: true });
};

/** The work queue as an inbox: clocks, markers, filters, saved views, bulk actions, export and keys. */
export function QueuePage({ me }: { me: Me }) {
  const { t } = useI18n();
  const { query } = useLocation();
  const s = readState(query);
  // Cursors of the pages walked so far: page n is read after cursors[n - 2]. A page opened from a
  // link without its cursor falls back to the (slower) page number.
  const [cursors, setCursors] = useState<string[]>([]);
  const [selected, setSelected] = useState<Set<number>>(new Set());
  const [active, setActive] = useState(-1);
  const searchBox = useRef<HTMLDivElement>(null);
  const params = listParams(s);
  const paging = s.page > 1 && cursors[s.page - 2] ? { cursor: cursors[s.page - 2] } : { page: s.page };
  const list = useApi<Page<OrderSummary>>(['work-orders', params, s.page], `/api/work-orders${qs({ ...params, ...paging, pageSize: PAGE_SIZE })}`, { placeholderPrevious: true });
  const data = list.data ?? null;
  const next = list.isPlaceholderData ? undefined : data?.nextCursor;
  useEffect(() => {
    if (next) setCursors((c) => (c[s.page - 1] === next ? c : Object.assign([...c], { [s.page - 1]: next })));
  }, [next, s.page]);
  const rows = data ? sortRows(data.items, s) : [];

  const set = (patch: Partial<QueueState>) => {
    setCursors([]);
    setActive(-1);
    go({ ...s, page: 1, ...patch });
  };
  const onSort = (col: SortColumn) => set({ col, dir: s.col === col ? (s.dir === 'asc' ? 'desc' : 'asc') : col === 'due' ? 'asc' : 'desc' });
  const onSelect = (ids: number[], on: boolean) =>
    setSelected((cur) => {
      const n = new Set(cur);
      for (const id of ids) if (on) n.add(id);
      else n.delete(id);
      return n;
    });
  useQueueKeys({
    rows,
    active,
    setActive,
    toggle: (id) => onSelect([id], !selected.has(id)),
    focusSearch: () => searchBox.current?.querySelector<HTMLInputElement>('[data-testid="queue-search"]')?.focus(),
  });

  const exact = data?.totalExact !== false;
  const hasNext = data ? (data.nextCursor !== undefined ? !!data.nextCursor : s.page < Math.ceil(data.total / PAGE_SIZE)) : false;
  const exportHref = (format: 'csv' | 'xlsx') => `/api/queue-export${qs({ ...params, format })}`;

  return (
    <Card
      title={t('queue.title')}
      testid="queue"
      actions={
        <div className="export-links">
          <a href={exportHref('csv')} download data-testid="export-csv">
            {t('inboxq.exportCsv')}
          </a>
          <a href={exportHref('xlsx')} download data-testid="export-xlsx">
            {t('inboxq.exportXlsx')}
          </a>
        </div>
      }
    >
      <div ref={searchBox}>
        <QueueFilters key={query.get('q') ?? ''} state={s} onChange={set} />
      </div>
      <SavedViews
        current={stateQuery(s, false)}
        onOpen={(q) => {
          setCursors([]);
          navigate(`/console${q ? `?${q}` : ''}`, { replace: true });
        }}
      />
      <p className="muted small shortcuts">{t('inboxq.shortcuts')}</p>
      <BulkBar me={me} rows={rows} selected={selected} onDone={(keep) => setSelected(new Set(keep))} />
      <ErrorBox error={list.error} />
      {!data && !list.error && <Loading />}
      {data && (
        <>
          {!serverOrdered(s) && <p className="muted small">{t('inboxq.sortedPage')}</p>}
          <TableBox label={t('queue.title')}>
            <QueueTable rows={rows} state={s} onSort={onSort} selected={selected} onSelect={onSelect} active={active} />
            {data.items.length === 0 && <p className="empty">{t('queue.empty')}</p>}
          </TableBox>
          <nav className="pager" aria-label={t('queue.pages')}>
            <button type="button" disabled={s.page <= 1} onClick={() => go({ ...s, page: s.page - 1 })} data-testid="page-prev">
              {t('queue.prev')}
            </button>
            <span data-testid="page-info" data-exact={exact}>
              {t(exact ? 'queue.pageInfoExact' : 'queue.pageInfoAtLeast', { page: s.page, total: data.total })}
            </span>
            <button type="button" disabled={!hasNext} onClick={() => go({ ...s, page: s.page + 1 })} data-testid="page-next">
              {t('queue.next')}
            </button>
          </nav>
        </>
      )}
    </Card>
  );
}
