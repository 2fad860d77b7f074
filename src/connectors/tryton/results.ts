// Push results as the connector answers them; a TrytonCallError becomes retry or reject with Tryton's text.
import type { PushResult } from '../kit/connector.ts';
import { TrytonCallError, type TrytonFailure } from './rpc-failure.ts';

export const ok = (externalId: string, replayed: boolean): PushResult => ({
  outcome: 'ok',
  externalId,
  replayed,
});

export const reject = (reasonCode: string, message: string): PushResult => ({
  outcome: 'reject',
  reasonCode,
  message,
});

export function fromFailure(failure: TrytonFailure, context?: string): PushResult {
  const message = context === undefined ? failure.message : `${context}: ${failure.message}`;
  if (failure.retryable)
    return {
      outcome: 'retry',
      reasonCode: failure.reasonCode,
      message,
      ...(failure.retryAfterMs === undefined ? {} : { retryAfterMs: failure.retryAfterMs }),
    };
  return reject(failure.reasonCode, message);
}

/** Any error thrown while carrying out commands: Tryton's failures keep their code; anything else is a bug. */
export function failureOf(error: unknown): TrytonFailure {
  if (error instanceof TrytonCallError) return error.failure;
  return {
    retryable: false,
    reasonCode: 'tryton.connector_error',
    message: error instanceof Error ? error.message : String(error),
  };
}
