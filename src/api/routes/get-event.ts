// GET /v1/events/{id}: an event's state and lineage (what it caused, what was sent, the ids it got).
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/port.ts';
import { problem, sendProblem } from '../problem.ts';
import { commandsOf } from '../../pipeline/command-payload.ts';
import { Type } from '@sinclair/typebox';
import { AnyJson, IdParams, commonProblems, jsonAnswer, problemAnswer } from '../openapi/schemas.ts';
import { maskerFor } from '../../security/masking/mask.ts';

export function registerGetEvent(app: FastifyInstance, store: Store): void {
  app.get<{ Params: { id: string }; Querystring: { source?: string } }>(
    '/v1/events/:id',
    { schema: getEventSchema },
    async (request, reply) => {
      const { id } = request.params;
      const matches = await store.getEvent(id, request.query.source);
      if (matches.length === 0)
        return sendProblem(
          reply,
          problem(
            404,
            'event-not-found',
            'Event not found',
            `No event with id "${id}"${request.query.source ? ` from source "${request.query.source}"` : ''}.`,
          ),
        );
      if (matches.length > 1) {
        return sendProblem(
          reply,
          problem(
            409,
            'ambiguous-event-id',
            'Ambiguous event id',
            `Several sources sent an event with id "${id}"; add ?source=.`,
            { sources: matches.map((m) => m.event.source) },
          ),
        );
      }
      const first = matches[0];
      const lineage = first ? await store.lineage(first.seq) : null;
      if (!lineage)
        return sendProblem(
          reply,
          problem(404, 'event-not-found', 'Event not found', `No event with id "${id}".`),
        );
      const show = (e: typeof lineage.event) => ({
        seq: e.seq,
        id: e.event.id,
        source: e.event.source,
        type: e.event.type,
        subject: e.event.subject,
        state: e.state,
        reasonCode: e.reasonCode,
        reason: e.reason,
        receivedAt: new Date(e.receivedAt).toISOString(),
        completedAt: e.completedAt === null ? null : new Date(e.completedAt).toISOString(),
        replays: e.replays,
      });
      return reply.send({
        ...show(lineage.event),
        event: maskerFor(request.principal).event(lineage.event.event),
        lineage: {
          causedBy: lineage.causedBy ? show(lineage.causedBy) : null,
          caused: lineage.caused.map(show),
          deliveries: lineage.deliveries.map((d) => ({
            seq: d.seq,
            target: d.target,
            kind: d.kind,
            idempotencyKey: d.idempotencyKey,
            state: d.state,
            attempts: d.attempts,
            // Each command the row carries, with the id the target gave it once delivered.
            commands: commandsOf(d).map((c) => ({
              kind: c.kind,
              idempotencyKey: c.idempotencyKey,
              externalId: d.externalRefs.find((r) => r.key === c.idempotencyKey)?.externalId ?? null,
            })),
            lastError: d.lastError,
            reasonCode: d.reasonCode,
            deliveredAt: d.deliveredAt === null ? null : new Date(d.deliveredAt).toISOString(),
          })),
          deadLetters: lineage.deadLetters,
          xrefs: lineage.xrefs,
        },
      });
    },
  );
}

const getEventSchema = {
  summary: "An event's state and lineage: what caused it, what it caused, what was sent and the ids it got",
  tags: ['records'],
  params: IdParams,
  querystring: Type.Object({
    source: Type.Optional(Type.String({ description: 'the sending system, when several used the same id' })),
  }),
  response: {
    200: jsonAnswer(
      'The event, its state and its lineage',
      Type.Object(
        {
          seq: Type.Integer(),
          id: Type.String(),
          source: Type.String(),
          type: Type.String(),
          subject: Type.String(),
          state: Type.String(),
          event: AnyJson,
          lineage: Type.Object(
            {
              causedBy: AnyJson,
              caused: Type.Array(AnyJson),
              deliveries: Type.Array(AnyJson),
              deadLetters: Type.Array(AnyJson),
              xrefs: Type.Array(AnyJson),
            },
            { additionalProperties: true },
          ),
        },
        { additionalProperties: true },
      ),
    ),
    404: problemAnswer('No such event'),
    409: problemAnswer('Several sources sent an event with this id; add ?source='),
    ...commonProblems,
  },
};
