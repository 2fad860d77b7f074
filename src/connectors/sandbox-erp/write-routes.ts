// The ERP's write API: the batch endpoint and the single-project endpoint with an Idempotency-Key
// header. Operations of a batch are applied in order, each answered on its own.
import type { FastifyInstance } from 'fastify';
import { applyOperation } from './apply-operation.ts';
import { sendError } from './http-edge.ts';
import { admit, withReservedKeys } from './request-admission.ts';
import type { ServerContext } from './server-context.ts';
import { MAX_BATCH_OPERATIONS } from './wire.ts';
import type { BatchResponse, OperationResult } from './wire.ts';

function keysOf(operations: readonly unknown[]): string[] {
  const keys: string[] = [];
  for (const operation of operations) {
    const key = (operation as { idempotency_key?: unknown } | null)?.idempotency_key;
    if (typeof key === 'string') keys.push(key);
  }
  return keys;
}

/** The Idempotency-Key header is an RFC 8941 string: quoted, though a bare token is accepted too. */
function headerKey(value: string | string[] | undefined): string | undefined {
  if (typeof value !== 'string') return undefined;
  const quoted = /^"(.*)"$/.exec(value);
  return quoted ? quoted[1] : value;
}

export function registerWriteRoutes(app: FastifyInstance, context: ServerContext): void {
  app.post('/erp/v1/batch', async (request, reply) => {
    if (!admit(context, reply)) return reply;
    const body = request.body as { operations?: unknown } | null | undefined;
    const operations = body?.operations;
    if (!Array.isArray(operations) || operations.length === 0)
      return sendError(
        reply,
        400,
        'invalid_batch',
        'body must be { "operations": [ ... ] } with at least one',
      );
    if (operations.length > MAX_BATCH_OPERATIONS)
      return sendError(
        reply,
        400,
        'batch_too_large',
        `a batch holds at most ${MAX_BATCH_OPERATIONS} operations, got ${operations.length}`,
      );
    const results = await withReservedKeys(context, keysOf(operations), (inFlightElsewhere) => {
      const now = new Date().toISOString();
      return operations.map((operation) =>
        applyOperation(context.state, operation, now, { inFlightElsewhere }),
      );
    });
    context.changed();
    if (context.faults.takeFailAfterApply()) {
      context.state.countFault('failAfterApply');
      return sendError(reply, 502, 'bad_gateway', 'upstream connection lost');
    }
    const response: BatchResponse = { results };
    return reply.code(200).send(response);
  });

  app.post('/erp/v1/projects', async (request, reply) => {
    if (!admit(context, reply)) return reply;
    const key = headerKey(request.headers['idempotency-key']);
    if (!key)
      return sendError(reply, 400, 'idempotency_key_missing', 'the Idempotency-Key header is required');
    const operation = { op: 'project.create', idempotency_key: key, body: request.body };
    const result: OperationResult = await withReservedKeys(context, [key], (inFlightElsewhere) =>
      applyOperation(context.state, operation, new Date().toISOString(), { inFlightElsewhere }),
    );
    context.changed();
    if (context.faults.takeFailAfterApply()) {
      context.state.countFault('failAfterApply');
      return sendError(reply, 502, 'bad_gateway', 'upstream connection lost');
    }
    if ('id' in result) return reply.code(result.status).send({ project_id: result.id });
    return reply.code(result.status).send({ error: result.error });
  });
}
