// The mix of the run, per 100 events, spread evenly through the stream by smooth weighted round robin
// (as nginx balances upstreams): every window of the run has about the same mix, never long runs of one
// kind.
import type { EventName } from '../../src/contracts/index.ts';

export const mix = [
  ['TimeApproved', 80],
  ['ExpenseApproved', 10],
  ['InvoiceIssued', 4],
  ['PaymentReceived', 3],
  ['MilestoneCompleted', 1],
  ['CustomerUpdated', 1],
  ['ResourceUpdated', 1],
] as const satisfies readonly (readonly [EventName, number])[];

export type RunEventName = (typeof mix)[number][0];

export const runEventNames: readonly RunEventName[] = mix.map(([name]) => name);

/** `count` picks from the weighted names; each name comes up in proportion to its weight, evenly spaced. */
export function interleave<N extends string>(weights: readonly (readonly [N, number])[], count: number): N[] {
  const total = weights.reduce((sum, [, w]) => sum + w, 0);
  const current = weights.map(() => 0);
  const out: N[] = [];
  for (let n = 0; n < count; n += 1) {
    let best = 0;
    for (let i = 0; i < weights.length; i += 1) {
      current[i] = (current[i] ?? 0) + (weights[i]?.[1] ?? 0);
      if ((current[i] ?? 0) > (current[best] ?? 0)) best = i;
    }
    current[best] = (current[best] ?? 0) - total;
    const name = weights[best]?.[0];
    if (name === undefined) throw new RangeError('interleave needs at least one weight');
    out.push(name);
  }
  return out;
}
