// Every way a Tryton call can fail, as one value the connector maps to a push result: retryable
// (transport, 429, 5xx, ConcurrencyException, a locked SQLite file) or not (Tryton refused the data).
import type { JsonHttpOutcome } from '../kit/json-http.ts';
import { retryAfterMs } from '../kit/retry-after.ts';

export interface TrytonFailure {
  readonly retryable: boolean;
  readonly reasonCode: string;
  /** Tryton's own message (and description) when it sent one. */
  readonly message: string;
  readonly retryAfterMs?: number;
}

/** Thrown by the RPC client and caught at the connector's boundary; never leaves `push`. */
export class TrytonCallError extends Error {
  constructor(readonly failure: TrytonFailure) {
    super(failure.message);
    this.name = 'TrytonCallError';
  }
}

const retry = (reasonCode: string, message: string, after?: number): TrytonFailure => ({
  retryable: true,
  reasonCode,
  message,
  ...(after === undefined ? {} : { retryAfterMs: after }),
});
const reject = (reasonCode: string, message: string): TrytonFailure => ({
  retryable: false,
  reasonCode,
  message,
});

/** A transport outcome that is not a usable HTTP 200. */
export function transportFailure(method: string, outcome: JsonHttpOutcome): TrytonFailure {
  if (outcome.kind === 'timeout') return retry('tryton.timeout', `${method}: ${outcome.message}`);
  if (outcome.kind === 'network') return retry('tryton.unreachable', `${method}: ${outcome.message}`);
  const status = outcome.status;
  const text = `${method}: HTTP ${status}`;
  if (status === 429)
    return retry('tryton.rate_limited', text, retryAfterMs(outcome.header('retry-after'), Date.now()));
  if (status === 409) return retry('tryton.concurrency', `${text} (concurrent change)`);
  if (status >= 500) return retry('tryton.unavailable', text);
  if (status === 401 || status === 403)
    return reject('tryton.unauthorized', `${text}: the user or password was refused`);
  return reject('tryton.request_rejected', text);
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

/** Names a UserError more precisely from Tryton's standard messages (English, the session language). */
function userErrorCode(message: string): string {
  // Tryton's refusals to write in a closed period (moves, their lines, tax lines, journal-periods) carry
  // the same reason code as Ledgerline's own period-close policy, so an operator finds both under one.
  if (/closed (journal-)?period|The period of move .* is closed/.test(message)) return 'period_closed';
  if (message.includes('is not valid according to its domain')) return 'tryton.domain_invalid';
  if (/^A value is required for field/.test(message) || message.includes('is required'))
    return 'tryton.required_missing';
  if (message.startsWith('You are not allowed to')) return 'tryton.access_denied';
  return 'tryton.user_error';
}

/** The `error` member of a JSON-RPC answer: `[name, args]` for Tryton's exceptions, `[text, traceback]` otherwise. */
export function rpcErrorFailure(method: string, error: unknown): TrytonFailure {
  const [name, args] = Array.isArray(error) ? (error as unknown[]) : [error, undefined];
  const parts = Array.isArray(args) ? args : [args];
  if (name === 'UserError') {
    const message = [text(parts[0]), text(parts[1])].filter((s) => s !== '').join(' ');
    return reject(userErrorCode(message), message || `${method}: UserError`);
  }
  if (name === 'UserWarning') {
    // [warning name, message, description]: a warning needs a person to accept it in Tryton.
    const message = [text(parts[1]), text(parts[2])].filter((s) => s !== '').join(' ');
    return reject('tryton.user_warning', `${message} (warning ${text(parts[0])})`);
  }
  if (name === 'ConcurrencyException')
    return retry('tryton.concurrency', `${method}: ${text(args) || 'record changed concurrently'}`);
  if (name === 'LoginException') return reject('tryton.unauthorized', `${method}: login required`);
  // [str(exception), traceback]: an exception without text is named by the traceback's last line.
  const lastLine = text(args).trim().split('\n').at(-1) ?? '';
  const said = typeof name === 'string' ? name || lastLine : JSON.stringify(name);
  const message = `${method}: ${said || 'server error'}`;
  if (/Database .* doesn't exist/.test(message)) return reject('tryton.database_missing', message);
  // SQLite allows one writer: a busy file is worth another try.
  if (/database is locked|could not serialize|deadlock/i.test(message))
    return retry('tryton.database_busy', message);
  // Any other Python exception is Tryton's HTTP 500 (JSON-RPC answers it with 200): retried like a 5xx,
  // so a transient server fault heals and a real bug ends in the dead-letter queue after the last attempt.
  return retry('tryton.server_error', message.slice(0, 2000));
}
