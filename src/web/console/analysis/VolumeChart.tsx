import { useMemo } from 'react';
import type { VolumeBody } from '../../../server/modules/analysis/analysis-schemas.ts';
import { Card, ErrorBox, Loading } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import { Link, navigate } from '../../shared/router.ts';
import { EChart } from '../../command-centre/charts/EChart.tsx';
import { useJson } from './use-json.ts';
import { drillFilter, ordersPath, toQs, type AnalysisQuery } from './analysis-query.ts';

const BLUE = '#1d4f91';
const GREY = '#9aa5b1';

type Props = { title: string; by: string; query: AnalysisQuery; compare: boolean; kind?: 'bar' | 'column' | 'line'; limit?: number; extra?: Record<string, string | number>; testid: string };

/**
 * One dimension of the volume as a chart, with last year beside it when asked, and a table of
 * the same figures under it: a bar, a point or a row opens the orders behind it.
 */
export default function VolumeChart({ title, by, query, compare, kind = 'column', limit = 20, extra, testid }: Props) {
  const { t, locale } = useI18n();
  const { data, error } = useJson<VolumeBody>(`/api/analysis/volume${toQs({ ...query, by, compare: compare ? 'lastYear' : undefined, ...extra } as AnalysisQuery)}`);

  const items = useMemo(() => (data ? (kind === 'line' ? data.items : data.items.slice(0, limit)) : []), [data, kind, limit]);
  const name = (i: VolumeBody['items'][number]) => (locale === 'en' ? (i.nameEn ?? i.name) : i.name);
  const option = useMemo(() => {
    const names = items.map(name);
    const horizontal = kind === 'bar';
    const series = [
      { name: t('an.thisPeriod'), type: kind === 'line' ? ('line' as const) : ('bar' as const), data: items.map((i) => i.count), itemStyle: { color: BLUE } },
      ...(compare ? [{ name: t('an.lastYear'), type: kind === 'line' ? ('line' as const) : ('bar' as const), data: items.map((i) => i.lastYear ?? 0), itemStyle: { color: GREY } }] : []),
    ];
    const cat = { type: 'category' as const, data: horizontal ? [...names].reverse() : names, axisLabel: { width: 110, overflow: 'truncate' as const } };
    const val = { type: 'value' as const, minInterval: 1 };
    return {
      animation: false,
      tooltip: { trigger: 'axis' as const },
      legend: compare ? { top: 0 } : undefined,
      grid: { left: 8, right: 16, top: compare ? 28 : 12, bottom: 8, containLabel: true },
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? cat : val,
      series: horizontal ? series.map((s) => ({ ...s, data: [...s.data].reverse() })) : series,
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [items, compare, kind, locale, t]);

  const open = (key: string | number | null) => {
    const f = drillFilter(query, by, key);
    if (f) navigate(ordersPath(f));
  };
  const pickIndex = (p: { dataIndex?: number }) => {
    if (p.dataIndex === undefined) return;
    const i = kind === 'bar' ? items.length - 1 - p.dataIndex : p.dataIndex;
    if (items[i]) open(items[i].key);
  };
  const height = kind === 'bar' ? Math.max(160, items.length * 26 + 40) : 240;

  return (
    <Card title={data ? `${title} · ${compare && data.compare ? t('an.totalCompare', { n: data.total, m: data.compare.total }) : t('an.total', { n: data.total })}` : title} testid={testid}>
      <ErrorBox error={error} />
      {!data ? (
        !error && <Loading />
      ) : data.total === 0 && !(data.compare?.total) ? (
        <p className="empty">{t('an.empty')}</p>
      ) : (
        <>
          <EChart option={option} height={height} label={title} onClick={(p) => pickIndex(p as { dataIndex?: number })} testid={`${testid}-chart`} />
          <details className="an-table">
            <summary>{t('an.drillHint')}</summary>
            <div className="table-wrap">
              <table className="table">
                <tbody>
                  {items.filter((i) => i.count > 0).map((i) => {
                    const f = drillFilter(query, by, i.key);
                    return (
                      <tr key={String(i.key)} data-testid={`${testid}-row`} data-key={String(i.key)}>
                        <td>{f ? <Link to={ordersPath(f)}>{i.key === null ? t('an.unknown') : name(i)}</Link> : t('an.unknown')}</td>
                        <td className="num">{i.count}</td>
                        {compare && <td className="num muted">{i.lastYear ?? 0}</td>}
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          </details>
        </>
      )}
    </Card>
  );
}
