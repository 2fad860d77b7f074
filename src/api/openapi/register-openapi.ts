// The API documents itself: @fastify/swagger collects every route's schema into an OpenAPI 3.1 document
// served at /openapi.json. A route without a summary fails the start, so nothing ships undocumented.
import swagger from '@fastify/swagger';
import type { FastifyInstance, RouteOptions } from 'fastify';
import { ProblemSchema } from './schemas.ts';
import { securitySchemes } from '../../security/openapi-access.ts';

export const openApiPath = '/openapi.json';

function undocumented(route: RouteOptions): boolean {
  const schema = route.schema as { hide?: boolean; summary?: string } | undefined;
  if (schema?.hide === true) return false;
  return typeof schema?.summary !== 'string' || schema.summary.trim() === '';
}

export async function registerOpenApi(app: FastifyInstance, version: string): Promise<void> {
  // Response schemas are documentation; answers are serialized as they are, never filtered by a schema.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.addSchema(ProblemSchema);
  app.addHook('onRoute', (route) => {
    if (route.method === 'HEAD' || (Array.isArray(route.method) && route.method.includes('HEAD'))) return;
    if (undocumented(route))
      throw new Error(
        `route ${String(route.method)} ${route.url} has no schema.summary: document it (src/api/openapi/schemas.ts) or hide it`,
      );
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Ledgerline API',
        version,
        description:
          'Event intake, signed webhooks, lineage, the dead-letter queue and the admin API behind the console. Every error is an RFC 9457 problem document.',
        license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
      },
      tags: [
        { name: 'intake', description: 'events and webhooks from source systems' },
        { name: 'records', description: 'events and their lineage' },
        { name: 'dead letters', description: 'what could not be delivered, and the operator actions' },
        { name: 'operations', description: 'health and metrics' },
      ],
      // Issue 8: the credentials a route that needs a role takes (see src/security/openapi-access.ts).
      components: { securitySchemes },
    },
    refResolver: {
      // Shared schemas keep their $id as their name under components/schemas.
      buildLocalReference: (json, _baseUri, _fragment, i) =>
        typeof json.$id === 'string' ? json.$id : `def-${i}`,
    },
  });
  app.get(openApiPath, { schema: { hide: true } }, () => app.swagger());
}
