// Reads the ERP's answers at the edge: validates the response shape and turns vendor statuses and
// error codes into canonical push results. Anything unexpected is a retry, never a guess.
import type { PushResult } from '../kit/connector.ts';
import type { HttpOutcome } from './erp-http-client.ts';
import { parseRetryAfter } from './retry-after.ts';

const VENDOR_CODE = /^[a-z][a-z0-9_]{0,63}$/;

/** Per-operation conflicts that clear up by themselves: retried, unlike every other 409/422. */
const TRANSIENT_CODES = new Set(['idempotency_key_in_flight']);

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function vendorError(value: unknown): { code: string; message: string } | undefined {
  if (!isRecord(value)) return undefined;
  const { code, message } = value;
  if (typeof code !== 'string' || !VENDOR_CODE.test(code) || typeof message !== 'string') return undefined;
  return { code, message };
}

/**
 * Refusals that mean the same whatever the ERP: a closed period (the period-close policy's own reason) and
 * a correction of invoiced time, which finance must credit first (held for review, not retried).
 */
const canonicalReasons: ReadonlyMap<string, string> = new Map([
  ['period_closed', 'period_closed'],
  ['already_invoiced', 'correction.already_invoiced'],
]);

function operationResult(value: unknown): PushResult | undefined {
  if (!isRecord(value)) return undefined;
  const { status, id, error } = value;
  if (status === 201 || status === 200) {
    if (typeof id !== 'string' || id.length === 0) return undefined;
    return { outcome: 'ok', externalId: id, replayed: status === 200 };
  }
  if (status === 409 || status === 422) {
    const detail = vendorError(error);
    if (!detail) return undefined;
    const reasonCode = canonicalReasons.get(detail.code) ?? `erp.${detail.code}`;
    return TRANSIENT_CODES.has(detail.code)
      ? { outcome: 'retry', reasonCode, message: detail.message }
      : { outcome: 'reject', reasonCode, message: detail.message };
  }
  return undefined;
}

export function badResponse(message: string): PushResult {
  return { outcome: 'retry', reasonCode: 'erp.bad_response', message };
}

export type BatchAnswer =
  | { readonly ok: true; readonly results: readonly PushResult[] }
  | { readonly ok: false; readonly failure: PushResult };

/** Results of a 200 batch answer, one per operation sent, or one bad_response retry for all. */
export function parseBatchResults(body: unknown, expected: number): BatchAnswer {
  const results = isRecord(body) ? body['results'] : undefined;
  if (!Array.isArray(results) || results.length !== expected)
    return {
      ok: false,
      failure: badResponse(`expected { results: [${expected} items] } from the ERP batch endpoint`),
    };
  const parsed: PushResult[] = [];
  for (const [index, item] of results.entries()) {
    const result = operationResult(item);
    if (!result)
      return { ok: false, failure: badResponse(`ERP batch result ${index} has an unexpected shape`) };
    parsed.push(result);
  }
  return { ok: true, results: parsed };
}

function describe(status: number, body: unknown): { code: string | undefined; text: string } {
  const detail = isRecord(body) ? vendorError(body['error']) : undefined;
  return {
    code: detail?.code,
    text: detail ? `HTTP ${status} ${detail.code}: ${detail.message}` : `HTTP ${status}`,
  };
}

/** The one result every command of a request gets when the request as a whole did not succeed. */
export function requestFailure(outcome: HttpOutcome, nowMs: number = Date.now()): PushResult {
  if (outcome.kind === 'timeout')
    return { outcome: 'retry', reasonCode: 'erp.timeout', message: outcome.message };
  if (outcome.kind === 'network')
    return { outcome: 'retry', reasonCode: 'erp.unavailable', message: outcome.message };
  const { status, body } = outcome;
  const { code, text } = describe(status, body);
  const retryAfterMs = parseRetryAfter(outcome.retryAfter, nowMs);
  const retry = (reasonCode: string): PushResult =>
    retryAfterMs === undefined
      ? { outcome: 'retry', reasonCode, message: text }
      : { outcome: 'retry', reasonCode, message: text, retryAfterMs };
  if (status === 429) return retry('erp.rate_limited');
  if (status === 408) return retry('erp.timeout');
  if (status >= 500 && status <= 599) return retry('erp.unavailable');
  if (status === 401) return { outcome: 'reject', reasonCode: 'erp.unauthorized', message: text };
  if (status === 403) return { outcome: 'reject', reasonCode: 'erp.forbidden', message: text };
  if (status >= 400 && status <= 499)
    return { outcome: 'reject', reasonCode: code ? `erp.${code}` : `erp.http_${status}`, message: text };
  return badResponse(`unexpected ${text} from the ERP`);
}
