// Reads pages of the deal event feed over a keep-alive connection pool, with the API key, and classifies
// every failure as retryable (SourceUnavailableError) or not (SourceRequestRejectedError,
// SourcePayloadError). It never throws anything else.
import { Pool } from 'undici';
import { DealEventPage, dealEventsPath } from '../vendor/deal-events.ts';
import { compileChecker } from '../vendor/validator.ts';
import { SourcePayloadError, SourceRequestRejectedError, SourceUnavailableError } from './errors.ts';
import { retryAfterMs } from './retry-after.ts';

const checkPage = compileChecker(DealEventPage);
const TIMEOUT_MS = 30_000;

export class DealEventsClient {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(
    baseUrl: string,
    private readonly apiKey: string,
  ) {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new RangeError(`baseUrl must be http(s): ${baseUrl}`);
    this.pool = new Pool(url.origin, { connections: 4, keepAliveTimeout: 30_000 });
    this.basePath = url.pathname.replace(/\/+$/, '');
  }

  async fetchPage(after: string | undefined, limit: number): Promise<DealEventPage> {
    const query = after === undefined ? `limit=${limit}` : `after=${after}&limit=${limit}`;
    const path = `${this.basePath}${dealEventsPath}?${query}`;
    let response;
    try {
      response = await this.pool.request({
        method: 'GET',
        path,
        headers: { accept: 'application/json', authorization: `Bearer ${this.apiKey}` },
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
      });
    } catch (error) {
      throw new SourceUnavailableError(
        'source.unreachable',
        `GET ${path} failed: ${String(error)}`,
        undefined,
        undefined,
        {
          cause: error,
        },
      );
    }
    const { statusCode } = response;
    if (statusCode !== 200) {
      await response.body.dump().catch(() => undefined);
      const wait = retryAfterMs(response.headers['retry-after']);
      if (statusCode === 429)
        throw new SourceUnavailableError('source.rate_limited', `GET ${path} answered 429`, wait, statusCode);
      if (statusCode >= 500)
        throw new SourceUnavailableError(
          'source.unavailable',
          `GET ${path} answered ${statusCode}`,
          wait,
          statusCode,
        );
      throw new SourceRequestRejectedError(`GET ${path} answered ${statusCode}`, statusCode);
    }
    let text: string;
    try {
      text = await response.body.text();
    } catch (error) {
      throw new SourceUnavailableError(
        'source.unreachable',
        `GET ${path} broke off: ${String(error)}`,
        undefined,
        200,
        {
          cause: error,
        },
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (error) {
      throw new SourcePayloadError(`GET ${path} did not answer JSON: ${String(error)}`);
    }
    const page = checkPage(body);
    if (!page.ok)
      throw new SourcePayloadError(`GET ${path} answered an invalid page: ${page.errors.join('; ')}`);
    return page.value;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
