import { lazy, Suspense, useMemo } from 'react';
import { api, qs } from '../../shared/api.ts';
import { Card, ErrorBox, Loading } from '../../shared/components.tsx';
import { formatDate } from '../../shared/format.ts';
import { useI18n, type MsgKey } from '../../shared/i18n.ts';
import { Link, navigate } from '../../shared/router.ts';
import type { Report } from '../../../server/modules/evaluation/report-queries.ts';
import { useLoad } from '../reference/ref-common.tsx';
import { currentMonth, num, PeriodInput, pct, RankChange } from './ev-common.tsx';

const TrendChart = lazy(() => import('./TrendChart.tsx'));

const signed = (x: number, f: (v: number) => string) => (x > 0 ? `+${f(x)}` : x < 0 ? `−${f(-x)}` : f(0));

/** The monthly report of a unit (a district's with its streets), with the PDF of the same figures. */
export function ReportPage({ unitId, initialPeriod }: { unitId: number; initialPeriod: string | null }) {
  const { t, locale } = useI18n();
  const period = initialPeriod ?? currentMonth();
  const report = useLoad(() => api<Report>(`/api/evaluation/reports/${unitId}${qs({ period })}`), `${unitId}|${period}`);
  const labels = useMemo(
    () => ({ composite: t('ev.composite'), response: t('ev.responseRate'), resolution: t('ev.resolutionRate'), satisfaction: t('ev.satisfactionRate') }),
    [t],
  );
  const r = report.data;
  const name = r ? (locale === 'en' && r.unit.nameEn ? r.unit.nameEn : r.unit.name) : '';
  const rateRow = (label: string, k: 'responseRate' | 'resolutionRate' | 'satisfactionRate', id: string) =>
    r && (
      <tr data-testid={`report-${id}`}>
        <th>{label}</th>
        <td>{pct(r.current[k])}</td>
        <td>{pct(r.previous[k])}</td>
        <td>{signed(r.change[k], pct)}</td>
      </tr>
    );
  return (
    <div data-testid="report">
      <h1>
        {t('ev.report')} · {name}
      </h1>
      <div className="ev-toolbar">
        <PeriodInput value={period} onChange={(p) => navigate(`/console/evaluation/reports/${unitId}${qs({ period: p })}`)} />
        <a href={`/api/evaluation/reports/${unitId}/report.pdf${qs({ period, lang: locale === 'en' ? 'en' : 'zh' })}`} download data-testid="report-pdf">
          {t('ev.downloadPdf')}
        </a>
        <Link to={`/console/evaluation/units/${unitId}${qs({ period })}`}>{t('ev.openCard')}</Link>
      </div>
      <ErrorBox error={report.error} />
      {!r && !report.error && <Loading />}
      {r && (
        <>
          <p className="small muted">
            {t('ev.periodRange', { from: formatDate(r.periodStart, locale), to: formatDate(new Date(new Date(r.periodEnd).getTime() - 1), locale) })} · {t('ev.policyVersion')} v{r.policyVersion}
          </p>
          <div className="ev-two">
            <Card title={t('ev.composite')} testid="report-figures">
              <table className="table compact">
                <thead>
                  <tr>
                    <th />
                    <th>{t('ev.thisPeriod')}</th>
                    <th>{t('ev.lastPeriod')}</th>
                    <th>{t('ev.changes')}</th>
                  </tr>
                </thead>
                <tbody>
                  <tr data-testid="report-composite">
                    <th>{t('ev.composite')}</th>
                    <td>{r.current.compositeScore.toFixed(2)}</td>
                    <td>{r.previous.compositeScore.toFixed(2)}</td>
                    <td>{signed(r.change.compositeScore, (x) => x.toFixed(2))}</td>
                  </tr>
                  {rateRow(t('ev.responseRate'), 'responseRate', 'response')}
                  {rateRow(t('ev.resolutionRate'), 'resolutionRate', 'resolution')}
                  {rateRow(t('ev.satisfactionRate'), 'satisfactionRate', 'satisfaction')}
                  <tr>
                    <th>{t('ev.validCallbacks')}</th>
                    <td>{num(r.current.validCallbacks)}</td>
                    <td>{num(r.previous.validCallbacks)}</td>
                    <td>{signed(r.current.validCallbacks - r.previous.validCallbacks, num)}</td>
                  </tr>
                </tbody>
              </table>
              <p data-testid="report-rank">
                {t('ev.rankInGroup')}（{t(`ev.group.${r.rank.group}` as MsgKey)}）：{r.rank.rank === null ? t('ev.unranked') : `${r.rank.rank} / ${r.rank.of}`} <RankChange v={r.rank.rankChange} />
              </p>
              <p className={r.lagging.lagging ? 'ev-lagging' : undefined} data-testid="report-lagging">
                {t('ev.laggingFlags')}：{r.lagging.lagging ? t('ev.lagging') : t('ev.notLagging')}
              </p>
            </Card>
            <Card title={t('ev.trend')}>
              <Suspense fallback={<Loading />}>
                <TrendChart items={r.trend} labels={labels} />
              </Suspense>
            </Card>
          </div>
          <Card title={t('ev.indicators')}>
            <table className="table compact">
              <tbody>
                {r.indicators.map((i) => (
                  <tr key={i.key}>
                    <th>{t(`ind.${i.key}` as MsgKey)}</th>
                    <td>{i.value === null ? '—' : i.key === 'requestsPerThousand' ? i.value.toFixed(2) : pct(i.value)}</td>
                    <td className="small muted">
                      {i.numerator} / {i.denominator} · {t(`ind.${i.key}.def` as MsgKey)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          <Card title={`${t('ev.sevenHaves')} · ${t('ev.fiveQualities')}`} actions={<Link to={`/console/evaluation/dimensions${qs({ unitId, period })}`}>{t('ev.dimensions')}</Link>}>
            <table className="table compact">
              <thead>
                <tr>
                  <th>{t('ev.dimension')}</th>
                  <th>{t('ev.volume')}</th>
                  <th>{t('ev.validCallbacks')}</th>
                  <th>{t('ev.satisfactionRate')}</th>
                </tr>
              </thead>
              <tbody>
                {r.dimensions.items.map((d) => (
                  <tr key={d.key}>
                    <th>{t(`dim.${d.key}` as MsgKey)}</th>
                    <td>{d.volume}</td>
                    <td>{d.validCallbacks}</td>
                    <td>{d.validCallbacks ? pct(d.satisfactionRate) : '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </Card>
          <div className="ev-two">
            <Card title={t('ev.worstCategories')} testid="report-worst">
              {r.worstCategories.length === 0 ? (
                <p>{t('ev.none')}</p>
              ) : (
                <table className="table compact">
                  <tbody>
                    {r.worstCategories.map((w) => (
                      <tr key={w.categoryCode}>
                        <th>
                          {w.categoryCode} {w.name}
                        </th>
                        <td>{w.validCallbacks}</td>
                        <td>{pct(w.satisfactionRate)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </Card>
            <Card title={t('ev.appealsInPeriod')} testid="report-appeals">
              {r.appeals.length === 0 ? (
                <p>{t('ev.none')}</p>
              ) : (
                <ul>
                  {r.appeals.map((a) => (
                    <li key={a.id}>
                      <Link to={`/console/orders/${a.orderId}`}>{a.code}</Link> · {t(`ev.status.${a.status}` as MsgKey)} · {t(`ev.outcome.${a.outcome}` as MsgKey)}
                    </li>
                  ))}
                </ul>
              )}
            </Card>
          </div>
          {r.streets.length > 0 && (
            <Card title={t('ev.streetsOfDistrict')} testid="report-streets">
              <div className="ev-scroll">
                <table className="table compact">
                  <thead>
                    <tr>
                      <th>{t('ev.rank')}</th>
                      <th>{t('ev.unit')}</th>
                      <th>{t('ev.composite')}</th>
                      <th>{t('ev.validCallbacks')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {r.streets.map((s) => (
                      <tr key={s.unitId} className={s.lagging ? 'ev-row-lagging' : undefined}>
                        <td>{s.rank ?? '—'}</td>
                        <td>
                          <Link to={`/console/evaluation/reports/${s.unitId}${qs({ period })}`}>{locale === 'en' && s.nameEn ? s.nameEn : s.name}</Link>
                        </td>
                        <td>{s.compositeScore.toFixed(2)}</td>
                        <td>{num(s.validCallbacks)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
          )}
        </>
      )}
    </div>
  );
}
