import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { ScoreView } from '../../../server/modules/evaluation/evaluation-schemas.ts';

echarts.use([LineChart, GridComponent, LegendComponent, TooltipComponent, SVGRenderer]);

/** Composite and the three rates over the periods; loaded on demand so the console's first page stays small. */
export default function TrendChart({ items, labels }: { items: ScoreView[]; labels: { composite: string; response: string; resolution: string; satisfaction: string } }) {
  const el = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!el.current) return;
    const chart = echarts.init(el.current, undefined, { renderer: 'svg' });
    const rate = (k: 'responseRate' | 'resolutionRate' | 'satisfactionRate') => items.map((i) => (i.validCallbacks ? Math.round(i[k] * 10000) / 100 : null));
    chart.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 28 },
      xAxis: { type: 'category', data: items.map((i) => i.period) },
      yAxis: { type: 'value', min: 0, max: 100 },
      series: [
        { name: labels.composite, type: 'line', data: items.map((i) => (i.validCallbacks ? i.compositeScore : null)), connectNulls: false },
        { name: labels.response, type: 'line', data: rate('responseRate') },
        { name: labels.resolution, type: 'line', data: rate('resolutionRate') },
        { name: labels.satisfaction, type: 'line', data: rate('satisfactionRate') },
      ],
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [items, labels]);
  return <div ref={el} className="ev-chart" data-testid="trend-chart" />;
}
