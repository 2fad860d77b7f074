// GETs pages of a source's JSON feed over a keep-alive connection pool and classifies every failure as
// retryable (SourceUnavailableError) or not (SourceRequestRejectedError, the connector's payload error),
// so `pull` never throws anything else. The connector names the path, the query and the page schema.
import { Pool } from 'undici';
import { retryAfterMs } from './retry-after.ts';
import type { CheckResult } from './schema-checker.ts';
import {
  SourceRequestRejectedError,
  SourceUnavailableError,
  type RequestRejectedReason,
  type SourcePayloadError,
} from './source-errors.ts';

export interface FeedClientOptions<T> {
  readonly baseUrl: string;
  readonly checkPage: (body: unknown) => CheckResult<T>;
  /** The connector's own SourcePayloadError, so a bad page is reported in its vocabulary. */
  readonly PayloadError: new (message: string) => SourcePayloadError;
  /** Sent besides `accept: application/json`, e.g. an authorization header. */
  readonly headers?: Readonly<Record<string, string>>;
  /** The reason code of a 4xx other than 429; `source.request_rejected` when absent. */
  readonly rejectedReason?: (status: number) => RequestRejectedReason;
}

const TIMEOUT_MS = 30_000;

export class FeedClient<T> {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(private readonly options: FeedClientOptions<T>) {
    const url = new URL(options.baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new RangeError(`baseUrl must be http(s): ${options.baseUrl}`);
    this.pool = new Pool(url.origin, { connections: 4, keepAliveTimeout: 30_000 });
    this.basePath = url.pathname.replace(/\/+$/, '');
  }

  /** `pathAndQuery` is below the base URL's path, e.g. "/api/v2/activities?after=0&limit=100". */
  async fetchPage(pathAndQuery: string): Promise<T> {
    const { PayloadError } = this.options;
    const path = `${this.basePath}${pathAndQuery}`;
    let response;
    try {
      response = await this.pool.request({
        method: 'GET',
        path,
        headers: { accept: 'application/json', ...this.options.headers },
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
      });
    } catch (error) {
      const message = `GET ${path} failed: ${String(error)}`;
      throw new SourceUnavailableError('source.unreachable', message, undefined, undefined, { cause: error });
    }
    const { statusCode } = response;
    if (statusCode !== 200) {
      await response.body.dump().catch(() => undefined);
      const wait = retryAfterMs(response.headers['retry-after']);
      const message = `GET ${path} answered ${statusCode}`;
      if (statusCode === 429)
        throw new SourceUnavailableError('source.rate_limited', message, wait, statusCode);
      if (statusCode >= 500)
        throw new SourceUnavailableError('source.unavailable', message, wait, statusCode);
      const reason = this.options.rejectedReason?.(statusCode);
      throw new SourceRequestRejectedError(message, statusCode, reason);
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      const message = `GET ${path} broke off: ${String(error)}`;
      throw new SourceUnavailableError('source.unreachable', message, undefined, 200, { cause: error });
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new PayloadError(`GET ${path} did not answer JSON: ${String(error)}`);
    }
    const page = this.options.checkPage(body);
    if (!page.ok) throw new PayloadError(`GET ${path} answered an invalid page: ${page.errors.join('; ')}`);
    return page.value;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
