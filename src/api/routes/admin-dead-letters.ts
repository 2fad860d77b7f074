// The dead-letter queue for the console: list with filters (reason, domain, legal entity, state),
// inspect one (its event's payload, the delivery's commands, the error), retry one, retry every open one a
// filter selects, and resolve one with a comment.
import type { FastifyInstance } from 'fastify';
import type { DeadLetterState, Store } from '../../store/port.ts';
import { invalidId, problem, sendProblem } from '../problem.ts';
import { anyJson, idParams, tags, wholeNumber } from '../admin/schema-parts.ts';
import { problems } from '../openapi/schemas.ts';
import { auditEntry, requestActor } from '../../audit/record.ts';
import {
  deadLetterViewSchema,
  facetsOf,
  facetsSchema,
  findDeadLetters,
  type DeadLetterFilter,
} from '../admin/dead-letter-view.ts';
import { factsOf } from '../admin/event-facts.ts';
import { maskerFor } from '../../security/masking/mask.ts';

interface FilterQuery {
  state?: DeadLetterState;
  reason?: string;
  domain?: string;
  entity?: string;
}

const filterProperties = {
  reason: { type: 'string', minLength: 1, maxLength: 200, description: 'reason code or prefix, e.g. erp.' },
  domain: { type: 'string', minLength: 1, maxLength: 100, description: 'data domain, e.g. project, time' },
  entity: { type: 'string', minLength: 1, maxLength: 100, description: 'legal entity, e.g. LL-UK' },
} as const;

function filterOf(q: FilterQuery): DeadLetterFilter {
  return {
    ...(q.state === undefined ? {} : { state: q.state }),
    ...(q.reason === undefined ? {} : { reason: q.reason }),
    ...(q.domain === undefined ? {} : { domain: q.domain }),
    ...(q.entity === undefined ? {} : { entity: q.entity }),
  };
}

const notFound = (id: string) =>
  problem(404, 'dead-letter-not-found', 'Dead letter not found', `There is no dead letter ${id}.`);
const notOpen = (id: number) =>
  problem(
    409,
    'dead-letter-not-open',
    'Not open',
    `Dead letter ${id} is not open (it was retried or resolved).`,
  );

export function registerAdminDeadLetters(app: FastifyInstance, store: Store, wake: () => void): void {
  app.get<{ Querystring: FilterQuery & { limit?: number } }>(
    '/v1/admin/dead-letters',
    {
      schema: {
        summary: 'List dead letters by reason, domain, legal entity and state',
        tags,
        querystring: {
          type: 'object',
          properties: {
            state: { type: 'string', enum: ['open', 'retried', 'resolved'] },
            ...filterProperties,
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer', description: 'how many match (the list stops at limit)' },
              deadLetters: { type: 'array', items: deadLetterViewSchema },
              facets: facetsSchema,
            },
          },
          ...problems(400, 500),
        },
      },
    },
    async (request) => {
      const found = await findDeadLetters(store, filterOf(request.query));
      const mask = maskerFor(request.principal);
      return {
        total: found.length,
        deadLetters: found
          .slice(0, request.query.limit ?? 200)
          .map((d) => ({ ...d, detail: mask.json(d.detail) })),
        facets: facetsOf(found),
      };
    },
  );

  app.get<{ Params: { id: string } }>(
    '/v1/admin/dead-letters/:id',
    {
      schema: {
        summary: 'Inspect a dead letter: its event, payload, delivery and error',
        tags,
        params: idParams,
        response: {
          200: {
            type: 'object',
            properties: {
              deadLetter: deadLetterViewSchema,
              event: anyJson,
              delivery: {
                type: ['object', 'null'],
                properties: {
                  seq: { type: 'integer' },
                  target: { type: 'string' },
                  kind: { type: 'string' },
                  state: { type: 'string' },
                  attempts: { type: 'integer' },
                  lastError: { type: ['string', 'null'] },
                  reasonCode: { type: ['string', 'null'] },
                  commands: anyJson,
                },
              },
            },
          },
          ...problems(400, 404, 500),
        },
      },
    },
    async (request, reply) => {
      const id = wholeNumber(request.params.id);
      if (id === undefined) return sendProblem(reply, invalidId('dead-letter'));
      const letter = await store.getDeadLetter(id);
      if (!letter) return sendProblem(reply, notFound(request.params.id));
      const lineage = await store.lineage(letter.eventSeq);
      const facts = lineage
        ? (await factsOf(store, [lineage.event.event]))(lineage.event.event)
        : { domain: null, entity: null };
      const delivery = lineage?.deliveries.find((d) => d.seq === letter.deliverySeq);
      const mask = maskerFor(request.principal);
      return {
        deadLetter: { ...letter, detail: mask.json(letter.detail), ...facts },
        event: lineage ? mask.event(lineage.event.event) : null,
        delivery:
          delivery === undefined
            ? null
            : {
                seq: delivery.seq,
                target: delivery.target,
                kind: delivery.kind,
                state: delivery.state,
                attempts: delivery.attempts,
                lastError: delivery.lastError,
                reasonCode: delivery.reasonCode,
                commands: mask.json(JSON.parse(delivery.payload)),
              },
      };
    },
  );

  app.post<{ Params: { id: string } }>(
    '/v1/admin/dead-letters/:id/retry',
    {
      schema: {
        summary: 'Send one dead letter back into the pipeline',
        tags,
        params: idParams,
        response: {
          202: {
            type: 'object',
            properties: { id: { type: 'integer' }, state: { type: 'string', enum: ['retried'] } },
          },
          ...problems(400, 404, 409, 500),
        },
      },
    },
    async (request, reply) => {
      const id = wholeNumber(request.params.id);
      if (id === undefined) return sendProblem(reply, invalidId('dead-letter'));
      if (!(await store.getDeadLetter(id))) return sendProblem(reply, notFound(request.params.id));
      if (!(await store.retryDeadLetter(id, Date.now()))) return sendProblem(reply, notOpen(id));
      await store.appendAudit([
        auditEntry(requestActor(request.principal), 'dead-letter.retried', `dead-letter:${id}`),
      ]);
      wake();
      return reply.code(202).send({ id, state: 'retried' });
    },
  );

  app.post<{ Body: Omit<FilterQuery, 'state'> }>(
    '/v1/admin/dead-letters/retry',
    {
      schema: {
        summary: 'Retry every open dead letter a filter selects',
        description:
          'Retries the open dead letters matching reason (code or prefix), domain and entity; at least one is required, so an empty body never retries the whole queue.',
        tags,
        body: {
          type: 'object',
          properties: filterProperties,
          additionalProperties: false,
        },
        response: {
          202: {
            type: 'object',
            properties: {
              retried: { type: 'integer' },
              ids: { type: 'array', items: { type: 'integer' } },
            },
          },
          ...problems(400, 422, 500),
        },
      },
    },
    async (request, reply) => {
      const body = request.body ?? {};
      if (body.reason === undefined && body.domain === undefined && body.entity === undefined)
        return sendProblem(
          reply,
          problem(
            422,
            'filter-required',
            'Filter required',
            'Name a reason, domain or entity: a bulk retry never takes the whole queue by accident.',
          ),
        );
      const open = await findDeadLetters(store, { ...filterOf(body), state: 'open' });
      const ids: number[] = [];
      for (const d of open) if (await store.retryDeadLetter(d.id, Date.now())) ids.push(d.id);
      if (ids.length > 0) {
        await store.appendAudit(
          ids.map((retried) =>
            auditEntry(requestActor(request.principal), 'dead-letter.retried', `dead-letter:${retried}`),
          ),
        );
        wake();
      }
      return reply.code(202).send({ retried: ids.length, ids });
    },
  );

  app.post<{ Params: { id: string }; Body: { note: string } }>(
    '/v1/admin/dead-letters/:id/resolve',
    {
      schema: {
        summary: 'Close a dead letter without sending it, with a comment saying why',
        tags,
        params: idParams,
        body: {
          type: 'object',
          required: ['note'],
          properties: { note: { type: 'string', minLength: 1, maxLength: 2000 } },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              id: { type: 'integer' },
              state: { type: 'string', enum: ['resolved'] },
              note: { type: 'string' },
            },
          },
          ...problems(400, 404, 409, 422, 500),
        },
      },
    },
    async (request, reply) => {
      const id = wholeNumber(request.params.id);
      if (id === undefined) return sendProblem(reply, invalidId('dead-letter'));
      const note = request.body.note.trim();
      if (note === '')
        return sendProblem(
          reply,
          problem(
            422,
            'note-required',
            'Note required',
            'Resolving a dead letter needs a comment saying why.',
          ),
        );
      if (!(await store.getDeadLetter(id))) return sendProblem(reply, notFound(request.params.id));
      if (!(await store.resolveDeadLetter(id, note, Date.now()))) return sendProblem(reply, notOpen(id));
      await store.appendAudit([
        auditEntry(requestActor(request.principal), 'dead-letter.resolved', `dead-letter:${id}`, { note }),
      ]);
      return { id, state: 'resolved', note };
    },
  );
}
