// A vendor outcome read by a source's pull: the body, or the source error its caller branches on.
import { SourceRequestRejectedError, SourceUnavailableError } from './source-errors.ts';
import type { VendorOutcome } from './vendor-outcome.ts';

/**
 * `vendor` is the prefix of the outcome's reason codes (`<vendor>.rate_limited`, `<vendor>.unauthorized`);
 * `rejectStatus` stands in for a refusal that came with no HTTP status.
 */
export function sourceBodyOf(outcome: VendorOutcome, vendor: string, rejectStatus: number): unknown {
  if (outcome.kind === 'ok') return outcome.body;
  if (outcome.kind === 'retry')
    throw new SourceUnavailableError(
      outcome.reasonCode === `${vendor}.rate_limited` ? 'source.rate_limited' : 'source.unavailable',
      outcome.message,
      outcome.retryAfterMs,
      undefined,
    );
  throw new SourceRequestRejectedError(
    outcome.message,
    outcome.status ?? rejectStatus,
    outcome.reasonCode === `${vendor}.unauthorized` ? 'source.unauthorized' : 'source.request_rejected',
  );
}
