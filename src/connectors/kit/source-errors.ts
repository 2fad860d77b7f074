// What a source connector's `pull` throws. Callers branch on `retryable`: a SourceUnavailableError (429,
// 5xx, network failure) should be retried after `retryAfterMs` when given; the others will fail the same
// way again until someone fixes the key, the request or the vendor's data.

export class SourceUnavailableError extends Error {
  readonly retryable = true;

  constructor(
    readonly reasonCode: 'source.unavailable' | 'source.rate_limited' | 'source.unreachable',
    message: string,
    /** From the Retry-After header, when the source sent one. */
    readonly retryAfterMs: number | undefined,
    readonly status: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SourceUnavailableError';
  }
}

export type RequestRejectedReason = 'source.unauthorized' | 'source.request_rejected';

/** The source refused the request (4xx other than 429): a wrong key or a bug on our side. */
export class SourceRequestRejectedError extends Error {
  readonly retryable = false;

  constructor(
    message: string,
    readonly status: number,
    /** Only a connector that authenticates tells a refused key apart. */
    readonly reasonCode: RequestRejectedReason = 'source.request_rejected',
  ) {
    super(message);
    this.name = 'SourceRequestRejectedError';
  }
}

/**
 * The source answered something that is not a valid page or record. Abstract: each connector subclasses
 * it to name the offending record in its vendor's words (an activity, a deal event).
 */
export abstract class SourcePayloadError extends Error {
  readonly retryable = false;
  readonly reasonCode = 'source.payload_invalid';

  constructor(message: string) {
    super(message);
    this.name = 'SourcePayloadError';
  }
}

export function isRetryableSourceError(error: unknown): error is SourceUnavailableError {
  return error instanceof SourceUnavailableError;
}
