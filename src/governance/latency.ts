// Acceptable latency is written the way people say it ("30s", "5m", "1h") and used in milliseconds.

const unitMs = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;
const durationPattern = /^([0-9]{1,9})(ms|s|m|h|d)$/;

/** Milliseconds for a duration such as "5m", or undefined when the text is not one or is zero. */
export function parseLatency(text: string): number | undefined {
  const match = durationPattern.exec(text.trim());
  if (!match?.[1] || !match[2]) return undefined;
  const ms = Number(match[1]) * unitMs[match[2] as keyof typeof unitMs];
  return ms > 0 ? ms : undefined;
}

export const latencyFormatHint =
  'a whole number above zero and a unit (ms, s, m, h, d), e.g. "30s", "5m", "1h"';
