// What `pull` throws. Callers branch on `retryable`: a SourceUnavailableError (429, 5xx, network failure)
// should be retried after `retryAfterMs` when given; the other two will fail the same way again until
// someone fixes the key, the request or the vendor's data.

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

/** The source refused the request (4xx other than 429): a wrong API key or a bug on our side. */
export class SourceRequestRejectedError extends Error {
  readonly retryable = false;
  readonly reasonCode: 'source.unauthorized' | 'source.request_rejected';

  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'SourceRequestRejectedError';
    this.reasonCode = status === 401 || status === 403 ? 'source.unauthorized' : 'source.request_rejected';
  }
}

/** The source answered something that is not a valid event page or deal event. */
export class SourcePayloadError extends Error {
  readonly retryable = false;
  readonly reasonCode = 'source.payload_invalid';

  constructor(
    message: string,
    /** The offending deal event, when one could be named. */
    readonly eventId?: string,
  ) {
    super(message);
    this.name = 'SourcePayloadError';
  }
}

export function isRetryableSourceError(error: unknown): error is SourceUnavailableError {
  return error instanceof SourceUnavailableError;
}
