import { useMemo } from 'react';
import type { PublicDataBody } from '../../server/modules/analysis/public-data-routes.ts';
import { Card } from '../shared/components.tsx';
import { useI18n } from '../shared/i18n.ts';
import { EChart } from '../command-centre/charts/EChart.tsx';
import '../console/analysis/analysis.css';

type Count = PublicDataBody['byStreet'][number];

function bars(rows: Count[], en: boolean) {
  const r = [...rows].reverse();
  return {
    animation: false,
    tooltip: { trigger: 'axis' as const },
    grid: { left: 8, right: 32, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: 'value' as const, minInterval: 1 },
    yAxis: { type: 'category' as const, data: r.map((x) => (en ? (x.nameEn ?? x.name) : x.name)), axisLabel: { width: 120, overflow: 'truncate' as const } },
    series: [{ type: 'bar' as const, data: r.map((x) => x.count), itemStyle: { color: '#1d4f91' }, label: { show: true, position: 'right' as const } }],
  };
}

/** Volumes by category and by street, as bars (ECharts, loaded with the data). */
export default function PublicCharts({ data }: { data: PublicDataBody }) {
  const { t, locale } = useI18n();
  const en = locale === 'en';
  const categories = useMemo(() => bars(data.byCategory.slice(0, 15), en), [data, en]);
  const streets = useMemo(() => bars(data.byStreet, en), [data, en]);
  return (
    <div className="an-grid">
      <Card title={t('pd.byCategory')} testid="pd-categories">
        <EChart option={categories} height={Math.max(160, Math.min(15, data.byCategory.length) * 24 + 40)} label={t('pd.byCategory')} />
      </Card>
      <Card title={t('pd.byStreet')} testid="pd-streets">
        <EChart option={streets} height={Math.max(160, data.byStreet.length * 22 + 40)} label={t('pd.byStreet')} />
      </Card>
    </div>
  );
}
