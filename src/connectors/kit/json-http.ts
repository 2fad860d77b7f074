// A connector's HTTP transport: a keep-alive undici Pool that sends JSON and turns every transport
// condition into a value (a response, a timeout, a network failure), so a connector never throws for a
// remote failure. Each connector maps the response to its own outcome (Retry-After, replay headers).
import { Pool } from 'undici';
import { currentCallSink } from './call-observer.ts';

export type JsonHttpOutcome =
  | {
      readonly kind: 'response';
      readonly status: number;
      /** The first value of a response header, by lower-case name. */
      readonly header: (name: string) => string | undefined;
      /** Parsed JSON, or undefined when the body was empty or not JSON. */
      readonly body: unknown;
    }
  | { readonly kind: 'timeout'; readonly message: string }
  | { readonly kind: 'network'; readonly message: string };

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT']);

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export class JsonHttp {
  readonly #pool: Pool;
  readonly #basePath: string;
  readonly #timeoutMs: number;

  constructor(baseUrl: string, options: { readonly timeoutMs: number; readonly connections: number }) {
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' && url.protocol !== 'https:')
      throw new RangeError(`baseUrl must be http(s): ${baseUrl}`);
    this.#basePath = url.pathname.replace(/\/+$/, '');
    this.#timeoutMs = options.timeoutMs;
    this.#pool = new Pool(url.origin, { connections: options.connections, keepAliveTimeout: 10_000 });
  }

  /** `path` is below the base URL, already encoded, with its query string; `body` is sent as JSON. */
  async request(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    headers: Readonly<Record<string, string>>,
    body?: unknown,
  ): Promise<JsonHttpOutcome> {
    const startedAt = performance.now();
    const signal = AbortSignal.timeout(this.#timeoutMs);
    const sink = currentCallSink();
    const outcome = await this.#send(method, path, headers, body, signal);
    // Telemetry: one observation per call when a deliverer is observing (target API latency and status).
    sink?.push({
      status: outcome.kind === 'response' ? String(outcome.status) : outcome.kind,
      ms: performance.now() - startedAt,
    });
    return outcome;
  }

  async #send(
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    headers: Readonly<Record<string, string>>,
    body: unknown,
    signal: AbortSignal,
  ): Promise<JsonHttpOutcome> {
    try {
      const response = await this.#pool.request({
        method,
        path: `${this.#basePath}${path}`,
        headers: {
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal,
      });
      const text = await response.body.text();
      return {
        kind: 'response',
        status: response.statusCode,
        header: (name) => {
          const value = response.headers[name];
          return Array.isArray(value) ? value[0] : value;
        },
        body: parseJson(text),
      };
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (signal.aborted || (typeof code === 'string' && TIMEOUT_CODES.has(code)))
        return { kind: 'timeout', message: `no complete answer within ${this.#timeoutMs} ms` };
      return { kind: 'network', message: error instanceof Error ? error.message : String(error) };
    }
  }

  close(): Promise<void> {
    return this.#pool.close();
  }
}
