import { useEffect, useState } from 'react';
import type { OrdersBody } from '../../../server/modules/analysis/analysis-schemas.ts';
import { api } from '../../shared/api.ts';
import { Card, ErrorBox, Loading, StatusBadge } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n.ts';
import { Link, useLocation } from '../../shared/router.ts';
import { readQuery, toQs } from './analysis-query.ts';

/** The orders behind a figure: the same filter the chart counted with, newest first, page by page. */
export function DrilldownPage() {
  const { t, locale } = useI18n();
  const { query } = useLocation();
  const filter = readQuery(query);
  const key = toQs(filter);
  const [items, setItems] = useState<OrdersBody['items']>([]);
  const [total, setTotal] = useState<number | null>(null);
  const [cursor, setCursor] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);

  const load = async (after: string | null) => {
    try {
      const r = await api<OrdersBody>(`/api/analysis/orders${toQs({ ...filter, cursor: after ?? undefined } as never)}`);
      setItems((xs) => (after ? [...xs, ...r.items] : r.items));
      setTotal(r.total);
      setCursor(r.nextCursor);
      setError(null);
    } catch (e) {
      setError(e);
    }
  };
  useEffect(() => {
    setItems([]);
    setTotal(null);
    void load(null);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  const back = `/console/analysis${toQs({ from: filter.from, to: filter.to, category: filter.category })}`;
  return (
    <>
      <p>
        <Link to={back} data-testid="analysis-back">
          ← {t('an.back')}
        </Link>
      </p>
      <ErrorBox error={error} />
      <Card title={total === null ? t('an.orders') : t('an.ordersOf', { what: `${filter.from ?? ''} – ${filter.to ?? ''}`, n: total })} testid="analysis-orders">
        {total === null && !error ? (
          <Loading />
        ) : items.length === 0 ? (
          <p className="empty">{t('an.empty')}</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{t('order.code')}</th>
                  <th>{t('order.title')}</th>
                  <th>{t('order.status')}</th>
                  <th>{t('cc.street')}</th>
                  <th>{t('order.receivedAt')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((o) => (
                  <tr key={o.id} data-testid="analysis-order-row" data-code={o.code}>
                    <td className="nowrap">
                      <Link to={`/console/orders/${o.id}`}>{o.code}</Link>
                    </td>
                    <td>{o.title}</td>
                    <td>
                      <StatusBadge status={o.status} />
                    </td>
                    <td>{o.streetName ?? '—'}</td>
                    <td className="nowrap">{formatDateTime(String(o.receivedAt), locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {cursor && (
          <button type="button" onClick={() => void load(cursor)} data-testid="analysis-more">
            {t('an.more')}
          </button>
        )}
      </Card>
    </>
  );
}
