// Draws shared by the generator profiles: booked hours in quarter steps and distinct samples.
import type { Prng } from '../../sandbox-kit/prng.ts';

const QUARTER_HOURS = ['', '.25', '.5', '.75'] as const;

/** 0.25 to 10 hours in quarter steps, mostly a 4-8 hour day; built as text, then read as the JSON number. */
export function quarterHours(rng: Prng): number {
  const draw = rng.next();
  const quarters = draw < 0.7 ? rng.int(16, 32) : draw < 0.9 ? rng.int(1, 15) : rng.int(33, 40);
  return Number(`${Math.floor(quarters / 4)}${QUARTER_HOURS[quarters % 4] ?? ''}`);
}

/** `k` distinct indices below `n` (partial Fisher-Yates). */
export function sample(rng: Prng, n: number, k: number): number[] {
  const indices = Array.from({ length: n }, (_, i) => i);
  for (let i = 0; i < k; i++) {
    const j = rng.int(i, n - 1);
    [indices[i], indices[j]] = [indices[j] ?? j, indices[i] ?? i];
  }
  return indices.slice(0, k);
}

/** Hours from `min` to `max` quarters of an hour, as the JSON number of their exact text. */
export function hoursBetween(rng: Prng, minQuarters: number, maxQuarters: number): number {
  const quarters = rng.int(minQuarters, maxQuarters);
  return Number(`${Math.floor(quarters / 4)}${QUARTER_HOURS[quarters % 4] ?? ''}`);
}
