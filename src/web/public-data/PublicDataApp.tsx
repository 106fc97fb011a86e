import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import type { PublicDataBody, PublicNoticeBody } from '../../server/modules/analysis/public-data-routes.ts';
import { qs } from '../shared/api.ts';
import { useJson } from '../console/analysis/use-json.ts';
import { Brand, Card, ErrorBox, LangToggle, Loading } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';

const PublicCharts = lazy(() => import('./PublicCharts.tsx'));
const PublicMap = lazy(() => import('./PublicMap.tsx'));
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/** 公开数据: the month's aggregates for anyone, when the platform publishes them (SHAOBAO_PUBLIC_DATA=on). */
export function PublicDataApp() {
  const { t, locale } = useI18n();
  const [month, setMonth] = useState<string | null>(() => new URLSearchParams(location.search).get('month'));
  const [street, setStreet] = useState<number | null>(null);
  const { data, error } = useJson<PublicDataBody>(`/api/public/data${qs({ month: month ?? undefined })}`);
  const { data: notice, error: noticeError } = useJson<PublicNoticeBody>(street && data ? `/api/public/notices/${street}${qs({ month: data.month })}` : null);

  useEffect(() => {
    document.title = `${t('pd.title')} — ${t('brand')}`;
  }, [t]);
  const name = (x: { name: string; nameEn: string | null }) => (locale === 'en' ? (x.nameEn ?? x.name) : x.name);
  const ranked = useMemo(() => (data ? [...data.rates].sort((a, b) => (a.rank ?? 1e9) - (b.rank ?? 1e9)) : []), [data]);

  return (
    <div className="app">
      <header className="topbar">
        <Brand title={`${t('brand')} · ${t('pd.title')}`} />
        <div className="userbox">
          <LangToggle />
        </div>
      </header>
      <main className="content">
        <h1>{data ? t('pd.total', { month: data.month, n: data.total }) : t('pd.title')}</h1>
        <p className="muted small" data-testid="pd-intro">
          {t('pd.intro', { n: data?.map.minCell ?? 3 })}
        </p>
        <label>
          {t('pd.month')} <input type="month" value={month ?? data?.month ?? ''} onChange={(e) => e.target.value && setMonth(e.target.value)} data-testid="pd-month" />
        </label>
        <ErrorBox error={error ?? noticeError} />
        {!data ? (
          !error && <Loading />
        ) : (
          <Suspense fallback={<Loading />}>
            <PublicCharts data={data} />
            <Card title={t('pd.map')} testid="pd-map">
              <PublicMap data={data} label={t('pd.map')} />
            </Card>
            <Card title={t('pd.rates')} testid="pd-rates">
              <div className="table-wrap">
                <table className="table">
                  <thead>
                    <tr>
                      <th>{t('pd.rank')}</th>
                      <th>{t('pd.street')}</th>
                      <th className="num">{t('cc.rateResponse')}</th>
                      <th className="num">{t('cc.rateResolution')}</th>
                      <th className="num">{t('cc.rateSatisfaction')}</th>
                      <th className="num">{t('cc.rateComposite')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {ranked.map((r) => (
                      <tr key={r.unitId}>
                        <td>{r.rank ?? '—'}</td>
                        <td>{name(r)}</td>
                        <td className="num">{r.validCallbacks ? pct(r.responseRate) : '—'}</td>
                        <td className="num">{r.validCallbacks ? pct(r.resolutionRate) : '—'}</td>
                        <td className="num">{r.validCallbacks ? pct(r.satisfactionRate) : '—'}</td>
                        <td className="num">{r.validCallbacks ? r.compositeScore.toFixed(2) : '—'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </Card>
            <Card title={t('pd.notices')} testid="pd-notices">
              <select aria-label={t('pd.pickStreet')} value={street ?? ''} onChange={(e) => setStreet(e.target.value ? Number(e.target.value) : null)} data-testid="pd-street">
                <option value="">{t('pd.pickStreet')}</option>
                {data.byStreet.map((s) => (
                  <option key={s.key} value={s.key}>
                    {name(s)}
                  </option>
                ))}
              </select>
              {street && notice && (
                <p className="pd-notice" data-testid="pd-notice" lang="zh-CN">
                  {notice.text}
                </p>
              )}
            </Card>
          </Suspense>
        )}
      </main>
    </div>
  );
}
