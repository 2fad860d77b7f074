// The one place the retry schedule is computed: exponential backoff with jitter, never sooner than
// the target's Retry-After, and a dead letter after the last attempt.
export interface RetryPolicy {
  readonly maxAttempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseDelayMs: 250, maxDelayMs: 60_000 };

/**
 * Delay before attempt `attemptsSoFar + 1`. "Equal jitter" (half the cap fixed, half random) spreads the
 * retries of many rows apart without ever retrying at once; `random` is injectable for tests.
 */
export function retryDelayMs(
  policy: RetryPolicy,
  attemptsSoFar: number,
  retryAfterMs: number | undefined,
  random: () => number = Math.random,
): number {
  const cap = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, attemptsSoFar - 1));
  const jittered = Math.round(cap / 2 + (random() * cap) / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}

export function isLastAttempt(policy: RetryPolicy, attemptsSoFar: number): boolean {
  return attemptsSoFar >= policy.maxAttempts;
}
