// GET /v1/admin/lineage?q=: find a record by event id or subject (a time entry's canonical id) and show
// its lineage as stages, from the source approval to the target's ids and the feedback.
import type { FastifyInstance } from 'fastify';
import type { Store, StoredEvent } from '../../store/port.ts';
import { invalidQuery, problem, sendProblem } from '../problem.ts';
import { anyJson, tags } from '../admin/schema-parts.ts';
import { problems } from '../openapi/schemas.ts';
import { lineageStages, stageSchema } from '../admin/lineage-stages.ts';
import { maskerFor } from '../../security/masking/mask.ts';

const matchSchema = {
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    eventId: { type: 'string' },
    source: { type: 'string' },
    type: { type: 'string' },
    subject: { type: 'string' },
    state: { type: 'string' },
    receivedAt: { type: 'string', format: 'date-time' },
  },
} as const;

const match = (e: StoredEvent) => ({
  seq: e.seq,
  eventId: e.event.id,
  source: e.event.source,
  type: e.event.type,
  subject: e.event.subject,
  state: e.state,
  receivedAt: new Date(e.receivedAt).toISOString(),
});

export function registerAdminLineage(app: FastifyInstance, store: Store): void {
  app.get<{ Querystring: { q: string; seq?: number } }>(
    '/v1/admin/lineage',
    {
      schema: {
        summary: "A record's lineage, found by event id or subject",
        description:
          'q is an event id or a subject (e.g. `time:sandbox-psa:4711`). Every event received about it is listed in `matches`; the stages are those of `seq` (default: the latest match), walked from its root cause through every delivery, confirmation and feedback.',
        tags,
        querystring: {
          type: 'object',
          required: ['q'],
          properties: {
            q: { type: 'string', minLength: 1, maxLength: 500 },
            seq: { type: 'integer', minimum: 1, description: 'which match to show' },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              matches: { type: 'array', items: matchSchema },
              seq: { type: 'integer' },
              event: anyJson,
              stages: { type: 'array', items: stageSchema },
            },
          },
          ...problems(400, 404, 500),
        },
      },
    },
    async (request, reply) => {
      const q = request.query.q.trim();
      const byId = await store.getEvent(q);
      const matches = byId.length > 0 ? byId : await store.sourceEventsAbout([q]);
      if (matches.length === 0)
        return sendProblem(
          reply,
          problem(
            404,
            'record-not-found',
            'Record not found',
            `No event has the id or subject "${q}". Search by an event id or a canonical id such as time:<system>:<id>.`,
          ),
        );
      const chosen = request.query.seq ?? matches[matches.length - 1]?.seq ?? 0;
      if (!matches.some((m) => m.seq === chosen))
        return sendProblem(reply, invalidQuery(`seq ${chosen} is not one of the matches of "${q}".`));
      const mask = maskerFor(request.principal);
      const found = await lineageStages(store, chosen, mask);
      if (!found)
        return sendProblem(
          reply,
          problem(404, 'record-not-found', 'Record not found', `No event ${chosen}.`),
        );
      return {
        matches: matches.map(match),
        seq: chosen,
        event: mask.event(found.root.event.event),
        stages: found.stages,
      };
    },
  );
}
