import { lazy, Suspense, useState } from 'react';
import { Card, Loading } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { navigate, useLocation } from '../../shared/router.ts';
import { useActiveTaxonomy } from '../../shared/taxonomy.ts';
import { defaultPeriod, readQuery, toQs, type AnalysisQuery } from './analysis-query.ts';
import { RepeatsPanel } from './RepeatsPanel.tsx';
import './analysis.css';

// ECharts and Leaflet arrive with the first chart and the first map, not with the console.
const VolumeChart = lazy(() => import('./VolumeChart.tsx'));
const HotSpotMap = lazy(() => import('./HotSpotMap.tsx'));

/**
 * 诉求统计分析: volume by category, place, channel, request type and time, against last year; hot
 * spots on the map; repeated requests. The period and category live in the address.
 */
export function AnalysisPage() {
  const { t, locale } = useI18n();
  const { query: params } = useLocation();
  const fromUrl = readQuery(params);
  const period = defaultPeriod();
  const query: AnalysisQuery = { from: fromUrl.from ?? period.from, to: fromUrl.to ?? period.to, category: fromUrl.category };
  const [compare, setCompare] = useState(params.get('compare') === 'lastYear');
  const [place, setPlace] = useState<'street' | 'community' | 'grid'>('street');
  const [mapLevel, setMapLevel] = useState<'grid' | 'community'>('community');
  const taxonomy = useActiveTaxonomy();
  const tops = taxonomy?.items.filter((c) => !c.parent_code) ?? [];
  const long = query.from && query.to ? Date.parse(query.to) - Date.parse(query.from) > 92 * 86_400_000 : false;

  const set = (patch: AnalysisQuery & { compare?: string }) => navigate(`/console/analysis${toQs({ ...query, compare: compare ? 'lastYear' : undefined, ...patch } as AnalysisQuery)}`, { replace: true });
  const chart = (title: string, by: string, testid: string, kind: 'bar' | 'column' | 'line' = 'column', extra?: Record<string, string | number>) => (
    <VolumeChart title={title} by={by} query={query} compare={compare} kind={kind} testid={testid} extra={extra} />
  );

  return (
    <>
      <h1>{t('an.title')}</h1>
      <div className="an-controls" data-testid="analysis-controls">
        <label>
          {t('an.from')} <input type="date" value={query.from} max={query.to} onChange={(e) => e.target.value && set({ from: e.target.value })} data-testid="analysis-from" />
        </label>
        <label>
          {t('an.to')} <input type="date" value={query.to} min={query.from} onChange={(e) => e.target.value && set({ to: e.target.value })} data-testid="analysis-to" />
        </label>
        <label>
          {t('an.category')}{' '}
          <select value={query.category ?? ''} onChange={(e) => set({ category: e.target.value || undefined })} data-testid="analysis-category">
            <option value="">{t('an.allCategories')}</option>
            {tops.map((c) => (
              <option key={c.code} value={c.code}>
                {locale === 'en' ? (c.name_en ?? c.name) : c.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          <input
            type="checkbox"
            checked={compare}
            onChange={(e) => {
              setCompare(e.target.checked);
              set({ compare: e.target.checked ? 'lastYear' : undefined });
            }}
            data-testid="analysis-compare"
          />{' '}
          {t('an.compare')}
        </label>
      </div>
      <p className="muted small">{t('an.drillHint')}</p>
      <Suspense fallback={<Loading />}>
        <div className="an-grid">
          {chart(long ? t('an.byMonth') : t('an.byDay'), long ? 'month' : 'day', 'chart-time', 'line')}
          {chart(t('an.byCategory'), 'category', 'chart-category', 'bar', query.category ? undefined : { categoryLevel: 1 })}
          <div>
            <div className="an-controls">
              <label>
                {t('an.placeLevel')}{' '}
                <select value={place} onChange={(e) => setPlace(e.target.value as typeof place)} data-testid="analysis-place-level">
                  {(['street', 'community', 'grid'] as const).map((k) => (
                    <option key={k} value={k}>
                      {t(`an.level.${k}`)}
                    </option>
                  ))}
                </select>
              </label>
            </div>
            {chart(t('an.byPlace'), place, 'chart-place', 'bar')}
          </div>
          {chart(t('an.byChannel'), 'channel', 'chart-channel')}
          {chart(t('an.byRequestType'), 'requestType', 'chart-request-type')}
          {chart(t('an.byHour'), 'hour', 'chart-hour')}
          {chart(t('an.byWeekday'), 'weekday', 'chart-weekday')}
        </div>
        <Card title={t('an.hotspots')} testid="analysis-hotspots">
          <div className="an-controls">
            <label>
              {t('an.placeLevel')}{' '}
              <select value={mapLevel} onChange={(e) => setMapLevel(e.target.value as typeof mapLevel)} data-testid="analysis-map-level">
                <option value="community">{t('an.level.community')}</option>
                <option value="grid">{t('an.level.grid')}</option>
              </select>
            </label>
            <span className="muted small">{t('an.hotspotsHint')}</span>
          </div>
          <HotSpotMap level={mapLevel} query={query} label={t('an.hotspots')} />
        </Card>
      </Suspense>
      <Card title={t('an.repeats')} testid="analysis-repeats-card">
        <RepeatsPanel query={query} />
      </Card>
    </>
  );
}
