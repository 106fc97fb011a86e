import { useEffect, useState } from 'react';
import { api, qs } from '../shared/api.ts';
import { Card, DueCell, ErrorBox, Loading, StatusBadge } from '../shared/components.tsx';
import { formatDateTime } from '../shared/format.ts';
import { useI18n } from '../shared/i18n.ts';
import type { OrderSummary, Page } from '../shared/types.ts';

export function MyReports() {
  const { t, locale } = useI18n();
  const [data, setData] = useState<Page<OrderSummary> | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    let live = true;
    api<Page<OrderSummary>>(`/api/work-orders${qs({ queue: 'mine', pageSize: 50 })}`)
      .then((r) => live && setData(r))
      .catch((e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [locale]);

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
