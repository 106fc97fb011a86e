import { lazy, Suspense, useMemo, useState } from 'react';
import { api, qs } from '../../shared/api.ts';
import { Card, ErrorBox, Loading } from '../../shared/components.tsx';
import { formatDate } from '../../shared/format.ts';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { Link } from '../../shared/router.ts';
import type { ScoreView } from '../../../server/modules/evaluation/evaluation-schemas.ts';
import { useLoad } from '../reference/ref-common.tsx';
import { currentMonth, num, PeriodInput, pct } from './ev-common.tsx';

const TrendChart = lazy(() => import('./TrendChart.tsx'));

type Indicators = { items: { key: string; value: number | null; numerator: number; denominator: number }[] };
type Removed = { items: { orderId: number; code: string; title: string; reason: string | null }[] };

/** One unit's figures for a period, each rate a link to the orders behind it, with its trend and further indicators. */
export function ScoreCardPage({ unitId, initialPeriod }: { unitId: number; initialPeriod: string | null }) {
  const { t, locale } = useI18n();
  const [period, setPeriod] = useState(initialPeriod ?? currentMonth());
  const key = `${unitId}|${period}`;
  const unit = useLoad(() => api<{ id: number; name: string; name_en?: string | null }>(`/api/units/${unitId}`), String(unitId));
  const score = useLoad(() => api<ScoreView>(`/api/evaluation/scores${qs({ unitId, period })}`), key);
  const trend = useLoad(() => api<{ items: ScoreView[] }>(`/api/evaluation/trend${qs({ unitId, period })}`).then((r) => r.items), key);
  const ind = useLoad(() => api<Indicators>(`/api/evaluation/indicators${qs({ unitId, period })}`), key);
  const removed = useLoad(() => api<Removed>(`/api/evaluation/removed${qs({ unitId, period })}`), key);
  const labels = useMemo(
    () => ({ composite: t('ev.composite'), response: t('ev.responseRate'), resolution: t('ev.resolutionRate'), satisfaction: t('ev.satisfactionRate') }),
    [t],
  );
  const drill = (filter: string) => `/console/evaluation/drill${qs({ unitId, period, filter })}`;
  const s = score.data;
  const figure = (label: string, value: string, filter: string, def: string, testid: string) => (
    <div className="ev-figure">
      <span className="small">{label}</span>
      <Link className="value" to={drill(filter)} data-testid={testid}>
        {value}
      </Link>
      <span className="def">{def}</span>
    </div>
  );
  return (
    <div data-testid="score-card">
      <h1>
        {t('ev.scoreCard')} · {unit.data ? (locale === 'en' && unit.data.name_en ? unit.data.name_en : unit.data.name) : ''}
      </h1>
      <div className="ev-toolbar">
        <PeriodInput value={period} onChange={setPeriod} />
        <Link to={`/console/evaluation/reports/${unitId}${qs({ period })}`} data-testid="card-report">
          {t('ev.report')}
        </Link>
        {s && <span className="small muted">{t('ev.periodRange', { from: formatDate(s.periodStart, locale), to: formatDate(new Date(new Date(s.periodEnd).getTime() - 1), locale) })}</span>}
      </div>
      <ErrorBox error={score.error} />
      {!s && !score.error && <Loading />}
      {s && (
        <>
          <div className="ev-figures">
            {figure(t('ev.composite'), s.compositeScore.toFixed(2), 'all', t('ev.def.composite'), 'card-composite')}
            {figure(t('ev.responseRate'), pct(s.responseRate), 'not_contacted', t('ev.def.responseRate'), 'card-response')}
            {figure(t('ev.resolutionRate'), pct(s.resolutionRate), 'not_solved', t('ev.def.resolutionRate'), 'card-resolution')}
            {figure(t('ev.satisfactionRate'), pct(s.satisfactionRate), 'dissatisfied', t('ev.def.satisfactionRate'), 'card-satisfaction')}
          </div>
          <Card title={t('ev.counts')} testid="card-counts">
            <table className="table compact">
              <tbody>
                {(
                  [
                    ['ev.validCallbacks', s.validCallbacks, 'all', 'card-n'],
                    ['ev.contacted', s.contacted, 'contacted', 'card-contacted'],
                    ['ev.solved', s.solved, 'solved', 'card-solved'],
                    ['ev.satisfied', s.satisfied, 'satisfied', 'card-satisfied'],
                    ['ev.basicallySatisfied', s.basicallySatisfied, 'basically_satisfied', 'card-basic'],
                  ] as [MsgKey, number, string, string][]
                ).map(([k, v, f, id]) => (
                  <tr key={k}>
                    <th>{t(k)}</th>
                    <td>
                      <Link to={drill(f)} data-testid={id}>
                        {num(v)}
                      </Link>
                    </td>
                  </tr>
                ))}
                <tr>
                  <th>{t('ev.hotlineScore')}</th>
                  <td>{s.hotlineScore.toFixed(2)}</td>
                </tr>
                <tr>
                  <th>{t('ev.whistleScore')}</th>
                  <td>{s.whistleScore === null ? '—' : s.whistleScore.toFixed(2)}</td>
                </tr>
                <tr>
                  <th>{t('ev.policyVersion')}</th>
                  <td data-testid="card-policy">v{s.policyVersion}</td>
                </tr>
              </tbody>
            </table>
            <p className="small muted">{t('ev.def.counting')}</p>
          </Card>
        </>
      )}
      <Card title={t('ev.trend')} testid="card-trend">
        {trend.data ? (
          <Suspense fallback={<Loading />}>
            <TrendChart items={trend.data} labels={labels} />
          </Suspense>
        ) : (
          <Loading />
        )}
      </Card>
      <Card title={t('ev.indicators')} testid="card-indicators">
        <ErrorBox error={ind.error} />
        {ind.data && (
          <table className="table compact">
            <tbody>
              {ind.data.items.map((i) => (
                <tr key={i.key} data-testid={`ind-${i.key}`}>
                  <th>{t(`ind.${i.key}` as MsgKey)}</th>
                  <td>{i.value === null ? '—' : i.key === 'requestsPerThousand' ? i.value.toFixed(2) : pct(i.value)}</td>
                  <td className="small muted">
                    {i.numerator} / {i.denominator} · {t(`ind.${i.key}.def` as MsgKey)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
      {removed.data && removed.data.items.length > 0 && (
        <Card title={t('ev.removed')} testid="card-removed">
          <ul>
            {removed.data.items.map((r) => (
              <li key={r.orderId}>
                <Link to={`/console/orders/${r.orderId}`}>{r.code}</Link> {r.title} {r.reason ? `· ${r.reason}` : ''}
              </li>
            ))}
          </ul>
        </Card>
      )}
    </div>
  );
}
