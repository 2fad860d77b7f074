// GET /v1/events/{id}: an event's state and lineage (what it caused, what was sent, the ids it got).
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/port.ts';
import { problem, sendProblem } from '../problem.ts';
import { commandsOf } from '../../pipeline/command-payload.ts';

export function registerGetEvent(app: FastifyInstance, store: Store): void {
  app.get<{ Params: { id: string }; Querystring: { source?: string } }>(
    '/v1/events/:id',
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
        event: lineage.event.event,
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
