import { useEffect, useId, useRef } from 'react';
import * as echarts from 'echarts/core';
import { BarChart, LineChart } from 'echarts/charts';
import { AriaComponent, GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

// Only what the dashboard draws: bars and lines, on a grid, as SVG.
echarts.use([BarChart, LineChart, GridComponent, TooltipComponent, LegendComponent, AriaComponent, SVGRenderer]);

export interface SeriesSpec {
  name: string;
  data: (number | null)[];
  type?: 'bar' | 'line';
  stack?: string;
  color?: string;
}

/**
 * One chart, with its figures also in a table for screen readers (the drawing is aria-hidden).
 * `percent` shows 0..1 values as percentages.
 */
export function Chart({ title, categories, series, percent = false, height = 260 }: { title: string; categories: string[]; series: SeriesSpec[]; percent?: boolean; height?: number }) {
  const ref = useRef<HTMLDivElement>(null);
  const id = useId();
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
  const fmt = (v: number | null) => (v == null ? '—' : percent ? `${Math.round(v * 1000) / 10}%` : String(v));
  return (
    <figure className="chart" aria-labelledby={id}>
      <figcaption id={id}>{title}</figcaption>
      <div ref={ref} style={{ height }} aria-hidden="true" data-testid="chart" />
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">—</th>
            {series.map((s) => (
              <th key={s.name} scope="col">
                {s.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {categories.map((c, i) => (
            <tr key={c}>
              <th scope="row">{c}</th>
              {series.map((s) => (
                <td key={s.name}>{fmt(s.data[i])}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
