// Xero's HTTP edge: every call carries the tenant header and a current OAuth 2 access token, spends one
// call of the tenant's quota (60 a minute, 5,000 a day) before it is sent, keeps decimals exact both ways
// (decimal-json), and turns every answer into an outcome, so the connector never throws for a remote
// failure. A 401 refreshes the token once and repeats the call.
import { CallBudget } from '../../kit/call-budget.ts';
import { checkHttpBaseUrl, decimalFetch } from '../../kit/decimal-fetch.ts';
import { OAuth2Error, type OAuth2Session } from '../../kit/oauth2-refresh.ts';
import { retryAfterMs } from '../../kit/retry-after.ts';
import type { VendorOutcome } from '../../kit/vendor-outcome.ts';

export type XeroOutcome = VendorOutcome;

export interface XeroHttpOptions {
  /** e.g. https://api.xero.com/api.xro/2.0 (Accounting) or https://api.xero.com/projects.xro/2.0 */
  readonly baseUrl: string;
  readonly tenantId: string;
  readonly session: OAuth2Session;
  readonly timeoutMs: number;
  /** Defaults to Xero's documented per-tenant limits. */
  readonly budget?: CallBudget;
}

export const XERO_QUOTA = [
  { limit: 60, windowMs: 60_000 },
  { limit: 5000, windowMs: 86_400_000 },
] as const;

export interface XeroRequest {
  readonly method: 'GET' | 'PUT' | 'POST' | 'PATCH';
  /** Below the base URL, without a query string. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
  /** Xero replays a create with the same key instead of doing it twice (128 characters at most). */
  readonly idempotencyKey?: string;
  readonly ifModifiedSince?: string;
}

export class XeroHttp {
  readonly #options: XeroHttpOptions;
  readonly #budget: CallBudget;
  calls = 0;

  constructor(options: XeroHttpOptions) {
    checkHttpBaseUrl(options.baseUrl);
    this.#options = options;
    this.#budget = options.budget ?? new CallBudget(XERO_QUOTA);
  }

  async send(request: XeroRequest): Promise<XeroOutcome> {
    const first = await this.#once(request);
    if (first !== 'unauthorized') return first;
    this.#options.session.invalidate();
    const second = await this.#once(request);
    return second === 'unauthorized'
      ? { kind: 'reject', reasonCode: 'xero.unauthorized', message: 'Xero refused a freshly refreshed token' }
      : second;
  }

  async #once(request: XeroRequest): Promise<XeroOutcome | 'unauthorized'> {
    const wait = this.#budget.take();
    if (wait > 0)
      return {
        kind: 'retry',
        reasonCode: 'xero.rate_limited',
        message: 'the tenant quota (60 calls a minute, 5,000 a day) is spent',
        retryAfterMs: wait,
      };
    let token: string;
    try {
      token = await this.#options.session.accessToken();
    } catch (error) {
      if (error instanceof OAuth2Error && error.kind === 'unauthorized')
        return { kind: 'reject', reasonCode: 'xero.unauthorized', message: error.message };
      return { kind: 'retry', reasonCode: 'xero.token_unavailable', message: (error as Error).message };
    }
    const headers: Record<string, string> = {
      authorization: `Bearer ${token}`,
      'xero-tenant-id': this.#options.tenantId,
    };
    if (request.idempotencyKey !== undefined)
      headers['idempotency-key'] = request.idempotencyKey.slice(0, 128);
    if (request.ifModifiedSince !== undefined) headers['if-modified-since'] = request.ifModifiedSince;
    this.calls += 1;
    const answer = await decimalFetch(
      'xero',
      this.#options.baseUrl,
      request,
      headers,
      this.#options.timeoutMs,
    );
    if (answer.kind === 'retry') return answer;
    const { status, body, text } = answer;
    if (status === 401) return 'unauthorized';
    if (status >= 200 && status < 300) return { kind: 'ok', status, body };
    const what = `${request.method} ${request.path} answered ${status}`;
    if (status === 429) {
      const after = retryAfterMs(answer.headers.get('retry-after') ?? undefined);
      const problem = answer.headers.get('x-rate-limit-problem');
      return {
        kind: 'retry',
        reasonCode: 'xero.rate_limited',
        message: `${what} (${problem ?? 'rate limit'})`,
        ...(after === undefined ? {} : { retryAfterMs: after }),
      };
    }
    if (status >= 500) return { kind: 'retry', reasonCode: 'xero.unavailable', message: what };
    if (status === 403) return { kind: 'reject', reasonCode: 'xero.forbidden', message: what, status };
    if (status === 404) return { kind: 'reject', reasonCode: 'xero.not_found', message: what, status };
    return {
      kind: 'reject',
      reasonCode: 'xero.validation_failed',
      message: `${what}: ${validationMessages(body) ?? text.slice(0, 500)}`,
      status,
    };
  }
}

/** Xero's ValidationException lists messages per element; they are what an operator needs to see. */
function validationMessages(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const b = body as Record<string, unknown>;
  const messages: string[] = [];
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(collect);
    else if (typeof node === 'object' && node !== null)
      for (const [k, v] of Object.entries(node as Record<string, unknown>)) {
        if (k === 'Message' && typeof v === 'string') messages.push(v);
        else collect(v);
      }
  };
  collect(b['Elements'] ?? b);
  if (messages.length === 0 && typeof b['Message'] === 'string') messages.push(b['Message']);
  return messages.length > 0 ? [...new Set(messages)].join('; ') : undefined;
}
