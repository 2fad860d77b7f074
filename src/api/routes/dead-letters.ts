// The dead-letter queue over HTTP, the same operations as `ledgerline dlq`.
import type { FastifyInstance } from 'fastify';
import type { DeadLetterState, Store } from '../../store/port.ts';
import { problem, sendProblem } from '../problem.ts';

const states = new Set<string>(['open', 'retried', 'resolved']);

export function registerDeadLetters(app: FastifyInstance, store: Store, wake: () => void): void {
  app.get<{ Querystring: { state?: string; limit?: string; reason?: string } }>(
    '/v1/dead-letters',
    async (request, reply) => {
      const { state, limit, reason } = request.query;
      if (state !== undefined && !states.has(state))
        return sendProblem(
          reply,
          problem(400, 'invalid-query', 'Invalid query', 'state must be open, retried or resolved'),
        );
      const n = limit === undefined ? 100 : Number(limit);
      if (!Number.isInteger(n) || n < 1 || n > 1000)
        return sendProblem(
          reply,
          problem(400, 'invalid-query', 'Invalid query', 'limit must be a whole number from 1 to 1000'),
        );
      const filter = {
        limit: n,
        ...(state === undefined ? {} : { state: state as DeadLetterState }),
        // e.g. ?reason=governance. lists every governance conflict
        ...(reason === undefined ? {} : { reasonPrefix: reason }),
      };
      return reply.send({ deadLetters: await store.listDeadLetters(filter) });
    },
  );
  app.post<{ Params: { id: string } }>('/v1/dead-letters/:id/retry', async (request, reply) => {
    const id = Number(request.params.id);
    if (!Number.isInteger(id))
      return sendProblem(
        reply,
        problem(400, 'invalid-id', 'Invalid id', 'A dead-letter id is a whole number.'),
      );
    if (!(await store.retryDeadLetter(id, Date.now())))
      return sendProblem(
        reply,
        problem(409, 'dead-letter-not-open', 'Not open', `Dead letter ${id} does not exist or is not open.`),
      );
    wake();
    return reply.code(202).send({ id, state: 'retried' });
  });
  app.post<{ Params: { id: string }; Body: { note?: unknown } }>(
    '/v1/dead-letters/:id/resolve',
    async (request, reply) => {
      const id = Number(request.params.id);
      const note = request.body?.note;
      if (!Number.isInteger(id))
        return sendProblem(
          reply,
          problem(400, 'invalid-id', 'Invalid id', 'A dead-letter id is a whole number.'),
        );
      if (typeof note !== 'string' || note.trim() === '')
        return sendProblem(
          reply,
          problem(
            422,
            'note-required',
            'Note required',
            'Resolving a dead letter without sending it needs a note saying why.',
          ),
        );
      if (!(await store.resolveDeadLetter(id, note, Date.now())))
        return sendProblem(
          reply,
          problem(
            409,
            'dead-letter-not-open',
            'Not open',
            `Dead letter ${id} does not exist or is not open.`,
          ),
        );
      return reply.send({ id, state: 'resolved' });
    },
  );
}
