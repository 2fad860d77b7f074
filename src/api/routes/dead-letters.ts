// The dead-letter queue over HTTP, the same operations as `ledgerline dlq`.
import type { FastifyInstance } from 'fastify';
import type { DeadLetterState, Store } from '../../store/port.ts';
import { invalidId, invalidQuery, problem, sendProblem } from '../problem.ts';
import { auditEntry, requestActor } from '../../audit/record.ts';
import { Type } from '@sinclair/typebox';
import { AnyJson, IdParams, commonProblems, jsonAnswer, problemAnswer } from '../openapi/schemas.ts';
import { maskerFor } from '../../security/masking/mask.ts';

const states = new Set<string>(['open', 'retried', 'resolved']);

const notOpenProblem = (id: number) =>
  problem(409, 'dead-letter-not-open', 'Not open', `Dead letter ${id} does not exist or is not open.`);

export function registerDeadLetters(app: FastifyInstance, store: Store, wake: () => void): void {
  app.get<{ Querystring: { state?: string; limit?: string; reason?: string } }>(
    '/v1/dead-letters',
    { schema: listSchema },
    async (request, reply) => {
      const { state, limit, reason } = request.query;
      if (state !== undefined && !states.has(state))
        return sendProblem(reply, invalidQuery('state must be open, retried or resolved'));
      const n = limit === undefined ? 100 : Number(limit);
      if (!Number.isInteger(n) || n < 1 || n > 1000)
        return sendProblem(reply, invalidQuery('limit must be a whole number from 1 to 1000'));
      const filter = {
        limit: n,
        ...(state === undefined ? {} : { state: state as DeadLetterState }),
        // e.g. ?reason=governance. lists every governance conflict
        ...(reason === undefined ? {} : { reasonPrefix: reason }),
      };
      const mask = maskerFor(request.principal);
      const letters = await store.listDeadLetters(filter);
      return reply.send({ deadLetters: letters.map((d) => ({ ...d, detail: mask.json(d.detail) })) });
    },
  );
  app.post<{ Params: { id: string } }>(
    '/v1/dead-letters/:id/retry',
    { schema: retrySchema },
    async (request, reply) => {
      const id = Number(request.params.id);
      if (!Number.isInteger(id)) return sendProblem(reply, invalidId('dead-letter'));
      if (!(await store.retryDeadLetter(id, Date.now()))) return sendProblem(reply, notOpenProblem(id));
      await store.appendAudit([
        auditEntry(requestActor(request.principal), 'dead-letter.retried', `dead-letter:${id}`),
      ]);
      wake();
      return reply.code(202).send({ id, state: 'retried' });
    },
  );
  app.post<{ Params: { id: string }; Body: { note?: unknown } }>(
    '/v1/dead-letters/:id/resolve',
    { schema: resolveSchema },
    async (request, reply) => {
      const id = Number(request.params.id);
      const note = request.body?.note;
      if (!Number.isInteger(id)) return sendProblem(reply, invalidId('dead-letter'));
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
        return sendProblem(reply, notOpenProblem(id));
      await store.appendAudit([
        auditEntry(requestActor(request.principal), 'dead-letter.resolved', `dead-letter:${id}`, { note }),
      ]);
      return reply.send({ id, state: 'resolved' });
    },
  );
}

const DeadLetterSchema = Type.Object({
  id: Type.Integer(),
  eventSeq: Type.Integer(),
  deliverySeq: Type.Union([Type.Integer(), Type.Null()]),
  reasonCode: Type.String({ description: 'e.g. governance.not_system_of_record, target.rejected' }),
  message: Type.String(),
  detail: AnyJson,
  state: Type.Union([Type.Literal('open'), Type.Literal('retried'), Type.Literal('resolved')]),
  createdAt: Type.Integer({ description: 'ms since the epoch' }),
  closedAt: Type.Union([Type.Integer(), Type.Null()]),
  note: Type.Union([Type.String(), Type.Null()]),
  eventId: Type.String(),
  eventType: Type.String(),
  subject: Type.String(),
});
const stateAnswer = (state: string) =>
  jsonAnswer(`The dead letter is ${state}`, Type.Object({ id: Type.Integer(), state: Type.Literal(state) }));
const notOpen = problemAnswer('The dead letter does not exist or is not open');

const listSchema = {
  summary: 'List dead letters',
  tags: ['dead letters'],
  querystring: Type.Object({
    state: Type.Optional(Type.String({ description: 'open, retried or resolved' })),
    limit: Type.Optional(Type.String({ description: 'whole number from 1 to 1000 (default 100)' })),
    reason: Type.Optional(Type.String({ description: 'reason code prefix, e.g. governance.' })),
  }),
  response: {
    200: jsonAnswer('Dead letters, oldest first', Type.Object({ deadLetters: Type.Array(DeadLetterSchema) })),
    400: problemAnswer('A filter is not valid'),
    ...commonProblems,
  },
};
const retrySchema = {
  summary: 'Send a dead letter again',
  tags: ['dead letters'],
  params: IdParams,
  response: {
    202: stateAnswer('retried'),
    400: problemAnswer('The id is not a whole number'),
    409: notOpen,
    ...commonProblems,
  },
};
const resolveSchema = {
  summary: 'Close a dead letter without sending it, with a note saying why',
  tags: ['dead letters'],
  params: IdParams,
  body: Type.Object({ note: Type.Optional(Type.Unknown({ description: 'why (required, non-empty)' })) }),
  response: {
    200: stateAnswer('resolved'),
    400: problemAnswer('The id is not a whole number'),
    409: notOpen,
    422: problemAnswer('No note was given'),
    ...commonProblems,
  },
};
