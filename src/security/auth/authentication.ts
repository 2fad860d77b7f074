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
