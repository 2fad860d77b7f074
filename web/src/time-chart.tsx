// A time series chart (uPlot): one line per series over the same time axis.
import { useEffect, useMemo, useRef } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly values: readonly (number | null)[];
}

export function TimeChart(props: {
  title: string;
  /** Epoch seconds. */
  times: readonly number[];
  series: readonly Series[];
  /** How a value reads on the axis and in the legend (default: the number and `unit`). */
  format?: (value: number) => string;
  unit?: string;
  testId?: string;
}) {
  const host = useRef<HTMLDivElement>(null);
  const chart = useRef<uPlot | null>(null);
  const labels = props.series.map((s) => `${s.label}:${s.color}`).join('|');
  const data = useMemo(
    () => [[...props.times], ...props.series.map((s) => [...s.values])] as uPlot.AlignedData,
    [props.times, props.series],
  );
  // The chart is built once per set of series; a refresh only hands it new data (no flicker).
  useEffect(() => {
    const element = host.current;
    if (!element) return undefined;
    const unit = props.unit ?? '';
    const format = props.format ?? ((v: number) => `${v}${unit}`);
    const built = new uPlot(
      {
        width: Math.max(320, element.clientWidth),
        height: 220,
        series: [
          {},
          ...props.series.map((s) => ({
            label: s.label,
            stroke: s.color,
            width: 2,
            // A run that fits in one bucket is one point: draw the points, not only the lines between.
            points: { show: true, size: 5 },
            spanGaps: true,
            value: (_u: uPlot, v: number | null) => (v === null ? '–' : format(v)),
          })),
        ],
        axes: [{}, { values: (_u: uPlot, ticks: number[]) => ticks.map(format), size: 80 }],
        scales: { x: { time: true } },
      },
      data,
      element,
    );
    chart.current = built;
    const resize = () => built.setSize({ width: Math.max(320, element.clientWidth), height: 220 });
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      built.destroy();
      chart.current = null;
    };
    // Rebuilt only when the series themselves change; data changes go through setData below.
  }, [labels, props.unit, props.format]);
  useEffect(() => {
    chart.current?.setData(data);
  }, [data]);
  const summary = props.series
    .map((s) => `${s.label}: total ${s.values.reduce<number>((n, v) => n + (v ?? 0), 0)}`)
    .join('; ');
  return (
    <figure class="chart" data-testid={props.testId}>
      <figcaption>{props.title}</figcaption>
      <div ref={host} role="img" aria-label={`${props.title}. ${summary}`} />
    </figure>
  );
}
