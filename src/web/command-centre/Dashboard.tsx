import { useCallback, useEffect, useState } from 'react';
import { STATUS_LABELS } from '../../shared/labels.ts';
import { api, qs } from '../shared/api.ts';
import { Card, DueCell, ErrorBox, StatusBadge, UrgencyBadge } from '../shared/components.tsx';
import { formatDateTime } from '../shared/format.ts';
import { useI18n } from '../shared/i18n.ts';
import type { OrderSummary, Page } from '../shared/types.ts';

const REFRESH_MS = 30_000;
const OPEN = ['received', 'dispatched', 'signed', 'disputed', 'in_progress', 'escalated', 'awaiting_callback', 'called_back'];
const DONE = ['closed', 'answered', 'not_dispatched', 'merged'];

type Snapshot = { counts: Record<string, number>; overdueTotal: number; overdue: OrderSummary[]; at: Date };

const list = (params: Record<string, string | number | undefined>) => api<Page<OrderSummary>>(`/api/work-orders${qs({ queue: 'all', ...params })}`);

/**
 * There is no aggregate endpoint yet, so each headline is the list endpoint's total for one
 * status at pageSize=1: a dozen small requests, fired together.
 */
async function loadSnapshot(): Promise<Snapshot> {
  const statuses = [...OPEN, ...DONE];
  const [totals, overdue] = await Promise.all([
    Promise.all(statuses.map((s) => list({ status: s, pageSize: 1 }).then((r) => r.total))),
    list({ status: OPEN.join(','), overdue: 'true', pageSize: 50 }),
  ]);
  return { counts: Object.fromEntries(statuses.map((s, i) => [s, totals[i]])), overdueTotal: overdue.total, overdue: overdue.items, at: new Date() };
}

export function Dashboard() {
  const { t, L, locale } = useI18n();
  const [snap, setSnap] = useState<Snapshot | null>(null);
  const [error, setError] = useState<unknown>(null);

  const refresh = useCallback(async () => {
    try {
      setSnap(await loadSnapshot());
      setError(null);
    } catch (e) {
      setError(e);
    }
  }, []);

  useEffect(() => {
    void refresh();
    const timer = setInterval(() => void refresh(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [refresh]);

  const openTotal = snap ? OPEN.reduce((n, s) => n + snap.counts[s], 0) : 0;

  return (
    <>
      <div className="cc-head">
        <h1>{t('cc.title')}</h1>
        <span className="muted small" data-testid="cc-updated">
          {snap ? t('cc.updated', { at: formatDateTime(snap.at, locale) }) : t('common.loading')}
        </span>
        <button type="button" onClick={() => void refresh()} data-testid="cc-refresh">
          {t('cc.refresh')}
        </button>
      </div>
      <ErrorBox error={error} />
      {snap && (
        <>
          <div className="tiles">
            <div className="tile accent" data-testid="tile-open">
              <span className="tile-n">{openTotal}</span>
              <span>{t('cc.open')}</span>
            </div>
            <div className={`tile ${snap.overdueTotal ? 'danger' : ''}`} data-testid="tile-overdue">
              <span className="tile-n">{snap.overdueTotal}</span>
              <span>{t('cc.overdue')}</span>
            </div>
            {[...OPEN, ...DONE].map((s) => (
              <div key={s} className={`tile ${DONE.includes(s) ? 'done' : ''}`} data-testid={`tile-${s}`}>
                <span className="tile-n">{snap.counts[s]}</span>
                <span>{L(STATUS_LABELS, s)}</span>
              </div>
            ))}
          </div>
          <Card title={t('cc.overdueList', { n: snap.overdueTotal })} testid="cc-overdue">
            {snap.overdue.length === 0 ? (
              <p className="empty">{t('cc.noOverdue')}</p>
            ) : (
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th>{t('order.code')}</th>
                      <th>{t('order.title')}</th>
                      <th>{t('order.status')}</th>
                      <th>{t('order.urgency')}</th>
                      <th>{t('order.leadUnit')}</th>
                      <th>{t('order.currentDue')}</th>
                      <th>{t('order.receivedAt')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {snap.overdue.map((o) => (
                      <tr key={o.id} data-testid="cc-overdue-row">
                        <td className="nowrap">
                          <a href={`/console/orders/${o.id}`}>{o.code}</a>
                        </td>
                        <td>{o.title}</td>
                        <td>
                          <StatusBadge status={o.status} />
                        </td>
                        <td>
                          <UrgencyBadge urgency={o.urgency} />
                        </td>
                        <td>{o.leadUnitName ?? o.streetName ?? '—'}</td>
                        <td>
                          <DueCell due={o.due} overdueStages={o.overdueStages} />
                        </td>
                        <td className="nowrap">{formatDateTime(o.receivedAt, locale)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
          </Card>
        </>
      )}
    </>
  );
}
