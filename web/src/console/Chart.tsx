import { lazy, Suspense, useId } from 'react';

// ECharts comes in a chunk of its own, loaded when the first chart is drawn.
const ChartCanvas = lazy(() => import('./ChartCanvas'));

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
  const id = useId();
  const fmt = (v: number | null) => (v == null ? '—' : percent ? `${Math.round(v * 1000) / 10}%` : String(v));
  return (
    <figure className="chart" aria-labelledby={id}>
      <figcaption id={id}>{title}</figcaption>
      <Suspense fallback={<div style={{ height }} aria-hidden="true" />}>
        <ChartCanvas categories={categories} series={series} percent={percent} height={height} />
      </Suspense>
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
