import { qs } from '../shared/api.ts';
import { Card, DueCell, ErrorBox, Loading, StatusBadge } from '../shared/components.tsx';
import { formatDateTime } from '../shared/format.ts';
import { useI18n } from '../shared/i18n.ts';
import { useApi } from '../shared/query.tsx';
import type { OrderSummary, Page } from '../shared/types.ts';

export function MyReports() {
  const { t, locale } = useI18n();
  // Fresh each time the list is opened: a report sent from the outbox a moment ago must be on it.
  const r = useApi<Page<OrderSummary>>(['work-orders', 'grid-mine'], `/api/work-orders${qs({ queue: 'mine', pageSize: 50 })}`, { staleTime: 0 });
  const data = r.data ?? null;
  const error = r.error;

  return (
    <Card title={t('grid.mine')} testid="grid-mine">
      <ErrorBox error={error} />
      {!data && !error && <Loading />}
      {data && data.items.length === 0 && <p className="empty">{t('grid.none')}</p>}
      {data && data.items.length > 0 && (
        <ul className="request-list">
          {data.items.map((o) => (
            <li key={o.id} data-testid="grid-report-item" data-code={o.code}>
              <div>
                <a className="code" href={`/console/orders/${o.id}`} data-testid="grid-report-link">
                  {o.code}
                </a>{' '}
                {o.title}
              </div>
              <div className="meta">
                <StatusBadge status={o.status} /> <span className="muted small">{formatDateTime(o.receivedAt, locale)}</span>
              </div>
              {o.leadUnitName && (
                <div className="muted small">
                  {t('order.leadUnit')}: {o.leadUnitName}
                </div>
              )}
              {o.due && <DueCell due={o.due} overdueStages={o.overdueStages} />}
            </li>
          ))}
        </ul>
      )}
      {data && data.total > data.items.length && <p className="muted small">{t('grid.more', { n: data.total })}</p>}
    </Card>
  );
}
