import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, TooltipComponent, SVGRenderer]);

export type WeeklySeries = { name: string; data: (number | null)[]; kind: 'bar' | 'line' | 'band'; color?: string; dashed?: boolean };

/** Weekly figures on one axis: bars for actuals, lines for forecasts, dashed lines for an interval. */
export default function WeeklyChart({ weeks, series, label, testid, marker }: { weeks: string[]; series: WeeklySeries[]; label: string; testid: string; marker?: string }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 12, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: weeks.map((w) => w.slice(5, 10)) },
      yAxis: { type: 'value', min: 0 },
      series: series.map((s, i) => ({
        name: s.name,
        type: s.kind === 'bar' ? 'bar' : 'line',
        data: s.data,
        color: s.color,
        lineStyle: s.dashed ? { type: 'dashed' } : undefined,
        symbol: s.kind === 'band' ? 'none' : undefined,
        ...(i === 0 && marker ? { markLine: { symbol: 'none', data: [{ xAxis: marker.slice(5, 10) }], label: { formatter: '' } } } : {}),
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [weeks, series, marker]);
  return <div ref={el} style={{ height: 260, width: '100%' }} data-testid={testid} role="img" aria-label={label} />;
}
