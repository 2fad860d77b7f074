// Where a request carries its credential: `Authorization: Bearer <token or API key>` or `X-Api-Key`.
// A bearer value starting `llk_` is an API key; any other is a JWT from the identity provider.
import type { IncomingHttpHeaders } from 'node:http';
import { apiKeyPrefix } from './api-key-secret.ts';

export type Credential =
  | { readonly kind: 'api-key'; readonly text: string }
  | { readonly kind: 'token'; readonly text: string }
  | { readonly kind: 'unsupported'; readonly scheme: string };

export function credentialOf(headers: IncomingHttpHeaders): Credential | undefined {
  const apiKey = headers['x-api-key'];
  if (typeof apiKey === 'string' && apiKey.trim() !== '') return { kind: 'api-key', text: apiKey.trim() };
  const authorization = headers.authorization;
  if (authorization === undefined || authorization.trim() === '') return undefined;
  const match = /^(\S+)\s+(\S+)\s*$/.exec(authorization.trim());
  const scheme = match?.[1];
  const value = match?.[2];
  if (scheme === undefined || value === undefined || scheme.toLowerCase() !== 'bearer')
    return { kind: 'unsupported', scheme: (scheme ?? authorization.split(' ')[0] ?? '').slice(0, 20) };
  return value.startsWith(apiKeyPrefix) ? { kind: 'api-key', text: value } : { kind: 'token', text: value };
}
