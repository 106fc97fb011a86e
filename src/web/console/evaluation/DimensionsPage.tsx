import { lazy, Suspense, useMemo, useState } from 'react';
import { api, qs } from '../../shared/api.ts';
import { Card, ErrorBox, Loading } from '../../shared/components.tsx';
import { formatDateTime } from '../../shared/format.ts';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { Link, navigate } from '../../shared/router.ts';
import type { Me } from '../../shared/types.ts';
import type { DimensionOrdersPage, DimensionsView } from '../../../server/modules/evaluation/dimension-queries.ts';
import { useLoad } from '../reference/ref-common.tsx';
import { currentMonth, PeriodInput, pct } from './ev-common.tsx';

const DimensionCharts = lazy(() => import('./DimensionCharts.tsx'));

type Place = { unitId: number; name: string; nameEn: string | null };

/** 七有/五性 of a district or street: volumes and rates per dimension, the trend, the district's streets and the orders behind a dimension. */
export function DimensionsPage({ me, unitId, period: initialPeriod, dimension }: { me: Me; unitId: number | null; period: string | null; dimension: string | null }) {
  const { t, locale } = useI18n();
  const period = initialPeriod ?? currentMonth();
  const places = useLoad(async () => {
    const [d, s] = await Promise.all(['districts', 'streets'].map((group) => api<{ items: Place[] }>(`/api/evaluation/rankings${qs({ group, period })}`)));
    return [...d.items, ...s.items];
  }, period);
  const own = me.grants.find((g) => g.unitId && ['street_staff', 'district_supervisor'].includes(g.role))?.unitId ?? null;
  const place = unitId ?? own ?? places.data?.[0]?.unitId ?? null;
  const go = (p: Record<string, string | number | null>) => navigate(`/console/evaluation/dimensions${qs({ unitId: place, period, dimension, ...p })}`);
  const view = useLoad(() => (place ? api<DimensionsView>(`/api/evaluation/dimensions${qs({ unitId: place, period })}`) : Promise.resolve(null)), `${place}|${period}`);
  const names = useMemo(() => Object.fromEntries((view.data?.items ?? []).map((i) => [i.key, t(`dim.${i.key}` as MsgKey)])), [view.data, t]);
  const v = view.data;
  const table = (family: 'sevenHaves' | 'fiveQualities') => (
    <Card title={t(family === 'sevenHaves' ? 'ev.sevenHaves' : 'ev.fiveQualities')} testid={`dim-${family}`}>
      <table className="table compact">
        <thead>
          <tr>
            <th>{t('ev.dimension')}</th>
            <th>{t('ev.volume')}</th>
            <th>{t('ev.validCallbacks')}</th>
            <th>{t('ev.responseRate')}</th>
            <th>{t('ev.resolutionRate')}</th>
            <th>{t('ev.satisfactionRate')}</th>
          </tr>
        </thead>
        <tbody>
          {v!.items
            .filter((i) => i.family === family)
            .map((i) => (
              <tr key={i.key} data-testid={`dim-row-${i.key}`}>
                <th>{names[i.key]}</th>
                <td>
                  <Link to={`/console/evaluation/dimensions${qs({ unitId: place, period, dimension: i.key })}`} data-testid={`dim-volume-${i.key}`}>
                    {i.volume}
                  </Link>
                </td>
                <td>{i.validCallbacks}</td>
                <td>{i.validCallbacks ? pct(i.responseRate) : '—'}</td>
                <td>{i.validCallbacks ? pct(i.resolutionRate) : '—'}</td>
                <td data-testid={`dim-satisfaction-${i.key}`}>{i.validCallbacks ? pct(i.satisfactionRate) : '—'}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </Card>
  );
  return (
    <div data-testid="dimensions">
      <h1>{t('ev.dimensions')}</h1>
      <div className="ev-toolbar">
        <PeriodInput value={period} onChange={(p) => go({ period: p })} />
        <label className="inline-field">
          {t('ev.place')}{' '}
          <select value={place ?? ''} onChange={(e) => go({ unitId: Number(e.target.value), dimension: null })} data-testid="dim-place">
            {(places.data ?? []).map((p) => (
              <option key={p.unitId} value={p.unitId}>
                {locale === 'en' && p.nameEn ? p.nameEn : p.name}
              </option>
            ))}
          </select>
        </label>
        <Link to="/console/evaluation/dimension-map">{t('ev.dimensionMap')}</Link>
      </div>
      <ErrorBox error={view.error ?? places.error} />
      {!v && !view.error && <Loading />}
      {v && (
        <>
          <p className="small muted">
            {t('ev.def.dimensions')} {t('ev.mapVersion', { v: v.mapVersion })}
          </p>
          <div className="ev-two">
            {table('sevenHaves')}
            {table('fiveQualities')}
          </div>
          <Card title={`${t('ev.dimVolumes')} · ${t('ev.dimTrend')}`} testid="dim-charts">
            <Suspense fallback={<Loading />}>
              <DimensionCharts view={v} names={names} onPick={(d) => go({ dimension: d })} />
            </Suspense>
          </Card>
          {v.places.length > 0 && <PlacesTable view={v} names={names} period={period} />}
          {dimension && names[dimension] && <DimensionOrders unitId={v.unitId} period={period} dimension={dimension} name={names[dimension]} />}
        </>
      )}
    </div>
  );
}

function PlacesTable({ view, names, period }: { view: DimensionsView; names: Record<string, string>; period: string }) {
  const { t, locale } = useI18n();
  const keys = view.items.map((i) => i.key);
  return (
    <Card title={t('ev.byStreet')} testid="dim-places">
      <div className="ev-scroll">
        <table className="table compact">
          <thead>
            <tr>
              <th>{t('ev.place')}</th>
              {keys.map((k) => (
                <th key={k}>{names[k]}</th>
              ))}
            </tr>
          </thead>
          <tbody>
            {view.places.map((p) => (
              <tr key={p.unitId}>
                <th>
                  <Link to={`/console/evaluation/dimensions${qs({ unitId: p.unitId, period })}`}>{locale === 'en' && p.nameEn ? p.nameEn : p.name}</Link>
                </th>
                {keys.map((k) => (
                  <td key={k} title={p.dims[k].validCallbacks ? `${t('ev.satisfactionRate')} ${pct(p.dims[k].satisfactionRate)}` : undefined}>
                    {p.dims[k].volume}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </Card>
  );
}

function DimensionOrders({ unitId, period, dimension, name }: { unitId: number; period: string; dimension: string; name: string }) {
  const { t, locale } = useI18n();
  const [pages, setPages] = useState<DimensionOrdersPage[]>([]);
  const first = useLoad(() => api<DimensionOrdersPage>(`/api/evaluation/dimensions/orders${qs({ unitId, period, dimension })}`), `${unitId}|${period}|${dimension}`);
  const all = first.data ? [first.data, ...pages] : [];
  const next = all.length ? all[all.length - 1].next : null;
  const more = async () => setPages([...pages, await api<DimensionOrdersPage>(`/api/evaluation/dimensions/orders${qs({ unitId, period, dimension, after: next })}`)]);
  return (
    <Card title={t('ev.dimOrders', { d: name })} testid="dim-orders">
      <ErrorBox error={first.error} />
      <table className="table compact">
        <thead>
          <tr>
            <th>{t('ev.unit')}</th>
            <th>{t('ev.category')}</th>
            <th>{t('ev.receivedAt')}</th>
            <th>{t('ev.callbackResult')}</th>
          </tr>
        </thead>
        <tbody>
          {all.flatMap((p) => p.items).map((o) => (
            <tr key={o.orderId} data-testid="dim-order">
              <td>
                <Link to={`/console/orders/${o.orderId}`}>{o.code}</Link> {o.title}
              </td>
              <td>{o.category}</td>
              <td>{formatDateTime(o.receivedAt, locale)}</td>
              <td>{o.satisfaction ? t(`ev.${o.satisfaction === 'satisfied' ? 'satisfied' : o.satisfaction === 'basically_satisfied' ? 'basicallySatisfied' : 'dissatisfied'}` as MsgKey) : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {next !== null && (
        <button type="button" onClick={more}>
          {t('ev.more')}
        </button>
      )}
    </Card>
  );
}
