// Retry-After (RFC 9110 §10.2.3): either delay-seconds or an HTTP-date.

/** Milliseconds to wait, or undefined when the header is absent or not understood. */
export function parseRetryAfter(value: string | undefined, nowMs: number = Date.now()): number | undefined {
  if (value === undefined) return undefined;
  const text = value.trim();
  if (/^[0-9]+$/.test(text)) return Number(text) * 1000;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
