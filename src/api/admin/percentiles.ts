// Percentiles of latency samples (nearest rank): what the overview and the business views chart.
export interface LatencySummary {
  readonly count: number;
  readonly p50Ms: number | null;
  readonly p95Ms: number | null;
  readonly maxMs: number | null;
}

export function summarize(samples: readonly number[]): LatencySummary {
  if (samples.length === 0) return { count: 0, p50Ms: null, p95Ms: null, maxMs: null };
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] ?? null;
  return {
    count: sorted.length,
    p50Ms: rank(0.5),
    p95Ms: rank(0.95),
    maxMs: sorted[sorted.length - 1] ?? null,
  };
}

export const latencySummarySchema = {
  type: 'object',
  properties: {
    count: { type: 'integer' },
    p50Ms: { type: ['number', 'null'] },
    p95Ms: { type: ['number', 'null'] },
    maxMs: { type: ['number', 'null'] },
  },
} as const;
