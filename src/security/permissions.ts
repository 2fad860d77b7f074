// Who may do what: every HTTP route and the roles allowed to call it, in one table. A route missing here
// fails the start (see checkRoutePermission), so nothing new is served without a decision about it.
import type { Role } from './principal.ts';

/** public: no credential (health probes, the console's files, the API description). signed: the body
 * carries its own proof (webhooks, verified by their connector). Otherwise the roles allowed. */
export type Access =
  | { readonly kind: 'public' }
  | { readonly kind: 'signed' }
  | { readonly kind: 'roles'; readonly roles: readonly Role[] };

const publicAccess: Access = { kind: 'public' };
const allowed = (...roles: Role[]): Access => ({ kind: 'roles', roles });

/** The operational views: every person's role; not the machine role `intake`. */
const readOps = allowed('admin', 'operator', 'finance', 'auditor', 'viewer');
/** Retry, resolve, replay. */
const operate = allowed('admin', 'operator');

export const routePermissions: Readonly<Record<string, Access>> = {
  // Liveness for load balancers and orchestrators, which carry no credentials. It shows counts by state,
  // nothing about any record.
  'GET /healthz': publicAccess,
  // Prometheus scrapes with a bearer credential (an API key with the viewer role is enough).
  'GET /metrics': readOps,
  'GET /openapi.json': publicAccess,
  // The console's static files: the app holds no data; its API calls are checked.
  'GET /*': publicAccess,
  'GET /': publicAccess,
  // System-to-system intake: a machine key with the intake role (or an admin).
  'POST /v1/events': allowed('admin', 'intake'),
  'GET /v1/events/:id': readOps,
  'POST /v1/webhooks/:system': { kind: 'signed' },
  'GET /v1/dead-letters': readOps,
  'POST /v1/dead-letters/:id/retry': operate,
  'POST /v1/dead-letters/:id/resolve': operate,
  'GET /v1/admin/overview': readOps,
  'GET /v1/admin/flows': readOps,
  'GET /v1/admin/sla': readOps,
  'GET /v1/admin/alerts': readOps,
  'GET /v1/admin/dead-letters': readOps,
  'GET /v1/admin/dead-letters/:id': readOps,
  'POST /v1/admin/dead-letters/:id/retry': operate,
  'POST /v1/admin/dead-letters/retry': operate,
  'POST /v1/admin/dead-letters/:id/resolve': operate,
  'GET /v1/admin/parked': readOps,
  'GET /v1/admin/lineage': readOps,
  'GET /v1/admin/reconciliation': readOps,
  'GET /v1/admin/reconciliation/sign-offs/:id': readOps,
  // Signing a period off is finance's (and an admin's); operators correct, so they do not also sign.
  'POST /v1/admin/reconciliation/sign-offs': allowed('admin', 'finance'),
  // Who may sign off may follow what they asked for (Prefer: respond-async).
  'GET /v1/admin/reconciliation/sign-off-requests/:id': allowed('admin', 'finance'),
  'GET /v1/admin/reconciliation/runs': readOps,
  'GET /v1/admin/reconciliation/runs/:id': readOps,
  'GET /v1/admin/business/unbilled-time': readOps,
  'GET /v1/admin/business/rejected-expenses': readOps,
  'GET /v1/admin/business/project-setup-failures': readOps,
  'GET /v1/admin/business/invoice-sync-delays': readOps,
  // The audit log: admins and auditors only.
  'GET /v1/admin/audit': allowed('admin', 'auditor'),
  // A posting's provenance shows amounts, cost rates and reference data: finance's and the auditor's.
  'GET /v1/admin/postings/:id/explain': allowed('admin', 'finance', 'auditor'),
};

/** HEAD is answered by its GET route. */
function key(method: string, url: string): string {
  return `${method === 'HEAD' ? 'GET' : method} ${url}`;
}

/** The access a route needs; undefined for a route not in the table. */
export function accessFor(method: string, url: string): Access | undefined {
  return routePermissions[key(method, url)];
}

/** Throws for a route with no entry in the table: used as an onRoute hook, so such a service never starts. */
export function checkRoutePermission(methods: string | readonly string[], url: string): void {
  for (const method of typeof methods === 'string' ? [methods] : methods)
    if (accessFor(method, url) === undefined)
      throw new Error(
        `route ${method} ${url} has no entry in src/security/permissions.ts: decide which roles may call it`,
      );
}

/** Whether a principal holding `held` passes `access` (admin passes every role check). */
export function rolesAllow(access: Access, held: readonly Role[]): boolean {
  if (access.kind !== 'roles') return true;
  return held.some((r) => r === 'admin' || access.roles.includes(r));
}
