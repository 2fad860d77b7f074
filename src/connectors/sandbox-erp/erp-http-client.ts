// The connector's HTTP transport: a keep-alive undici Pool to the ERP. It turns every transport
// condition into a value (response, timeout, network failure) so the connector never throws.
import { Pool } from 'undici';

export type HttpOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly retryAfter: string | undefined;
      /** Parsed JSON, or undefined when the body was empty or not JSON. */
      readonly body: unknown;
    }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'network'; readonly message: string };

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function firstHeader(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export class ErpHttpClient {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(
    baseUrl: string,
    private readonly apiKey: string,
    private readonly timeoutMs: number,
  ) {
    const url = new URL(baseUrl);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, { connections: 4, keepAliveTimeout: 10_000 });
  }

  postJson(path: string, payload: unknown): Promise<HttpOutcome> {
    return this.send('POST', path, JSON.stringify(payload));
  }

  /** `path` includes its query string. */
  getJson(path: string): Promise<HttpOutcome> {
    return this.send('GET', path, undefined);
  }

  private async send(method: 'GET' | 'POST', path: string, body: string | undefined): Promise<HttpOutcome> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await this.pool.request({
        path: `${this.basePath}${path}`,
        method,
        headers: {
          authorization: `Bearer ${this.apiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body }),
        signal,
      });
      const text = await response.body.text();
      return {
        kind: 'response',
        status: response.statusCode,
        retryAfter: firstHeader(response.headers['retry-after']),
        body: parseJson(text),
      };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (signal.aborted || (typeof code === 'string' && TIMEOUT_CODES.has(code)))
        return { kind: 'timeout', message: `no complete answer within ${this.timeoutMs} ms` };
      return { kind: 'network', message: error instanceof Error ? error.message : String(error) };
    }
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}
