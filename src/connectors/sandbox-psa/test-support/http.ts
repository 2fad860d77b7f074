// Small helpers shared by the sandbox PSA tests.

export const testSecret = `whsec_${Buffer.from('ledgerline-sandbox-psa-test-key!').toString('base64')}`;

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

export async function requestJson(method: string, url: string, body?: unknown): Promise<JsonResponse> {
  const init: RequestInit =
    body === undefined
      ? { method }
      : {
          method,
          headers: { 'content-type': 'application/json' },
          body: typeof body === 'string' ? body : JSON.stringify(body),
        };
  const response = await fetch(url, init);
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}
