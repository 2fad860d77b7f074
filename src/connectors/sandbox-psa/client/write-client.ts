// The connector's PSA writes: one request per command with its Idempotency-Key, over the kit's JSON
// transport, which turns every transport condition into a value, so `push` never throws for a remote failure.
import type { JsonHttp } from '../../kit/json-http.ts';

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

/** One request per command, carrying its key; the transport is shared with the connector's reads. */
export class WriteClient {
  readonly #http: JsonHttp;

  constructor(http: JsonHttp) {
    this.#http = http;
  }

  async send(request: WriteRequest, idempotencyKey: string): Promise<WriteOutcome> {
    // A structured-field string; keys are printable ASCII without quotes (checked by the mapping).
    const outcome = await this.#http.request(
      request.method,
      request.path,
      { 'idempotency-key': `"${idempotencyKey}"` },
      request.body,
    );
    if (outcome.kind !== 'response') return outcome;
    return {
      kind: 'response',
      status: outcome.status,
      retryAfter: outcome.header('retry-after'),
      replayed: outcome.header('idempotent-replayed') === 'true',
      body: outcome.body,
    };
  }
}
