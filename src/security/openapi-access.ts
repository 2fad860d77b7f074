// The API description says who may call each route: a route that needs a role gets the security schemes,
// its 401 and 403 answers, and the roles allowed in its description, all from the permissions table.
import type { RouteOptions } from 'fastify';
import { problemAnswer } from '../api/openapi/schemas.ts';
import { accessFor } from './permissions.ts';

export const securitySchemes = {
  bearer: {
    type: 'http',
    scheme: 'bearer',
    description:
      'An access token (JWT) from the configured OIDC issuer, or an API key (llk_...) from `ledgerline apikey create`.',
  },
  apiKey: { type: 'apiKey', in: 'header', name: 'X-Api-Key', description: 'An API key (llk_...).' },
} as const;

/** Adds what the permissions table says to a route's documentation (an onRoute hook, before swagger's). */
export function documentAccess(route: RouteOptions): void {
  const method = Array.isArray(route.method) ? route.method[0] : route.method;
  if (typeof method !== 'string' || route.schema === undefined) return;
  const access = accessFor(method, route.url);
  if (access?.kind !== 'roles') return;
  const schema = route.schema as { description?: string; response?: Record<string, unknown> };
  const roles = `Roles: ${access.roles.join(', ')} (when security.auth is configured).`;
  route.schema = {
    ...route.schema,
    description: schema.description === undefined ? roles : `${schema.description}\n\n${roles}`,
    security: [{ bearer: [] }, { apiKey: [] }],
    response: {
      ...schema.response,
      401: problemAnswer('No credential, or one that is expired, revoked or not from the configured issuer'),
      403: problemAnswer('Authenticated, but none of its roles may do this'),
    },
  };
}
