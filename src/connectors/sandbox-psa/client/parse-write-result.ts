// Reads the PSA's answer to one write at the edge and turns it into a canonical push result: 2xx with the
// PSA's id is ok (replayed when the PSA said so), 429/408/5xx and transport failures are retried
// (honouring Retry-After), other 4xx are refusals named by the PSA's own code. Anything unexpected is a
// retry, never a guess.
import type { PushResult } from '../../kit/connector.ts';
import { retryAfterMs } from '../../kit/retry-after.ts';
import type { WriteOutcome } from './write-client.ts';

const VENDOR_CODE = /^[a-z][a-z0-9_]{0,63}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function vendorError(body: unknown): { code: string; message: string } | undefined {
  const error = isRecord(body) ? body['error'] : undefined;
  if (!isRecord(error)) return undefined;
  const { code, message } = error;
  if (typeof code !== 'string' || !VENDOR_CODE.test(code) || typeof message !== 'string') return undefined;
  return { code, message };
}

export function badResponse(message: string): PushResult {
  return { outcome: 'retry', reasonCode: 'psa.bad_response', message };
}

export function writeResult(outcome: WriteOutcome, nowMs: number = Date.now()): PushResult {
  if (outcome.kind === 'timeout')
    return { outcome: 'retry', reasonCode: 'psa.timeout', message: outcome.message };
  if (outcome.kind === 'network')
    return { outcome: 'retry', reasonCode: 'psa.unavailable', message: outcome.message };
  const { status, body } = outcome;
  if (status === 200 || status === 201) {
    const id = isRecord(body) ? body['id'] : undefined;
    if (typeof id !== 'string' || id.length === 0) return badResponse(`HTTP ${status} without the PSA's id`);
    return { outcome: 'ok', externalId: id, replayed: outcome.replayed };
  }
  const detail = vendorError(body);
  const text = detail ? `HTTP ${status} ${detail.code}: ${detail.message}` : `HTTP ${status}`;
  const wait = retryAfterMs(outcome.retryAfter, nowMs);
  const retry = (reasonCode: string): PushResult =>
    wait === undefined
      ? { outcome: 'retry', reasonCode, message: text }
      : { outcome: 'retry', reasonCode, message: text, retryAfterMs: wait };
  if (status === 429) return retry('psa.rate_limited');
  if (status === 408) return retry('psa.timeout');
  if (status >= 500 && status <= 599) return retry('psa.unavailable');
  if (status >= 400 && status <= 499)
    return {
      outcome: 'reject',
      reasonCode: detail ? `psa.${detail.code}` : `psa.http_${status}`,
      message: text,
    };
  return badResponse(`unexpected ${text} from the PSA`);
}
