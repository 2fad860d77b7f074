// Who is calling (issue 8): the roles Ledgerline knows and the principal an authenticated request carries.
// Shared by authentication (which sets it), the routes (which require roles) and masking (which reads it).

/** admin: everything. operator: retry, resolve, replay. finance: reconcile, sign off. auditor: read all,
 * the audit log included, change nothing. viewer: read the operational views, sensitive fields masked.
 * intake: a machine that sends events (POST /v1/events) and nothing else. */
export const roles = ['admin', 'operator', 'finance', 'auditor', 'viewer', 'intake'] as const;
export type Role = (typeof roles)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (roles as readonly string[]).includes(value);
}

export interface Principal {
  /** Stable id for the audit log: `oidc:<issuer>#<sub>`, `apikey:<key id>`, `mtls:<subject CN>`,
   * or `anonymous` where authentication is off. */
  readonly id: string;
  readonly roles: readonly Role[];
  /** How it proved itself. */
  readonly via: 'oidc' | 'api-key' | 'mtls' | 'none';
}

/** Roles that may read fields the contracts mark sensitive (cost rates, bank details, personal data). */
export const rolesSeeingSensitive: readonly Role[] = ['admin', 'finance', 'auditor'];

export function maySeeSensitive(principal: Principal | undefined): boolean {
  // No principal means authentication is off (a loopback demo): nothing to hide from.
  if (principal === undefined) return true;
  return principal.roles.some((r) => rolesSeeingSensitive.includes(r));
}

declare module 'fastify' {
  interface FastifyRequest {
    /** Set by authentication; undefined where authentication is off. */
    principal?: Principal;
  }
}
