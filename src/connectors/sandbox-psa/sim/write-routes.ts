// The PSA's write API. Every write needs an Idempotency-Key; an answer says whether it was a replay
// (`Idempotent-Replayed: true`). Write faults strike before anything is applied (429, 503) or after
// (502, the answer lost), as a real vendor's gateway would.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from './errors.ts';
import { idempotencyKey } from './idempotency.ts';
import type { SandboxCore, WriteKind } from './sandbox-core.ts';

interface RefParams {
  Params: { ref: string };
}
interface IdParams {
  Params: { id: string };
}

export function registerWriteRoutes(app: FastifyInstance, core: SandboxCore): void {
  const write = (
    request: FastifyRequest,
    reply: FastifyReply,
    kind: WriteKind,
    target: string,
  ): FastifyReply => {
    const fault = core.faults.takeWriteFault();
    if (fault?.kind === 'throttled')
      return reply
        .code(429)
        .header('retry-after', String(fault.retryAfterSeconds))
        .send(errorBody('rate_limited', 'too many writes; nothing was applied'));
    if (fault?.kind === 'failed')
      return reply.code(503).send(errorBody('unavailable', 'the PSA is unavailable; nothing was applied'));
    const key = idempotencyKey(request.headers['idempotency-key']);
    const path = request.url.split('?')[0] ?? request.url;
    const answer = core.write(kind, target, request.body, key, `${request.method} ${path}`);
    if (core.faults.takeLostAnswer())
      return reply.code(502).send(errorBody('bad_gateway', 'upstream connection lost'));
    return reply.code(answer.status).header('idempotent-replayed', String(answer.replayed)).send(answer.body);
  };

  app.put<RefParams>('/api/v2/clients/:ref', (request, reply) =>
    write(request, reply, 'client', request.params.ref),
  );
  app.post('/api/v2/engagements', (request, reply) => write(request, reply, 'engagement', ''));
  app.post<IdParams>('/api/v2/projects/:id/invoices', (request, reply) =>
    write(request, reply, 'invoice', request.params.id),
  );
  app.post<IdParams>('/api/v2/projects/:id/payments', (request, reply) =>
    write(request, reply, 'payment', request.params.id),
  );
}
