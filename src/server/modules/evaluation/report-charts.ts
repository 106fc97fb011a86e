import * as echarts from 'echarts';
import type { Report } from './report-queries.ts';

/**
 * The report's charts as SVG, drawn by ECharts' server-side renderer (no DOM, no canvas), for the
 * PDF. The console draws the same series with the browser renderer.
 */

const COLORS = ['#c8102e', '#1f5fa8', '#2e8b57', '#d98c00', '#6b4fa0'];

function svg(width: number, height: number, option: echarts.EChartsOption): string {
  const chart = echarts.init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({ animation: false, color: COLORS, textStyle: { fontFamily: 'sans-serif', fontSize: 11 }, ...option });
    return chart.renderToSVGString();
  } finally {
    chart.dispose();
  }
}

export type ChartLabels = { composite: string; response: string; resolution: string; satisfaction: string; volume: string };

/** Composite and the three rates (in %) over twelve periods. */
export function trendSvg(report: Report, labels: ChartLabels, width = 500, height = 230): string {
  const rate = (k: 'responseRate' | 'resolutionRate' | 'satisfactionRate') => report.trend.map((s) => (s.validCallbacks ? Math.round(s[k] * 10000) / 100 : null));
  return svg(width, height, {
    legend: { top: 0, textStyle: { fontSize: 10 } },
    grid: { left: 36, right: 12, top: 30, bottom: 24 },
    xAxis: { type: 'category', data: report.trend.map((s) => s.period.slice(2)), axisLabel: { fontSize: 9 } },
    yAxis: { type: 'value', min: 0, max: 100, axisLabel: { fontSize: 9 } },
    series: [
      { name: labels.composite, type: 'line', data: report.trend.map((s) => (s.validCallbacks ? s.compositeScore : null)), lineStyle: { width: 3 } },
      { name: labels.response, type: 'line', data: rate('responseRate') },
      { name: labels.resolution, type: 'line', data: rate('resolutionRate') },
      { name: labels.satisfaction, type: 'line', data: rate('satisfactionRate') },
    ],
  });
}

/** Requests per livelihood dimension. */
export function dimensionsSvg(report: Report, names: Record<string, string>, labels: ChartLabels, width = 500, height = 200): string {
  return svg(width, height, {
    grid: { left: 36, right: 12, top: 20, bottom: 48 },
    legend: { show: false },
    xAxis: { type: 'category', data: report.dimensions.items.map((d) => names[d.key]), axisLabel: { fontSize: 9, rotate: 35, interval: 0 } },
    yAxis: { type: 'value', minInterval: 1, axisLabel: { fontSize: 9 } },
    series: [{ name: labels.volume, type: 'bar', data: report.dimensions.items.map((d) => d.volume), label: { show: true, position: 'top', fontSize: 9 } }],
  });
}
