// The console talks only to the documented admin API (/v1/admin/...). Errors arrive as RFC 9457
// problem documents; their detail is what the console shows.
import { credential, signOut } from './credential.ts';
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
  ) {
    super(detail);
  }
}

async function call<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  extraHeaders: Record<string, string> = {},
): Promise<T> {
  const signedIn = credential();
  const response = await fetch(path, {
    method,
    headers: {
      ...extraHeaders,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(signedIn === null ? {} : { authorization: `Bearer ${signedIn}` }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  const json: unknown = text === '' ? null : JSON.parse(text);
  if (!response.ok) {
    const detail =
      (json as { detail?: string } | null)?.detail ?? `${response.status} ${response.statusText}`;
    // No credential, or one the API no longer takes (expired, revoked): ask for one.
    if (response.status === 401) signOut(detail);
    throw new ApiError(response.status, detail);
  }
  return json as T;
}

export const getJson = <T>(path: string) => call<T>('GET', path);
export const postJson = <T>(path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  call<T>('POST', path, body, headers);

/** A query string from the set values only. */
export function query(params: Record<string, string | number | undefined>): string {
  const entries = Object.entries(params).filter(([, v]) => v !== undefined && v !== '');
  return entries.length === 0
    ? ''
    : `?${entries.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(String(v))}`).join('&')}`;
}
