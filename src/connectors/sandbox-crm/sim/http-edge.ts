// The HTTP edge every request crosses: bearer authentication (API and admin alike) and vendor-style JSON
// errors for refusals, for anything Fastify refuses (bad JSON, too large) and for unknown routes.
import { timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance } from 'fastify';
import { SandboxCrmError, errorBody } from './errors.ts';

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function installHttpEdge(app: FastifyInstance, apiKey: string): void {
  const expected = `Bearer ${apiKey}`;

  app.addHook('onRequest', (request, reply, done) => {
    const given = request.headers.authorization;
    if (given !== undefined && sameSecret(given, expected)) {
      done();
      return;
    }
    void reply
      .code(401)
      .header('www-authenticate', 'Bearer realm="sandbox-crm"')
      .send(errorBody('unauthorized', 'a valid "Authorization: Bearer <api key>" header is required'));
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    if (error instanceof SandboxCrmError)
      return reply.code(error.status).send(errorBody(error.code, error.message, error.details));
    const status = error.statusCode;
    if (status !== undefined && status >= 400 && status < 500)
      return reply.code(status).send(errorBody('invalid_request', error.message));
    return reply.code(500).send(errorBody('internal', `sandbox bug: ${error.message}`));
  });

  app.setNotFoundHandler((request, reply) =>
    reply
      .code(404)
      .send(errorBody('not_found', `no route ${request.method} ${request.url.split('?')[0] ?? ''}`)),
  );
}
