import { useEffect, useMemo, useState } from 'react';
import { api, qs } from '../../shared/api.ts';
import { Card } from '../../shared/components.tsx';
import { useI18n } from '../../shared/i18n.ts';
import type { BoardOrder, Summary } from '../summary-types.ts';
import { EChart } from './EChart.tsx';
import { echarts } from './echarts-setup.ts';

type Props = { summary: Summary; emergencies: BoardOrder[]; onPickArea: (id: number) => void };
type FC = { type: 'FeatureCollection'; features: { properties: { id: number; name: string } }[] };

const BLUE = '#1d4f91';
const RED = '#c8161d';
const GREEN = '#1a7f37';

/** Trend, categories and the map: ECharts, loaded with this chunk only when the board opens. */
export default function BoardCharts({ summary, emergencies, onPickArea }: Props) {
  const { t, locale } = useI18n();
  const en = locale === 'en';

  const trend = useMemo(
    () => ({
      tooltip: { trigger: 'axis' as const },
      legend: { data: [t('cc.trendReceived'), t('cc.trendClosed')], top: 0 },
      grid: { left: 40, right: 16, top: 32, bottom: 28 },
      xAxis: { type: 'category' as const, data: summary.trend.map((d) => d.date.slice(5)) },
      yAxis: { type: 'value' as const, minInterval: 1 },
      series: [
        { name: t('cc.trendReceived'), type: 'line' as const, data: summary.trend.map((d) => d.received), itemStyle: { color: BLUE }, areaStyle: { opacity: 0.12 } },
        { name: t('cc.trendClosed'), type: 'line' as const, data: summary.trend.map((d) => d.closed), itemStyle: { color: GREEN } },
      ],
    }),
    [summary.trend, t],
  );

  const categories = useMemo(() => {
    const rows = [...summary.categories].reverse();
    return {
      tooltip: { trigger: 'axis' as const, axisPointer: { type: 'shadow' as const } },
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      xAxis: { type: 'value' as const, minInterval: 1 },
      yAxis: { type: 'category' as const, data: rows.map((c) => (en ? (c.nameEn ?? c.name) : c.name)), axisLabel: { width: 120, overflow: 'truncate' as const } },
      series: [{ type: 'bar' as const, data: rows.map((c) => c.count), itemStyle: { color: BLUE }, label: { show: true, position: 'right' as const } }],
    };
  }, [summary.categories, en]);

  return (
    <div className="cc-charts">
      <Card title={t('cc.trend')} testid="cc-trend">
        <EChart option={trend} height={260} label={t('cc.trend')} testid="cc-trend-chart" />
      </Card>
      <Card title={t('cc.categories')} testid="cc-categories">
        {summary.categories.length ? <EChart option={categories} height={260} label={t('cc.categories')} /> : <p className="empty">{t('cc.noCategories')}</p>}
      </Card>
      <AreaMap summary={summary} emergencies={emergencies} onPickArea={onPickArea} />
    </div>
  );
}

const maps = new Map<string, Promise<string>>();
/** Unit names by id of each registered set: ECharts matches a map's data to polygons by name. */
const namesOf = new Map<string, Map<number, string>>();
/** Registers the polygons the geography API serves as an ECharts map, once per set. */
function registerAreas(kind: string, parentId: number | null): Promise<string> {
  const name = `cc-${kind}-${parentId ?? 'all'}`;
  let p = maps.get(name);
  if (!p) {
    p = api<FC>(`/api/geo/features${qs({ kind, parentId: parentId ?? undefined })}`).then((fc) => {
      echarts.registerMap(name, fc as unknown as Parameters<typeof echarts.registerMap>[1]);
      namesOf.set(name, new Map(fc.features.map((f) => [f.properties.id, f.properties.name])));
      return name;
    });
    p.catch(() => maps.delete(name));
    maps.set(name, p);
  }
  return p;
}

function AreaMap({ summary, emergencies, onPickArea }: Props) {
  const { t } = useI18n();
  const { parentId } = summary.areas;
  // The areas the board is cut by, or its grids coloured by the last week's intake.
  const [layer, setLayer] = useState<'areas' | 'grid'>('areas');
  const kind = layer === 'grid' ? 'grid' : summary.areas.kind;
  const [mapName, setMapName] = useState<string | null>(null);
  const items = useMemo(() => {
    if (layer === 'areas') return summary.areas.items;
    const names = mapName ? namesOf.get(mapName) : undefined;
    const counts = new Map(summary.grids.items.map((g) => [g.id, g]));
    return [...(names ?? new Map<number, string>())].map(([id, name]) => ({ id, name, nameEn: null, today: counts.get(id)?.today ?? 0, window: counts.get(id)?.count ?? 0, open: 0 }));
  }, [layer, mapName, summary.areas.items, summary.grids.items]);

  useEffect(() => {
    let alive = true;
    setMapName(null);
    registerAreas(kind, parentId)
      .then((n) => alive && setMapName(n))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, [kind, parentId]);

  const option = useMemo(() => {
    if (!mapName) return null;
    const max = Math.max(1, ...items.map((a) => a.window));
    const markers = emergencies.filter((o) => o.lon !== null && o.lat !== null);
    return {
      tooltip: {
        trigger: 'item' as const,
        formatter: (p: { seriesType?: string; name: string; data?: { today?: number; value?: number; open?: number; code?: string; title?: string } }) =>
          p.seriesType === 'effectScatter'
            ? `${p.data?.code ?? ''} ${p.data?.title ?? ''}`
            : `${p.name}<br/>${t('cc.areaToday')} ${p.data?.today ?? 0} · ${t('cc.areaWindow')} ${p.data?.value ?? 0} · ${t('cc.areaOpen')} ${p.data?.open ?? 0}`,
      },
      visualMap: { min: 0, max, left: 8, bottom: 8, calculable: false, inRange: { color: ['#eef3fb', '#8fb0e0', BLUE] }, seriesIndex: 0, itemWidth: 12, itemHeight: 80 },
      geo: { map: mapName, roam: true, label: { show: items.length <= 20, fontSize: 11 }, itemStyle: { borderColor: '#5f6b7a', borderWidth: 0.6 }, emphasis: { label: { show: true } } },
      series: [
        {
          type: 'map' as const,
          geoIndex: 0,
          data: items.map((a) => ({ name: a.name, value: a.window, today: a.today, open: a.open, id: a.id })),
        },
        {
          type: 'effectScatter' as const,
          coordinateSystem: 'geo' as const,
          symbolSize: 12,
          rippleEffect: { scale: 3.5, brushType: 'stroke' as const },
          itemStyle: { color: RED },
          zlevel: 1,
          data: markers.map((o) => ({ name: o.code, value: [o.lon!, o.lat!], code: o.code, title: o.title })),
        },
      ],
    };
  }, [mapName, items, emergencies, t]);

  const title = `${t('cc.map')} · ${kind === 'grid' ? t('cc.mapGrids', { n: summary.grids.days }) : kind === 'street' ? t('cc.mapStreets') : t('cc.mapCommunities')}`;
  return (
    <Card
      title={title}
      testid="cc-map"
      actions={
        <select aria-label={t('cc.mapLayer')} value={layer} onChange={(e) => setLayer(e.target.value as 'areas' | 'grid')} data-testid="cc-map-layer">
          <option value="areas">{summary.areas.kind === 'street' ? t('cc.mapStreets') : t('cc.mapCommunities')}</option>
          <option value="grid">{t('cc.mapGrids', { n: summary.grids.days })}</option>
        </select>
      }
    >
      {option ? (
        <EChart
          option={option}
          height={420}
          label={title}
          testid="cc-map-chart"
          onClick={(p) => {
            const id = (p.data as { id?: number } | undefined)?.id;
            if (kind === 'street' && typeof id === 'number') onPickArea(id);
          }}
        />
      ) : (
        <div style={{ height: 420 }} className="muted small">
          {t('common.loading')}
        </div>
      )}
    </Card>
  );
}
