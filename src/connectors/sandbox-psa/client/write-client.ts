// The connector's transport for PSA writes: a keep-alive undici Pool that sends one request per command
// with its Idempotency-Key and turns every transport condition into a value (response, timeout, network
// failure), so `push` never throws for a remote failure.
import { Pool } from 'undici';

export type WriteOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      readonly retryAfter: string | undefined;
      /** The PSA recognised the key and answered the original result. */
      readonly replayed: boolean;
      /** Parsed JSON, or undefined when the body was empty or not JSON. */
      readonly body: unknown;
    }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'network'; readonly message: string };

export interface WriteRequest {
  readonly method: 'PUT' | 'POST';
  /** Below the base URL, path segments already encoded. */
  readonly path: string;
  readonly body: unknown;
}

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

export class WriteClient {
  private readonly pool: Pool;
  private readonly basePath: string;

  constructor(
    baseUrl: string,
    private readonly timeoutMs: number,
  ) {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new RangeError(`baseUrl must be http(s): ${baseUrl}`);
    this.basePath = url.pathname.replace(/\/+$/, '');
    this.pool = new Pool(url.origin, { connections: 2, keepAliveTimeout: 10_000 });
  }

  async send(request: WriteRequest, idempotencyKey: string): Promise<WriteOutcome> {
    const signal = AbortSignal.timeout(this.timeoutMs);
    try {
      const response = await this.pool.request({
        method: request.method,
        path: `${this.basePath}${request.path}`,
        headers: {
          'content-type': 'application/json',
          accept: 'application/json',
          // A structured-field string; keys are printable ASCII without quotes (checked by the mapping).
          'idempotency-key': `"${idempotencyKey}"`,
        },
        body: JSON.stringify(request.body),
        signal,
      });
      const text = await response.body.text();
      return {
        kind: 'response',
        status: response.statusCode,
        retryAfter: firstHeader(response.headers['retry-after']),
        replayed: firstHeader(response.headers['idempotent-replayed']) === 'true',
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
