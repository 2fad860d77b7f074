// `ledgerline worker --metrics-port`: with `security.auth` configured, the worker's own /metrics needs the
// same credential and roles as the API's GET /metrics (the permissions table's entry), and a refusal is
// answered and audited as the API answers it. With `security.tls` the endpoint is HTTPS, and a client
// certificate listed in `security.tls.clients` authenticates there as it does on the API.
import type { IncomingMessage } from 'node:http';
import type { AuthConfig } from '../../config/security-schema.ts';
import type { Store } from '../../store/port.ts';
import { accessFor, rolesAllow } from '../permissions.ts';
import { bearerChallenge, refusalTitle } from './authentication.ts';
import { credentialChecker } from './credential-check.ts';
import { credentialOf } from './credentials.ts';
import { clientCertificateAuthentication, type ClientRoles } from './client-certificate.ts';
import { refusalAuditor } from './refusal-audit.ts';

const route = 'GET /metrics';

export type MetricsAccess =
  | { readonly ok: true }
  | {
      readonly ok: false;
      readonly status: 401 | 403 | 503;
      readonly reason: string;
      readonly title: string;
      readonly detail: string;
      readonly challenge: string | undefined;
    };

export type MetricsGuard = (request: IncomingMessage) => Promise<MetricsAccess>;

/** `clients`: mTLS client certificates that authenticate when a scrape sends no Authorization header. */
export function metricsGuard(config: AuthConfig, store: Store, clients?: ClientRoles): MetricsGuard {
  const checker = credentialChecker(config, store, clients !== undefined);
  const auditRefusal = refusalAuditor(store, config.refusalsAuditedPerMinute ?? 60);
  const access = accessFor('GET', '/metrics');
  if (access === undefined) throw new Error(`${route} has no entry in the permissions table`);

  async function refused(
    request: IncomingMessage,
    actor: string,
    status: 401 | 403 | 503,
    reason: string,
    detail: string,
  ): Promise<MetricsAccess> {
    try {
      await auditRefusal({
        actor,
        subject: `route:${route}`,
        detail: { status, reason, ip: request.socket.remoteAddress ?? null, at: 'worker metrics' },
      });
    } catch {
      // The refusal stands even when it cannot be recorded.
    }
    return {
      ok: false,
      status,
      reason,
      title: refusalTitle(status),
      detail,
      challenge: bearerChallenge(status, reason),
    };
  }

  return async (request) => {
    if (access.kind !== 'roles') return { ok: true };
    const credential = credentialOf(request.headers);
    const result =
      credential !== undefined
        ? await checker.check(credential)
        : clients && clientCertificateAuthentication(request.socket, clients);
    if (result === undefined)
      return refused(request, 'anonymous', 401, 'unauthenticated', `${route} needs ${checker.accepted}.`);
    if (!result.ok) return refused(request, 'anonymous', result.status, result.reason, result.detail);
    if (!rolesAllow(access, result.principal.roles))
      return refused(
        request,
        result.principal.id,
        403,
        'forbidden',
        `${route} needs one of the roles ${access.roles.join(', ')}; ${result.principal.id} has ${result.principal.roles.join(', ') || 'none'}.`,
      );
    return { ok: true };
  };
}
