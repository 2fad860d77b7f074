// The connector's HTTP transport to the ERP: the kit's JSON transport with the ERP's API key, answering
// the status, Retry-After and body the connector reads.
import { JsonHttp } from '../kit/json-http.ts';

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

export class ErpHttpClient {
  readonly #http: JsonHttp;
  readonly #auth: Readonly<Record<string, string>>;

  constructor(baseUrl: string, apiKey: string, timeoutMs: number) {
    this.#http = new JsonHttp(baseUrl, { timeoutMs, connections: 4 });
    this.#auth = { authorization: `Bearer ${apiKey}` };
  }

  postJson(path: string, payload: unknown): Promise<HttpOutcome> {
    return this.#send('POST', path, payload);
  }

  /** `path` includes its query string. */
  getJson(path: string): Promise<HttpOutcome> {
    return this.#send('GET', path, undefined);
  }

  async #send(method: 'GET' | 'POST', path: string, payload: unknown): Promise<HttpOutcome> {
    const outcome = await this.#http.request(method, path, this.#auth, payload);
    if (outcome.kind !== 'response') return outcome;
    return {
      kind: 'response',
      status: outcome.status,
      retryAfter: outcome.header('retry-after'),
      body: outcome.body,
    };
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}
