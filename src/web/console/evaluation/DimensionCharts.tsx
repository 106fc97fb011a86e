import { useEffect, useMemo, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { DimensionsView } from '../../../server/modules/evaluation/dimension-queries.ts';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

type Props = { view: DimensionsView; names: Record<string, string>; onPick: (dimension: string) => void };

function useChart(option: echarts.EChartsCoreOption, onClick?: (name: string) => void) {
  const el = useRef<HTMLDivElement>(null);
  const click = useRef(onClick);
  click.current = onClick;
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.setOption(option);
    chart.on('click', (p) => click.current?.(String((p as { name?: string }).name ?? '')));
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [option]);
  return el;
}

/** Requests per dimension (a click opens its orders) and their trend over twelve periods; loaded on demand. */
export default function DimensionCharts({ view, names, onPick }: Props) {
  const keys = useMemo(() => view.items.map((i) => i.key), [view]);
  const byName = Object.fromEntries(keys.map((k) => [names[k], k]));
  const bars = useMemo<echarts.EChartsCoreOption>(() => ({
    animation: false,
    tooltip: { trigger: 'axis' },
    grid: { left: 40, right: 12, top: 16, bottom: 64 },
    xAxis: { type: 'category', data: keys.map((k) => names[k]), axisLabel: { rotate: 45, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1 },
    series: [{ type: 'bar', data: view.items.map((i) => i.volume), itemStyle: { color: '#c8102e' } }],
  }), [view, names]);
  const lines = useMemo<echarts.EChartsCoreOption>(() => ({
    animation: false,
    tooltip: { trigger: 'axis' },
    legend: { top: 0, type: 'scroll' },
    grid: { left: 40, right: 12, top: 40, bottom: 28 },
    xAxis: { type: 'category', data: view.trend.map((p) => p.period) },
    yAxis: { type: 'value', minInterval: 1 },
    series: keys.map((k) => ({ name: names[k], type: 'line', data: view.trend.map((p) => p.dims[k].volume) })),
  }), [view, names]);
  const barEl = useChart(bars, (name) => byName[name] && onPick(byName[name]));
  const lineEl = useChart(lines);
  return (
    <>
      <div ref={barEl} className="ev-chart" data-testid="dim-bars" />
      <div ref={lineEl} className="ev-chart" data-testid="dim-trend" />
    </>
  );
}
