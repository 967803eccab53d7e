import { useEffect, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';
import type { SeriesSpec } from './Chart';

// Only what the dashboard draws: bars and lines, on a grid, as SVG.
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

/** The drawing of one chart (ECharts, a lazy chunk of its own so the console's first screen does not wait for it); aria-hidden, the table beside it carries the figures. */
export default function ChartCanvas({ categories, series, percent, height }: { categories: string[]; series: SeriesSpec[]; percent: boolean; height: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!ref.current) return;
    const chart = echarts.init(ref.current, undefined, { renderer: 'svg' });
    chart.setOption({
      animation: false,
      aria: { enabled: false },
      grid: { left: 56, right: 16, top: 36, bottom: 28 },
      legend: { top: 0, type: 'scroll' },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => (percent && v != null ? `${Math.round(v * 1000) / 10}%` : String(v)) },
      xAxis: { type: 'category', data: categories },
      yAxis: percent ? { type: 'value', max: 1, axisLabel: { formatter: (v: number) => `${Math.round(v * 100)}%` } } : { type: 'value', minInterval: 1 },
      series: series.map((s) => ({ name: s.name, type: s.type ?? 'bar', stack: s.stack, data: s.data, barMaxWidth: 36, ...(s.color ? { itemStyle: { color: s.color } } : {}), connectNulls: true })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [categories, series, percent]);
  return <div ref={ref} style={{ height }} aria-hidden="true" data-testid="chart" />;
}
