// What checking a credential yields: the principal, or a refusal that says what was wrong and what to do.
import type { Principal } from '../principal.ts';

export interface Refusal {
  readonly ok: false;
  /** 401: the credential is missing or not good; 503: it could not be checked (the issuer is away). */
  readonly status: 401 | 503;
  /** Problem slug, also the audit entry's `reason`, e.g. `token-expired`. */
  readonly reason: string;
  readonly detail: string;
}

export type Authentication = { readonly ok: true; readonly principal: Principal } | Refusal;

export function refusal(reason: string, detail: string, status: 401 | 503 = 401): Refusal {
  return { ok: false, status, reason, detail };
}

const realm = 'Bearer realm="ledgerline"';

/** The WWW-Authenticate challenge (RFC 6750) for a refusal; none for 503 (nothing the caller can fix). */
export function bearerChallenge(status: 401 | 403 | 503, reason: string): string | undefined {
  if (status === 403) return `${realm}, error="insufficient_scope"`;
  if (status === 503) return undefined;
  return reason === 'unauthenticated'
    ? realm
    : `${realm}, error="invalid_token", error_description="${reason}"`;
}

/** A refusal's problem title. */
export function refusalTitle(status: 401 | 403 | 503): string {
  return status === 401 ? 'Not authenticated' : status === 403 ? 'Not allowed' : 'Cannot check credentials';
}
