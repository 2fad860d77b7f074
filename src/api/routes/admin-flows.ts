// GET /v1/admin/flows: each workflow (the event types that start it) and how far its events got.
import type { FastifyInstance } from 'fastify';
import type { DeadLetter, Store } from '../../store/port.ts';
import { summarizeWorkflows, workflows } from '../../demo/quote-to-cash/workflows.ts';
import { domainOfEventType } from '../../governance/domain-of.ts';
import { tags } from '../admin/schema-parts.ts';
import { problems } from '../openapi/schemas.ts';

export function registerAdminFlows(app: FastifyInstance, store: Store): void {
  app.get(
    '/v1/admin/flows',
    {
      schema: {
        summary: 'Flows per workflow',
        description:
          'Per workflow (the event types that start it, e.g. approved time -> ERP): events received, completed, confirmed by the target, in flight, parked, rejected and dead, and the reason codes of its dead letters.',
        tags,
        response: {
          200: {
            type: 'object',
            properties: {
              flows: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    workflow: { type: 'string' },
                    domain: { type: ['string', 'null'] },
                    types: { type: 'array', items: { type: 'string' } },
                    received: { type: 'integer' },
                    completed: { type: 'integer' },
                    confirmed: { type: ['integer', 'null'] },
                    inFlight: { type: 'integer' },
                    parked: { type: 'integer' },
                    rejected: { type: 'integer' },
                    dead: { type: 'integer' },
                    reasons: { type: 'object', additionalProperties: { type: 'integer' } },
                  },
                },
              },
            },
          },
          ...problems(500),
        },
      },
    },
    async () => {
      const stats = await store.stats();
      const letters: DeadLetter[] = [];
      for (const state of ['open', 'retried', 'resolved'] as const)
        letters.push(...(await store.listDeadLetters({ state, limit: 100_000 })));
      const summaries = summarizeWorkflows(stats, letters);
      return {
        flows: summaries.map((s, i) => {
          const types = workflows[i]?.types ?? [];
          return {
            ...s,
            types,
            domain: types[0] === undefined ? null : (domainOfEventType(types[0]) ?? null),
          };
        }),
      };
    },
  );
}
