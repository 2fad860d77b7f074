// A failed Redmine write as a push result: what retrying can fix (429, 5xx, timeouts, network) is
// `retry`, honouring Retry-After; the rest is `reject` with a `redmine.*` code and Redmine's own messages.
import type { JsonHttpOutcome } from '../../kit/json-http.ts';
import type { PushResult } from '../../kit/connector.ts';
import { retryAfterMs } from '../../kit/retry-after.ts';
import { redmineMessage } from './redmine-http.ts';

export type Failure = Exclude<PushResult, { outcome: 'ok' }>;

/** `what` names the request ("PUT /time_entries/12.json"); undefined for a 2xx answer. */
export function failureOf(outcome: JsonHttpOutcome, what: string): Failure | undefined {
  if (outcome.kind === 'timeout')
    return { outcome: 'retry', reasonCode: 'redmine.timeout', message: `${what}: ${outcome.message}` };
  if (outcome.kind === 'network')
    return { outcome: 'retry', reasonCode: 'redmine.unreachable', message: `${what}: ${outcome.message}` };
  const { status } = outcome;
  if (status >= 200 && status < 300) return undefined;
  const message = `${what}: ${redmineMessage(outcome)}`;
  if (status === 429 || status >= 500) {
    const after = retryAfterMs(outcome.header('retry-after'));
    return {
      outcome: 'retry',
      reasonCode: status === 429 ? 'redmine.rate_limited' : 'redmine.unavailable',
      message,
      ...(after !== undefined && { retryAfterMs: after }),
    };
  }
  if (status === 401 || status === 403)
    return {
      outcome: 'reject',
      reasonCode: 'redmine.unauthorized',
      message: `${message} (refused: check the API key and its rights)`,
    };
  if (status === 404) return { outcome: 'reject', reasonCode: 'redmine.not_found', message };
  if (status === 422) return { outcome: 'reject', reasonCode: 'redmine.validation', message };
  return { outcome: 'reject', reasonCode: 'redmine.request_rejected', message };
}

/** What a read error (kit source errors, setup errors) means for a command; anything else is a bug, rethrown. */
export function failureOfError(error: unknown): Failure {
  const e = error as { retryable?: unknown; reasonCode?: unknown; retryAfterMs?: unknown; message?: unknown };
  if (typeof e.retryable !== 'boolean') throw error;
  const message = typeof e.message === 'string' ? e.message : String(error);
  if (e.retryable)
    return {
      outcome: 'retry',
      reasonCode: 'redmine.unavailable',
      message,
      ...(typeof e.retryAfterMs === 'number' && { retryAfterMs: e.retryAfterMs }),
    };
  if (e.reasonCode === 'source.unauthorized')
    return { outcome: 'reject', reasonCode: 'redmine.unauthorized', message };
  if (e.reasonCode === 'redmine.custom_field_missing')
    return { outcome: 'reject', reasonCode: 'redmine.custom_field_missing', message };
  if (e.reasonCode === 'source.payload_invalid')
    return { outcome: 'reject', reasonCode: 'redmine.payload_invalid', message };
  return { outcome: 'reject', reasonCode: 'redmine.request_rejected', message };
}
