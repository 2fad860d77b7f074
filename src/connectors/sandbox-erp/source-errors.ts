// What the source side's `pull` throws: only for a failed request, never for bad data (that is skipped
// and reported). Callers branch on `retryable`; the poller waits `retryAfterMs` when the ERP gave one.

/** 429, 5xx, timeout or network failure: the same request can succeed later. */
export class ErpFeedUnavailableError extends Error {
  readonly retryable = true;

  constructor(
    readonly reasonCode: 'erp.rate_limited' | 'erp.unavailable' | 'erp.timeout',
    message: string,
    /** From the Retry-After header, when the ERP sent one. */
    readonly retryAfterMs: number | undefined,
  ) {
    super(message);
    this.name = 'ErpFeedUnavailableError';
  }
}

/** Any other refusal (401 bad key, 400 bad query): it will fail the same way until someone fixes it. */
export class ErpFeedRejectedError extends Error {
  readonly retryable = false;

  constructor(
    readonly reasonCode: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ErpFeedRejectedError';
  }
}
