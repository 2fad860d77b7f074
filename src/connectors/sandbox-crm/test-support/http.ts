// Small helpers shared by the sandbox CRM tests.

export const testApiKey = 'crm-test-key';
export const testSecret = `whsec_${Buffer.from('ledgerline-sandbox-crm-test-key!').toString('base64')}`;

export interface JsonResponse {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** Sends JSON with the test API key unless `apiKey` says otherwise (null: no Authorization header). */
export async function requestJson(
  method: string,
  url: string,
  body?: unknown,
  apiKey: string | null = testApiKey,
): Promise<JsonResponse> {
  const headers: Record<string, string> = {};
  if (apiKey !== null) headers['authorization'] = `Bearer ${apiKey}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(url, {
    method,
    headers,
    ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : (JSON.parse(text) as unknown),
  };
}

export interface ErrorBody {
  readonly error: { readonly code: string; readonly message: string; readonly details?: readonly string[] };
}
