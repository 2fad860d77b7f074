// The soak run's arithmetic, apart from the processes: events into windows, latency percentiles per
// window, memory samples per window, and the verdict on the steady state (the last half of the windows).
import { percentile } from '../percentile.ts';

/** One completed event, as the store records it: epoch milliseconds. */
export interface Completion {
  readonly receivedAt: number;
  readonly completedAt: number;
}

/** Resident memory of every process at one moment, in bytes; a process that had gone is absent. */
export interface RssSample {
  /** Milliseconds since the offered load started (negative: before). */
  readonly atMs: number;
  readonly bytes: Readonly<Record<string, number>>;
}

export interface LatencyFigures {
  readonly completed: number;
  readonly p50: number | null;
  readonly p99: number | null;
  readonly max: number | null;
}

export interface Window extends LatencyFigures {
  /** `load` windows split the offered load; the `drain` window is what completed after it stopped. */
  readonly kind: 'load' | 'drain';
  readonly fromS: number;
  readonly toS: number;
  readonly eventsPerSecond: number;
  /** The last sample taken in the window, MB per process (Ledgerline's and the ERP's). */
  readonly rssMb: Readonly<Record<string, number>>;
  /** The sum over Ledgerline's processes (not the ERP), MB. */
  readonly ledgerlineRssMb: number | null;
}

const mb = (bytes: number) => Math.round((bytes / 2 ** 20) * 10) / 10;

export function latencyFigures(completions: readonly Completion[]): LatencyFigures {
  const sorted = completions.map((c) => c.completedAt - c.receivedAt).sort((a, b) => a - b);
  if (sorted.length === 0) return { completed: 0, p50: null, p99: null, max: null };
  return {
    completed: sorted.length,
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? null,
  };
}

/**
 * Splits completions (by when they completed) into windows of `windowS` seconds from `loadStart` to
 * `loadEnd` (epoch ms), and one drain window after it; attaches the last memory sample of each window.
 */
export function windowsOf(
  completions: readonly Completion[],
  samples: readonly RssSample[],
  options: {
    readonly loadStart: number;
    readonly loadEnd: number;
    readonly windowS: number;
    readonly drainEnd: number;
    readonly ledgerline: readonly string[];
  },
): Window[] {
  const { loadStart, loadEnd, windowS, drainEnd, ledgerline } = options;
  const loadWindows = Math.max(1, Math.ceil((loadEnd - loadStart) / (windowS * 1000)));
  const buckets: Completion[][] = Array.from({ length: loadWindows + 1 }, () => []);
  for (const c of completions) {
    if (c.completedAt < loadStart) continue;
    const index =
      c.completedAt >= loadEnd
        ? loadWindows
        : Math.min(loadWindows - 1, Math.floor((c.completedAt - loadStart) / (windowS * 1000)));
    buckets[index]?.push(c);
  }
  return buckets.map((bucket, i) => {
    const drain = i === loadWindows;
    const fromS = drain ? (loadEnd - loadStart) / 1000 : i * windowS;
    const toS = drain
      ? Math.max(fromS, (drainEnd - loadStart) / 1000)
      : Math.min((i + 1) * windowS, (loadEnd - loadStart) / 1000);
    const inWindow = samples.filter((s) => s.atMs >= fromS * 1000 && s.atMs <= toS * 1000);
    const last = inWindow.at(-1);
    const rssMb = Object.fromEntries(Object.entries(last?.bytes ?? {}).map(([k, v]) => [k, mb(v)]));
    const ours = ledgerline.map((name) => last?.bytes[name]);
    const seconds = toS - fromS;
    return {
      kind: drain ? 'drain' : 'load',
      fromS: Math.round(fromS * 10) / 10,
      toS: Math.round(toS * 10) / 10,
      ...latencyFigures(bucket),
      eventsPerSecond: seconds > 0 ? Math.round(bucket.length / seconds) : 0,
      rssMb,
      ledgerlineRssMb: ours.some((b) => b === undefined)
        ? null
        : mb(ours.reduce<number>((sum, b) => sum + (b ?? 0), 0)),
    };
  });
}

export interface Verdict {
  /** The load windows that count as the steady state: the last half of them. */
  readonly steadyWindows: number;
  readonly throughput: {
    readonly offeredPerSecond: number;
    readonly completedPerSecond: number;
    readonly keptUp: boolean;
  };
  readonly latency: {
    readonly firstP99: number | null;
    readonly lastP99: number | null;
    readonly bestP99: number | null;
    readonly worstP99: number | null;
    readonly steadyP50: number | null;
    readonly steadyP99: number | null;
    readonly steadyMax: number | null;
    readonly shape: LatencyShape;
  };
  readonly rss: {
    readonly firstMb: number | null;
    readonly lastMb: number | null;
    readonly growthMb: number | null;
    readonly growthPercent: number | null;
    readonly flat: boolean;
  };
  readonly summary: string;
}

/**
 * The steady windows' p99: `grows` when the last is beyond 25 % (or 5 ms) of the first; else `varies` when
 * the worst is beyond that of the best; else `flat`. One window is `too short` to tell.
 */
export type LatencyShape = 'flat' | 'varies' | 'grows' | 'too short';
const latencyWords: Record<LatencyShape, string> = {
  flat: 'latency flat',
  varies: 'latency NOT flat: it varies from window to window',
  grows: 'latency GROWS',
  'too short': 'latency: one steady window, too short to judge',
};

export const latencyTolerance = { ratio: 1.25, ms: 5 };
/** Memory is flat when Ledgerline's total RSS grew by at most 10 % (or 8 MB) across the steady state. */
export const rssTolerance = { ratio: 0.1, mb: 8 };
/** The steady state keeps up when it completes at least 97 % of the offered rate. */
export const keptUpRatio = 0.97;

export function verdictOf(
  windows: readonly Window[],
  steadyCompletions: readonly Completion[],
  rate: number,
): Verdict {
  const load = windows.filter((w) => w.kind === 'load');
  const steady = load.slice(Math.floor(load.length / 2));
  const first = steady[0];
  const last = steady.at(-1);
  const seconds = steady.reduce((sum, w) => sum + (w.toS - w.fromS), 0);
  const completedPerSecond =
    seconds > 0 ? Math.round(steady.reduce((sum, w) => sum + w.completed, 0) / seconds) : 0;
  const keptUp = completedPerSecond >= rate * keptUpRatio;
  const all = latencyFigures(steadyCompletions);
  const p99s = steady.map((w) => w.p99).filter((p): p is number => p !== null);
  const firstP99 = first?.p99 ?? null;
  const lastP99 = last?.p99 ?? null;
  const within = (value: number, base: number) =>
    value <= Math.max(base * latencyTolerance.ratio, base + latencyTolerance.ms);
  const bestP99 = p99s.length > 0 ? Math.min(...p99s) : null;
  const worstP99 = p99s.length > 0 ? Math.max(...p99s) : null;
  const latencyShape: LatencyShape =
    p99s.length < 2 || firstP99 === null || lastP99 === null || bestP99 === null || worstP99 === null
      ? 'too short'
      : !within(lastP99, firstP99)
        ? 'grows'
        : !within(worstP99, bestP99)
          ? 'varies'
          : 'flat';
  const firstMb = first?.ledgerlineRssMb ?? null;
  const lastMb = last?.ledgerlineRssMb ?? null;
  const growthMb = firstMb === null || lastMb === null ? null : Math.round((lastMb - firstMb) * 10) / 10;
  const growthPercent =
    growthMb === null || firstMb === null || firstMb === 0
      ? null
      : Math.round((growthMb / firstMb) * 1000) / 10;
  const rssFlat =
    steady.length >= 2 &&
    growthMb !== null &&
    firstMb !== null &&
    growthMb <= Math.max(firstMb * rssTolerance.ratio, rssTolerance.mb);
  const parts = [
    keptUp
      ? `kept up (${completedPerSecond} of ${rate} events/s completed)`
      : `did NOT keep up (${completedPerSecond} of ${rate} events/s completed: the backlog grew)`,
    `${latencyWords[latencyShape]} (window p99 first ${firstP99 ?? '-'}, last ${lastP99 ?? '-'}, best ${bestP99 ?? '-'}, worst ${worstP99 ?? '-'} ms)`,
    `${steady.length < 2 ? 'memory: one steady window, too short to judge' : rssFlat ? 'memory flat' : 'memory NOT flat'} (Ledgerline RSS ${firstMb ?? '-'} -> ${lastMb ?? '-'} MB, ${signed(growthMb)} MB, ${signed(growthPercent)} %)`,
  ];
  return {
    steadyWindows: steady.length,
    throughput: { offeredPerSecond: rate, completedPerSecond, keptUp },
    latency: {
      firstP99,
      lastP99,
      bestP99,
      worstP99,
      steadyP50: all.p50,
      steadyP99: all.p99,
      steadyMax: all.max,
      shape: latencyShape,
    },
    rss: { firstMb, lastMb, growthMb, growthPercent, flat: rssFlat },
    summary: `steady state (last ${steady.length} of ${load.length} windows): ${parts.join('; ')}`,
  };
}

function signed(n: number | null): string {
  if (n === null) return '-';
  return n >= 0 ? `+${n}` : String(n);
}

/** p99 of the completions of each `stepS`-second slice from `loadStart` to `end`: the finer series to chart. */
export function p99Series(
  completions: readonly Completion[],
  loadStart: number,
  end: number,
  stepS: number,
): (number | null)[] {
  const slices = Math.max(1, Math.ceil((end - loadStart) / (stepS * 1000)));
  const buckets: number[][] = Array.from({ length: slices }, () => []);
  for (const c of completions) {
    const i = Math.floor((c.completedAt - loadStart) / (stepS * 1000));
    if (i >= 0 && i < slices) buckets[i]?.push(c.completedAt - c.receivedAt);
  }
  return buckets.map((b) =>
    b.length === 0
      ? null
      : percentile(
          b.sort((x, y) => x - y),
          99,
        ),
  );
}

const eighths = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/**
 * A small bar chart, one column per value (merged by their maximum to at most `width` columns), the y axis
 * from zero so that a small change looks small. `stepS` labels the x axis in seconds.
 */
export function chart(
  title: string,
  values: readonly (number | null)[],
  options: {
    readonly unit: string;
    readonly stepS: number;
    readonly height?: number;
    readonly width?: number;
  },
): string {
  const height = options.height ?? 8;
  const width = options.width ?? 72;
  const per = Math.max(1, Math.ceil(values.length / width));
  const columns: (number | null)[] = [];
  for (let i = 0; i < values.length; i += per) {
    const group = values.slice(i, i + per).filter((v): v is number => v !== null);
    columns.push(group.length === 0 ? null : Math.max(...group));
  }
  const top = Math.max(0, ...columns.filter((v): v is number => v !== null));
  if (top === 0) return `${title}: no data\n`;
  const label = (v: number) => `${formatAxis(v)} ${options.unit}`;
  const axisWidth = Math.max(label(top).length, label(0).length);
  const rows: string[] = [title];
  for (let row = height - 1; row >= 0; row -= 1) {
    const cells = columns
      .map((v) => {
        if (v === null) return '·';
        const level = Math.round((v / top) * height * 8) - row * 8;
        return eighths[Math.max(0, Math.min(8, level))] ?? ' ';
      })
      .join('');
    const axis = row === height - 1 ? label(top) : row === 0 ? label(0) : '';
    rows.push(`${axis.padStart(axisWidth)} │${cells}`);
  }
  const spanS = values.length * options.stepS;
  const end = `${Math.round(spanS)} s`;
  rows.push(`${' '.repeat(axisWidth)} └${'─'.repeat(columns.length)}`);
  rows.push(`${' '.repeat(axisWidth)}  0 s${end.padStart(Math.max(end.length, columns.length - 3))}`);
  return `${rows.join('\n')}\n`;
}

function formatAxis(v: number): string {
  return v >= 100 ? String(Math.round(v)) : String(Math.round(v * 10) / 10);
}
