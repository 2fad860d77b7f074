// `ledgerline worker --metrics-port`: with `security.auth` configured, the worker's own /metrics needs the
// same credential and roles as the API's GET /metrics (the permissions table's entry), and a refusal is
// answered and audited as the API answers it. Client certificates are not offered there (plain HTTP).
import type { IncomingMessage } from 'node:http';
import type { AuthConfig } from '../../config/security-schema.ts';
import type { Store } from '../../store/port.ts';
import { accessFor, rolesAllow } from '../permissions.ts';
import { bearerChallenge, refusalTitle } from './authentication.ts';
import { credentialChecker } from './credential-check.ts';
import { credentialOf } from './credentials.ts';
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

export function metricsGuard(config: AuthConfig, store: Store): MetricsGuard {
  const checker = credentialChecker(config, store);
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
    if (credential === undefined)
      return refused(request, 'anonymous', 401, 'unauthenticated', `${route} needs ${checker.accepted}.`);
    const result = await checker.check(credential);
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
