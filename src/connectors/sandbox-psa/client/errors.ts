// What `pull` throws. Callers branch on `retryable`: a SourceUnavailableError (503, 429, other 5xx, network
// failure) should be retried after `retryAfterMs` when given; the other two will fail the same way again.

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

/** The source refused the request (4xx other than 429): a bug on our side, not worth retrying. */
export class SourceRequestRejectedError extends Error {
  readonly retryable = false;
  readonly reasonCode = 'source.request_rejected';

  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'SourceRequestRejectedError';
  }
}

/** The source answered something that is not a valid activity page or record. */
export class SourcePayloadError extends Error {
  readonly retryable = false;
  readonly reasonCode = 'source.payload_invalid';

  constructor(
    message: string,
    /** The offending activity, when one could be named. */
    readonly activityId?: string,
  ) {
    super(message);
    this.name = 'SourcePayloadError';
  }
}

export function isRetryableSourceError(error: unknown): error is SourceUnavailableError {
  return error instanceof SourceUnavailableError;
}
