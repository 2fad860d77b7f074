// Harvest API v2's HTTP edge: a personal access token (or an OAuth 2 access token, used the same way) in
// `Authorization: Bearer` with the `Harvest-Account-Id` header; Harvest's limit of 100 requests per 15
// seconds kept on our side, a 429's Retry-After passed on; decimals exact both ways. Every answer becomes
// an outcome: the connector never throws for a remote failure.
import { CallBudget } from '../../kit/call-budget.ts';
import { checkHttpBaseUrl, decimalFetch } from '../../kit/decimal-fetch.ts';
import { retryAfterMs } from '../../kit/retry-after.ts';
import type { VendorOutcome } from '../../kit/vendor-outcome.ts';

export type HarvestOutcome = VendorOutcome;

export const HARVEST_QUOTA = [{ limit: 100, windowMs: 15_000 }] as const;

export interface HarvestHttpOptions {
  /** e.g. https://api.harvestapp.com/v2 */
  readonly baseUrl: string;
  readonly accountId: string;
  readonly accessToken: string;
  readonly timeoutMs: number;
  readonly budget?: CallBudget;
}

export interface HarvestRequest {
  readonly method: 'GET' | 'POST' | 'PATCH';
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
}

export class HarvestHttp {
  readonly #options: HarvestHttpOptions;
  readonly #budget: CallBudget;
  calls = 0;

  constructor(options: HarvestHttpOptions) {
    checkHttpBaseUrl(options.baseUrl);
    this.#options = options;
    this.#budget = options.budget ?? new CallBudget(HARVEST_QUOTA);
  }

  async send(request: HarvestRequest): Promise<HarvestOutcome> {
    const wait = this.#budget.take();
    if (wait > 0)
      return {
        kind: 'retry',
        reasonCode: 'harvest.rate_limited',
        message: 'the account quota (100 requests per 15 seconds) is spent',
        retryAfterMs: wait,
      };
    this.calls += 1;
    const answer = await decimalFetch(
      'harvest',
      this.#options.baseUrl,
      request,
      {
        authorization: `Bearer ${this.#options.accessToken}`,
        'harvest-account-id': this.#options.accountId,
        'user-agent': 'Ledgerline (https://github.com/ledgerline)',
      },
      this.#options.timeoutMs,
    );
    if (answer.kind === 'retry') return answer;
    const { status, body, text } = answer;
    if (status >= 200 && status < 300) return { kind: 'ok', status, body };
    const what = `${request.method} ${request.path} answered ${status}`;
    if (status === 429) {
      const after = retryAfterMs(answer.headers.get('retry-after') ?? undefined);
      return {
        kind: 'retry',
        reasonCode: 'harvest.rate_limited',
        message: what,
        ...(after === undefined ? {} : { retryAfterMs: after }),
      };
    }
    if (status >= 500) return { kind: 'retry', reasonCode: 'harvest.unavailable', message: what };
    if (status === 401 || status === 403)
      return { kind: 'reject', reasonCode: 'harvest.unauthorized', message: what, status };
    if (status === 404) return { kind: 'reject', reasonCode: 'harvest.not_found', message: what, status };
    const message = (body as { message?: unknown } | undefined)?.message;
    return {
      kind: 'reject',
      reasonCode: 'harvest.validation_failed',
      message: `${what}: ${typeof message === 'string' ? message : text.slice(0, 500)}`,
      status,
    };
  }
}
