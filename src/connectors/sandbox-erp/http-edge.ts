// The HTTP edge every request crosses: bearer authentication and vendor-style JSON errors for
// anything Fastify refuses (bad JSON, wrong media type, too large, unknown route).
import { timingSafeEqual } from 'node:crypto';
import type { FastifyError, FastifyInstance, FastifyReply } from 'fastify';
import type { ServerContext } from './server-context.ts';
import type { ErpErrorBody } from './wire.ts';

export function sendError(reply: FastifyReply, status: number, code: string, message: string): FastifyReply {
  const body: ErpErrorBody = { error: { code, message } };
  return reply.code(status).send(body);
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const fastifyErrorCodes: Readonly<Record<string, string>> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
  FST_ERR_CTP_BODY_TOO_LARGE: 'payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'invalid_content_length',
};

export function installHttpEdge(app: FastifyInstance, context: ServerContext, apiKey: string): void {
  const expected = `Bearer ${apiKey}`;

  app.addHook('onRequest', (request, reply, done) => {
    // Every ERP API request counts, including refused ones; admin calls are not ERP traffic.
    if (request.url.startsWith('/erp/')) {
      context.state.countRequest();
      context.changed();
    }
    const given = request.headers.authorization;
    if (given !== undefined && sameSecret(given, expected)) {
      done();
      return;
    }
    context.state.countRejected('unauthorized');
    context.changed();
    void sendError(
      reply.header('www-authenticate', 'Bearer realm="sandbox-erp"'),
      401,
      'unauthorized',
      'a valid "Authorization: Bearer <api key>" header is required',
    );
  });

  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) {
      // A bug in the simulator, not bad input: say so loudly but keep serving.
      console.error('sandbox-erp internal error', error);
      return sendError(reply, 500, 'internal_error', 'the sandbox ERP failed to process the request');
    }
    const code = fastifyErrorCodes[error.code] ?? 'bad_request';
    context.state.countRejected(code);
    context.changed();
    return sendError(reply, status, code, error.message);
  });

  app.setNotFoundHandler((request, reply) => {
    context.state.countRejected('not_found');
    context.changed();
    return sendError(
      reply,
      404,
      'not_found',
      `no route ${request.method} ${request.url.split('?')[0] ?? ''}`,
    );
  });
}
