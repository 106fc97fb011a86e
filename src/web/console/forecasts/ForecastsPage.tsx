import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { api, qs } from '../../shared/api.ts';
import { Card, ErrorBox, Field, Loading } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { hasRole } from '../../shared/session.tsx';
import type { Me } from '../../shared/types.ts';
import type { SeriesForecast } from '../../../server/modules/forecasts/forecast-series.ts';
import type { AlertList } from '../../../server/modules/forecasts/forecast-alerts.ts';
import type { CaseList } from '../../../server/modules/forecasts/proactive-cases.ts';
import { useUnits } from '../themes/ThemesPage.tsx';

const WeeklyChart = lazy(() => import('../themes/WeeklyChart.tsx'));

function ForecastChart({ f }: { f: SeriesForecast }) {
  const { t } = useI18n();
  const weeks = [...f.history.map((w) => w.weekStart), ...f.forecast.map((w) => w.weekStart)];
  const pad = <T,>(before: number, xs: T[], after: number) => [...Array<null>(before).fill(null), ...xs, ...Array<null>(after).fill(null)];
  const series = useMemo(() => [
    { name: t('fc.actual'), kind: 'bar' as const, data: pad(0, f.history.map((w) => w.count), f.forecast.length), color: '#8a96a3' },
    { name: t('fc.expected'), kind: 'line' as const, data: pad(f.history.length, f.forecast.map((w) => Math.round(w.expected * 10) / 10), 0), color: '#1f6feb' },
    { name: t('fc.lower'), kind: 'band' as const, dashed: true, data: pad(f.history.length, f.forecast.map((w) => Math.round(w.lower * 10) / 10), 0), color: '#7aa7e8' },
    { name: t('fc.upper'), kind: 'band' as const, dashed: true, data: pad(f.history.length, f.forecast.map((w) => Math.round(w.upper * 10) / 10), 0), color: '#7aa7e8' },
  ], [f, t]);
  return (
    <Suspense fallback={<Loading />}>
      <WeeklyChart weeks={weeks} series={series} label={t('fc.title')} testid="forecast-chart" />
      <div className="table-box"><table data-testid="forecast-table">
        <thead><tr><th>{t('fc.week')}</th><th>{t('fc.expected')}</th><th>{t('fc.lower')}</th><th>{t('fc.upper')}</th></tr></thead>
        <tbody>{f.forecast.map((w) => <tr key={w.weekStart}><td>{w.weekStart}</td><td>{w.expected.toFixed(1)}</td><td>{w.lower.toFixed(1)}</td><td>{w.upper.toFixed(1)}</td></tr>)}</tbody>
      </table></div>
    </Suspense>
  );
}

/** 未诉先办: the forecast with its interval, the alerts, and the proactive cases made from them. */
export function ForecastsPage({ me }: { me: Me }) {
  const { t } = useI18n();
  const streets = useUnits('street,township');
  const units = useUnits('street,township,department');
  const [filter, setFilter] = useState({ streetId: '', category: '' });
  const [f, setF] = useState<SeriesForecast | null>(null);
  const [alerts, setAlerts] = useState<AlertList | null>(null);
  const [cases, setCases] = useState<CaseList | null>(null);
  const [rule, setRule] = useState({ ratio: '1.5', minIncrease: '5' });
  const [scanned, setScanned] = useState<{ series: number; created: number } | null>(null);
  const [assign, setAssign] = useState<Record<number, string>>({});
  const [error, setError] = useState<unknown>(null);
  const district = hasRole(me, 'district_supervisor', 'hotline_supervisor', 'admin');
  const show = useCallback(() => {
    setF(null);
    api<SeriesForecast>(`/api/forecasts${qs({ streetId: filter.streetId || undefined, category: filter.category || undefined, weeks: 6 })}`).then(setF, setError);
  }, [filter]);
  const lists = useCallback(() => {
    api<AlertList>('/api/forecast-alerts').then(setAlerts, setError);
    api<CaseList>('/api/proactive-cases').then(setCases, setError);
  }, []);
  useEffect(() => {
    show();
    lists();
    // the first forecast only; later ones on "show"
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const run = async (fn: () => Promise<unknown>) => {
    setError(null);
    try {
      await fn();
      lists();
    } catch (e) {
      setError(e);
    }
  };
  return (
    <div data-testid="forecasts-page">
      <ErrorBox error={error} />
      <Card title={t('fc.title')} testid="forecast-card">
        <p className="muted">{t('fc.hint')}</p>
        <form className="row" onSubmit={(e) => { e.preventDefault(); show(); }}>
          <Field label={t('fc.street')}>
            <select value={filter.streetId} onChange={(e) => setFilter({ ...filter, streetId: e.target.value })} data-testid="forecast-street">
              <option value="">{t('fc.allStreets')}</option>{streets.map((s) => <option key={s.id} value={s.id}>{s.name}</option>)}
            </select>
          </Field>
          <Field label={t('fc.category')}><input value={filter.category} onChange={(e) => setFilter({ ...filter, category: e.target.value })} placeholder="16" pattern="\d{2}(\.\d{2}){0,2}" /></Field>
          <button type="submit">{t('fc.show')}</button>
        </form>
        {f ? <ForecastChart f={f} /> : <Loading />}
      </Card>
      <Card title={t('fc.alerts')} testid="forecast-alerts">
        {district && (
          <form className="row" onSubmit={(e) => { e.preventDefault(); void run(async () => setScanned(await api('/api/forecasts/scan', { body: { ratio: Number(rule.ratio), minIncrease: Number(rule.minIncrease) } }))); }}>
            <Field label={t('fc.ratio')}><input type="number" step="0.1" min={1} max={5} value={rule.ratio} onChange={(e) => setRule({ ...rule, ratio: e.target.value })} data-testid="scan-ratio" /></Field>
            <Field label={t('fc.minIncrease')}><input type="number" min={0} value={rule.minIncrease} onChange={(e) => setRule({ ...rule, minIncrease: e.target.value })} data-testid="scan-min" /></Field>
            <button type="submit" className="primary" data-testid="scan">{t('fc.scan')}</button>
          </form>
        )}
        {scanned && <p data-testid="scan-result">{t('fc.scanned', { s: scanned.series, n: scanned.created })}</p>}
        {!alerts ? <Loading /> : !alerts.items.length ? <p>{t('fc.noAlerts')}</p> : (
          <div className="table-box"><table>
            <thead><tr><th>{t('fc.street')}</th><th>{t('fc.category')}</th><th>{t('fc.week')}</th><th>{t('fc.recent')}</th><th>{t('fc.expected')}</th><th>{t('fc.assignTo')}</th><th /></tr></thead>
            <tbody>{alerts.items.map((a) => (
              <tr key={a.id} data-testid="forecast-alert">
                <td>{a.streetName}</td><td>{a.categoryName ?? a.category}</td><td>{a.weekStart}</td><td>{a.recentWeekly}</td><td>{a.expected}（{a.lower}–{a.upper}）</td>
                <td>
                  <select aria-label={t('fc.assignTo')} value={assign[a.id] ?? String(a.streetId)} onChange={(e) => setAssign({ ...assign, [a.id]: e.target.value })}>
                    {units.map((u) => <option key={u.id} value={u.id}>{u.name}</option>)}
                  </select>
                </td>
                <td><button type="button" data-testid="alert-to-case" onClick={() => void run(() => api(`/api/forecast-alerts/${a.id}/case`, { body: { assignedUnitId: Number(assign[a.id] ?? a.streetId) } }))}>{t('fc.toCase')}</button></td>
              </tr>
            ))}</tbody>
          </table></div>
        )}
      </Card>
      <Card title={t('fc.cases')} testid="proactive-cases">
        {!cases ? <Loading /> : !cases.items.length ? <p>{t('fc.noCases')}</p> : (
          <ul>{cases.items.map((c) => (
            <li key={c.id} data-testid="proactive-case">
              <strong>{c.title}</strong> · {c.assignedUnitName} · <span data-testid="case-status">{t(`fc.case.${c.status}`)}</span>
              {c.allowedActions.map((a) => (
                <button key={a} type="button" onClick={() => void run(() => api(`/api/proactive-cases/${c.id}/${a}`, { body: { version: c.version, note: t(`fc.${a}`) } }))}>{t(`fc.${a}`)}</button>
              ))}
            </li>
          ))}</ul>
        )}
      </Card>
    </div>
  );
}
