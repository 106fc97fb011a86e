import { lazy, Suspense, useMemo, useState } from 'react';
import { STATUS_LABELS } from '../../shared/labels.ts';
import { Card, DueCell, ErrorBox, Loading, StatusBadge, UrgencyBadge } from '../shared/components.tsx';
import { formatDateTime } from '../shared/format.ts';
import { useI18n } from '../shared/i18n.ts';
import type { BoardOrder, Summary } from './summary-types.ts';
import { useSummary } from './use-summary.ts';
import { RankingCard, RatesCard, WhistlesCard } from './BoardExtras.tsx';
import './command-centre.css';

// ECharts is the largest part of the board: it arrives as its own chunk after the figures.
const BoardCharts = lazy(() => import('./charts/BoardCharts.tsx'));

/**
 * The command centre: one summary request per refresh, refreshed by /api/live events, scoped to
 * the viewer (a street sees its communities, a district or the centre its streets and may open one).
 */
export function Dashboard() {
  const { t, L, locale } = useI18n();
  const [streetId, setStreetId] = useState<number | null>(() => {
    const v = Number(new URLSearchParams(location.search).get('street'));
    return Number.isInteger(v) && v > 0 ? v : null;
  });
  const { summary: s, emergencies, freshIds, error, live, refresh } = useSummary(streetId);

  const pick = (id: number | null) => {
    setStreetId(id);
    const u = new URL(location.href);
    if (id) u.searchParams.set('street', String(id));
    else u.searchParams.delete('street');
    history.replaceState(null, '', u);
  };
  const canPickStreet = s && s.scope.kind !== 'street';
  // The countdowns run on the server's clock: the board's own may be minutes off.
  const skew = useMemo(() => (s ? Date.parse(s.at) - Date.now() : 0), [s]);
  const drilled = streetId !== null;

  return (
    <>
      <div className="cc-head">
        <h1>
          {t('cc.title')}
          {s && <span className="cc-scope"> · {s.scope.name ?? t('cc.scopeAll')}</span>}
        </h1>
        <span className={`cc-live ${live ? 'on' : 'off'}`} data-testid="cc-live" data-live={live ? 'true' : 'false'}>
          {live ? t('cc.live') : t('cc.liveOff')}
        </span>
        <span className="muted small" data-testid="cc-updated">
          {s ? t('cc.liveUpdated', { at: formatDateTime(s.at, locale) }) : t('common.loading')}
        </span>
        {canPickStreet && s.areas.kind === 'street' && (
          <select aria-label={t('cc.pickStreet')} value="" onChange={(e) => e.target.value && pick(Number(e.target.value))} data-testid="cc-street-select">
            <option value="">{t('cc.pickStreet')}</option>
            {s.areas.items.map((a) => (
              <option key={a.id} value={a.id}>
                {locale === 'en' ? (a.nameEn ?? a.name) : a.name}
              </option>
            ))}
          </select>
        )}
        {drilled && (
          <button type="button" onClick={() => pick(null)} data-testid="cc-back">
            {t('cc.backToDistrict')}
          </button>
        )}
        <button type="button" onClick={() => void refresh()} data-testid="cc-refresh">
          {t('cc.refresh')}
        </button>
      </div>
      <ErrorBox error={error} />
      {!s ? (
        <Loading />
      ) : (
        <div className="cc-grid">
          <Headline s={s} />
          <div className="cc-status-strip" aria-label={t('cc.openByStatus')}>
            {Object.entries(s.byStatus).map(([status, n]) => (
              <div key={status} className="tile small" data-testid={`tile-${status}`}>
                <span className="tile-n">{n}</span>
                <span>{L(STATUS_LABELS, status)}</span>
              </div>
            ))}
          </div>
          <div className="cc-main">
            <Suspense fallback={<Loading />}>
              <BoardCharts summary={s} emergencies={emergencies} onPickArea={(id) => pick(id)} />
            </Suspense>
          </div>
          <div className="cc-side">
            <OrderList title={t('cc.emergencies', { n: emergencies.length })} empty={t('cc.noEmergencies')} orders={emergencies} fresh={freshIds} testid="cc-emergencies" row="cc-emergency-row" />
            <RatesCard s={s} />
            <WhistlesCard whistles={s.whistles} skew={skew} />
            <RankingCard s={s} />
            <AreaTable s={s} onPick={canPickStreet ? pick : undefined} />
          </div>
          <div className="cc-wide">
            <OrderList title={t('cc.overdueList', { n: s.today.overdueOpen })} empty={t('cc.noOverdue')} orders={s.overdue} testid="cc-overdue" row="cc-overdue-row" withDue />
          </div>
        </div>
      )}
    </>
  );
}

function Headline({ s }: { s: Summary }) {
  const { t } = useI18n();
  const tiles: [string, number, string][] = [
    ['cc-today-received', s.today.received, t('cc.todayReceived')],
    ['cc-today-dispatched', s.today.dispatched, t('cc.todayDispatched')],
    ['cc-today-closed', s.today.closed, t('cc.todayClosed')],
    ['tile-open', s.today.open, t('cc.openTotal')],
  ];
  return (
    <div className="tiles cc-headline">
      {tiles.map(([id, n, label]) => (
        <div key={id} className={`tile ${id === 'tile-open' ? 'accent' : ''}`} data-testid={id}>
          <span className="tile-n">{n}</span>
          <span>{label}</span>
        </div>
      ))}
      <div className={`tile ${s.today.overdueOpen ? 'danger' : ''}`} data-testid="tile-overdue">
        <span className="tile-n">{s.today.overdueOpen}</span>
        <span>{t('cc.overdueOpen')}</span>
      </div>
      <div className={`tile ${s.today.emergencyOpen ? 'danger' : ''}`} data-testid="cc-emergency-open">
        <span className="tile-n">{s.today.emergencyOpen}</span>
        <span>{t('cc.emergencyOpen')}</span>
      </div>
    </div>
  );
}

function OrderList({ title, empty, orders, fresh, testid, row, withDue }: { title: string; empty: string; orders: BoardOrder[]; fresh?: Set<number>; testid: string; row: string; withDue?: boolean }) {
  const { t, locale } = useI18n();
  return (
    <Card title={title} testid={testid}>
      {orders.length === 0 ? (
        <p className="empty">{empty}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th>{t('order.code')}</th>
                <th>{t('order.title')}</th>
                <th>{t('order.status')}</th>
                {withDue && <th>{t('order.urgency')}</th>}
                <th>{withDue ? t('order.leadUnit') : t('cc.street')}</th>
                {withDue && <th>{t('order.currentDue')}</th>}
                <th>{t('order.receivedAt')}</th>
              </tr>
            </thead>
            <tbody>
              {orders.map((o) => (
                <tr key={o.id} data-testid={row} data-code={o.code} className={fresh?.has(o.id) ? 'cc-fresh' : undefined}>
                  <td className="nowrap">
                    <a href={`/console/orders/${o.id}`}>{o.code}</a>
                    {fresh?.has(o.id) && <span className="badge overdue cc-new">{t('cc.newEmergency')}</span>}
                  </td>
                  <td>{o.title}</td>
                  <td>
                    <StatusBadge status={o.status} />
                  </td>
                  {withDue && (
                    <td>
                      <UrgencyBadge urgency={o.urgency} />
                    </td>
                  )}
                  <td>{(withDue ? (o.leadUnitName ?? o.streetName) : o.streetName) ?? '—'}</td>
                  {withDue && (
                    <td>
                      <DueCell due={o.due} overdueStages={o.overdueStages} />
                    </td>
                  )}
                  <td className="nowrap">{formatDateTime(o.receivedAt, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Card>
  );
}

function AreaTable({ s, onPick }: { s: Summary; onPick?: (id: number) => void }) {
  const { t, locale } = useI18n();
  const rows = [...s.areas.items].sort((a, b) => b.window - a.window || b.open - a.open);
  const kind = s.areas.kind === 'street' ? t('cc.mapStreets') : t('cc.mapCommunities');
  return (
    <Card title={t('cc.areaTable', { kind })} testid="cc-areas">
      <div className="table-wrap cc-area-table">
        <table className="table">
          <thead>
            <tr>
              <th>{t('cc.area')}</th>
              <th className="num">{t('cc.areaToday')}</th>
              <th className="num">{t('cc.areaWindow')}</th>
              <th className="num">{t('cc.areaOpen')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((a) => (
              <tr key={a.id} data-testid="cc-area-row" data-id={a.id}>
                <td>
                  {onPick && s.areas.kind === 'street' ? (
                    <button type="button" className="link-button" onClick={() => onPick(a.id)}>
                      {locale === 'en' ? (a.nameEn ?? a.name) : a.name}
                    </button>
                  ) : locale === 'en' ? (
                    (a.nameEn ?? a.name)
                  ) : (
                    a.name
                  )}
                </td>
                <td className="num">{a.today}</td>
                <td className="num">{a.window}</td>
                <td className="num">{a.open}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}
