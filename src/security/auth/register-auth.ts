// Authentication and authorisation on every request (issue 8): the route's entry in the permissions
// table says whether a credential is needed and which roles may pass; the credential (API key or OIDC
// bearer token) becomes `request.principal`. Every refusal is a 401/403 problem+json and an audit entry.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AuthConfig } from '../../config/security-schema.ts';
import type { Store } from '../../store/port.ts';
import { problem, sendProblem } from '../../api/problem.ts';
import { accessFor, rolesAllow } from '../permissions.ts';
import { bearerChallenge, refusalTitle } from './authentication.ts';
import { credentialChecker } from './credential-check.ts';
import { credentialOf } from './credentials.ts';
import { refusalAuditor } from './refusal-audit.ts';
import { clientCertificateAuthentication, type ClientRoles } from './client-certificate.ts';

/** `clients`: mTLS client certificates that authenticate (security.tls.clients), used when a request
 * carries no Authorization or X-Api-Key header: an explicit credential is checked as ever and wins. */
export function registerAuthentication(
  app: FastifyInstance,
  config: AuthConfig,
  store: Store,
  clients?: ClientRoles,
): void {
  const checker = credentialChecker(config, store, clients !== undefined);
  const { accepted } = checker;
  const auditRefusal = refusalAuditor(store, config.refusalsAuditedPerMinute ?? 60);

  async function refuse(
    request: FastifyRequest,
    reply: FastifyReply,
    status: 401 | 403 | 503,
    reason: string,
    detail: string,
    extensions: Record<string, unknown> = {},
  ): Promise<FastifyReply> {
    const route = `${request.method} ${request.routeOptions.url ?? request.url}`;
    const actor = request.principal?.id ?? 'anonymous';
    request.log.warn({ route, actor, status, reason }, 'request refused');
    try {
      await auditRefusal({ actor, subject: `route:${route}`, detail: { status, reason, ip: request.ip } });
    } catch (error) {
      // The refusal stands even when it cannot be recorded.
      request.log.error({ err: error }, 'could not audit a refused request');
    }
    const challenge = bearerChallenge(status, reason);
    if (challenge !== undefined) void reply.header('www-authenticate', challenge);
    return sendProblem(reply, problem(status, reason, refusalTitle(status), detail, extensions));
  }

  app.addHook('onRequest', async (request, reply) => {
    const url = request.routeOptions.url;
    // No route: the 404 says so; answering 401 would hint that something is there.
    if (url === undefined) return;
    const access = accessFor(request.method, url);
    if (access === undefined)
      return refuse(request, reply, 403, 'forbidden', `${request.method} ${url} is not open to anyone.`);
    if (access.kind !== 'roles') return;
    const credential = credentialOf(request.headers);
    const result =
      credential !== undefined
        ? await checker.check(credential)
        : clients && clientCertificateAuthentication(request.raw.socket, clients);
    if (result === undefined)
      return refuse(request, reply, 401, 'unauthenticated', `${request.method} ${url} needs ${accepted}.`, {
        rolesAllowed: access.roles,
      });
    if (!result.ok) return refuse(request, reply, result.status, result.reason, result.detail);
    request.principal = result.principal;
    if (!rolesAllow(access, result.principal.roles))
      return refuse(
        request,
        reply,
        403,
        'forbidden',
        `${request.method} ${url} needs one of the roles ${access.roles.join(', ')}; ${result.principal.id} has ${result.principal.roles.join(', ') || 'none'}.`,
        { rolesAllowed: access.roles, rolesHeld: result.principal.roles },
      );
  });
}
