// One JSON call over fetch with decimals kept exact both ways (decimal-json): the transport half of a
// vendor's HTTP edge. A failure to get an answer becomes a retry outcome (`<vendor>.timeout` or
// `<vendor>.unreachable`); an answer is handed back whole for the vendor to read its status its own way.
import { parseWithDecimals, stringifyWithDecimals } from './decimal-json.ts';
import type { VendorOutcome } from './vendor-outcome.ts';

export interface DecimalFetchRequest {
  readonly method: string;
  /** Below the base URL, without a query string. */
  readonly path: string;
  readonly query?: Readonly<Record<string, string | undefined>>;
  readonly body?: unknown;
}

export interface DecimalFetchAnswer {
  readonly kind: 'answer';
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** Parsed JSON, or undefined when the body was empty or not JSON. */
  readonly body: unknown;
}

/** Refuses (at construction) a base URL that is not http(s). */
export function checkHttpBaseUrl(baseUrl: string): void {
  const url = new URL(baseUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new RangeError(`baseUrl must be http(s): ${baseUrl}`);
}

export async function decimalFetch(
  vendor: string,
  baseUrl: string,
  request: DecimalFetchRequest,
  headers: Readonly<Record<string, string>>,
  timeoutMs: number,
): Promise<DecimalFetchAnswer | Extract<VendorOutcome, { kind: 'retry' }>> {
  const url = new URL(`${baseUrl.replace(/\/+$/, '')}${request.path}`);
  for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  let response: Response;
  try {
    response = await fetch(url, {
      method: request.method,
      headers: {
        accept: 'application/json',
        ...headers,
        ...(request.body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(request.body === undefined ? {} : { body: stringifyWithDecimals(request.body) }),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    const timedOut = (error as Error).name === 'TimeoutError';
    return {
      kind: 'retry',
      reasonCode: timedOut ? `${vendor}.timeout` : `${vendor}.unreachable`,
      message: `${request.method} ${request.path}: ${(error as Error).message}`,
    };
  }
  const text = await response.text();
  let body: unknown;
  try {
    body = text === '' ? undefined : parseWithDecimals(text);
  } catch {
    body = undefined;
  }
  return { kind: 'answer', status: response.status, headers: response.headers, text, body };
}
