// POST /v1/events: one structured CloudEvent or a batch. Validation is all-or-nothing per request, so a
// batch is either taken whole or refused with every failing field named.
import type { FastifyInstance } from 'fastify';
import { eventCatalog, validateEvent, type CanonicalEvent, type FieldError } from '../../contracts/index.ts';
import type { Intake } from '../../pipeline/intake.ts';
import type { IngestOutcome } from '../../store/port.ts';
import { problem, sendProblem } from '../problem.ts';
import { Type } from '@sinclair/typebox';
import { AnyJson, commonProblems, jsonAnswer, problemAnswer } from '../openapi/schemas.ts';
import { traceHeaderOf } from '../trace-header.ts';

const confirmationTypes = new Set<string>(
  Object.values(eventCatalog)
    .filter((e) => e.direction === 'confirmation')
    .map((e) => e.type),
);

export const maxBatchEvents = 1000;

function outcomeBody(event: CanonicalEvent, outcome: IngestOutcome) {
  const self = `/v1/events/${encodeURIComponent(event.id)}?source=${encodeURIComponent(event.source)}`;
  return outcome.status === 'accepted'
    ? { id: event.id, source: event.source, status: 'accepted', seq: outcome.seq, links: { self } }
    : {
        id: event.id,
        source: event.source,
        status: 'duplicate',
        seq: outcome.seq,
        originalState: outcome.state,
        firstReceivedAt: new Date(outcome.receivedAt).toISOString(),
        links: { self },
      };
}

export function registerPostEvents(app: FastifyInstance, intake: Intake): void {
  app.post('/v1/events', { schema: postEventsSchema }, async (request, reply) => {
    const body = request.body;
    const isBatch = Array.isArray(body);
    const items: unknown[] = isBatch ? body : [body];
    if (items.length === 0)
      return sendProblem(reply, problem(400, 'empty-batch', 'Empty batch', 'The batch holds no events.'));
    if (items.length > maxBatchEvents) {
      return sendProblem(
        reply,
        problem(
          413,
          'batch-too-large',
          'Batch too large',
          `A batch may hold at most ${maxBatchEvents} events; this one holds ${items.length}.`,
        ),
      );
    }
    const events: CanonicalEvent[] = [];
    const unknown: { index: number; type: string | undefined }[] = [];
    const invalid: (FieldError & { index: number })[] = [];
    items.forEach((item, index) => {
      const result = validateEvent(item);
      const prefix = isBatch ? `/${index}` : '';
      if (result.ok) {
        if (confirmationTypes.has(result.event.type)) {
          invalid.push({
            index,
            pointer: `${prefix}/type`,
            message: `${result.event.type} is emitted by Ledgerline and not accepted at intake`,
          });
        } else events.push(result.event);
      } else if (result.kind === 'unknown-type') unknown.push({ index, type: result.type });
      else invalid.push(...result.errors.map((e) => ({ ...e, index, pointer: `${prefix}${e.pointer}` })));
    });
    if (unknown.length > 0) {
      const types = [...new Set(unknown.map((u) => u.type))].join(', ');
      const known = Object.values(eventCatalog)
        .filter((e) => e.direction === 'inbound')
        .map((e) => e.type);
      return sendProblem(
        reply,
        problem(
          400,
          'unknown-event-type',
          'Unknown event type',
          `Unknown event type(s): ${types}. Nothing was accepted.`,
          { knownTypes: known, items: unknown },
        ),
      );
    }
    if (invalid.length > 0) {
      const first = invalid[0];
      return sendProblem(
        reply,
        problem(
          422,
          'invalid-event',
          'Invalid event',
          `${first?.pointer ?? '/'} ${first?.message ?? 'is invalid'}${invalid.length > 1 ? ` (and ${invalid.length - 1} more)` : ''}. Nothing was accepted.`,
          {
            errors: invalid.map((e) => ({ pointer: e.pointer, detail: e.message })),
          },
        ),
      );
    }
    const receivedAt = Date.now();
    const parent = traceHeaderOf(request);
    const outcomes = await intake.submit(events.map((event) => ({ event, receivedAt, parent })));
    const results = events.map((event, i) => {
      const outcome = outcomes[i];
      // The store answers one outcome per event; anything else is a bug, reported as a 500 by the handler.
      if (!outcome)
        throw new Error(`intake returned ${outcomes.length} outcomes for ${events.length} events`);
      return outcomeBody(event, outcome);
    });
    const anyAccepted = outcomes.some((o) => o.status === 'accepted');
    if (!isBatch) return reply.code(anyAccepted ? 202 : 200).send(results[0]);
    return reply
      .code(anyAccepted ? 202 : 200)
      .send({ accepted: outcomes.filter((o) => o.status === 'accepted').length, results });
  });
}

const Outcome = Type.Object(
  {
    id: Type.String(),
    source: Type.String(),
    status: Type.Union([Type.Literal('accepted'), Type.Literal('duplicate')]),
    seq: Type.Integer(),
    links: Type.Object({ self: Type.String() }),
  },
  { additionalProperties: true },
);
const postEventsSchema = {
  summary: 'Submit one CloudEvent or a batch (all or nothing)',
  description:
    'application/cloudevents+json, application/cloudevents-batch+json or application/json. The JSON Schema of each event type comes from `ledgerline contracts export`.',
  tags: ['intake'],
  response: {
    200: jsonAnswer('Every event was a duplicate', AnyJson),
    202: jsonAnswer(
      'Accepted: one outcome, or { accepted, results } for a batch',
      Type.Union([Outcome, Type.Object({ accepted: Type.Integer(), results: Type.Array(Outcome) })]),
    ),
    400: problemAnswer('Empty batch, not JSON, or an unknown event type'),
    413: problemAnswer('Too many events or too many bytes'),
    415: problemAnswer('Unsupported media type'),
    422: problemAnswer('An event breaks its contract; every failing field is named'),
    ...commonProblems,
  },
};
