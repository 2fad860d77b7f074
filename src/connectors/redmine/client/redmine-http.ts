// Redmine over the kit's JSON transport, with the API key on every request. Reads for `pull` turn an
// unusable answer into the kit's source errors (retryable for 429, 5xx, timeouts and network failures);
// writes for `push` hand back the raw outcome, which the push mapping turns into a result.
import type { TSchema, Static } from '@sinclair/typebox';
import type { JsonHttp, JsonHttpOutcome } from '../../kit/json-http.ts';
import { retryAfterMs } from '../../kit/retry-after.ts';
import { SourceRequestRejectedError, SourceUnavailableError } from '../../kit/source-errors.ts';
import type { Checker } from '../../kit/schema-checker.ts';
import { RedminePayloadError } from './errors.ts';

/** A single record: found, gone (404), or hidden (403: an archived project, or its entries). */
export type Shown<T> =
  { readonly kind: 'found'; readonly value: T } | { readonly kind: 'missing' } | { readonly kind: 'hidden' };

/** Redmine's own words from an error body ({"errors": [...]}), else the status. */
export function redmineMessage(outcome: Extract<JsonHttpOutcome, { kind: 'response' }>): string {
  const body = outcome.body as { errors?: unknown } | undefined;
  const errors = Array.isArray(body?.errors) ? body.errors.filter((e) => typeof e === 'string') : [];
  return errors.length > 0 ? errors.join('; ') : `HTTP ${outcome.status}`;
}

export class RedmineHttp {
  readonly #http: JsonHttp;
  readonly #headers: Readonly<Record<string, string>>;

  constructor(http: JsonHttp, apiKey: string) {
    this.#http = http;
    this.#headers = { 'x-redmine-api-key': apiKey };
  }

  send(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<JsonHttpOutcome> {
    return this.#http.request(method, path, this.#headers, body);
  }

  /** A list or a record that must exist. */
  async read<S extends TSchema>(path: string, check: Checker<S>): Promise<Static<S>> {
    const shown = await this.show(path, check);
    if (shown.kind === 'found') return shown.value;
    throw new SourceRequestRejectedError(
      `GET ${path}: ${shown.kind === 'missing' ? 'not found (404)' : 'forbidden (403)'}`,
      shown.kind === 'missing' ? 404 : 403,
      shown.kind === 'missing' ? 'source.request_rejected' : 'source.unauthorized',
    );
  }

  /** A record that may be gone (404) or hidden (403); other failures throw like `read`. */
  async show<S extends TSchema>(path: string, check: Checker<S>): Promise<Shown<Static<S>>> {
    const outcome = await this.send('GET', path);
    if (outcome.kind !== 'response')
      throw new SourceUnavailableError(
        'source.unreachable',
        `GET ${path}: ${outcome.message}`,
        undefined,
        undefined,
      );
    const { status } = outcome;
    if (status === 404) return { kind: 'missing' };
    if (status === 403) return { kind: 'hidden' };
    if (status === 429 || status >= 500)
      throw new SourceUnavailableError(
        status === 429 ? 'source.rate_limited' : 'source.unavailable',
        `GET ${path}: ${redmineMessage(outcome)}`,
        retryAfterMs(outcome.header('retry-after')),
        status,
      );
    if (status === 401)
      throw new SourceRequestRejectedError(
        `GET ${path}: the API key was refused (401); check the key and that the REST API is enabled`,
        status,
        'source.unauthorized',
      );
    if (status !== 200)
      throw new SourceRequestRejectedError(`GET ${path}: ${redmineMessage(outcome)}`, status);
    const checked = check(outcome.body);
    if (!checked.ok) throw new RedminePayloadError(`GET ${path} answered ${checked.errors.join('; ')}`);
    return { kind: 'found', value: checked.value };
  }
}
