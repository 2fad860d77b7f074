// GET /v1/admin/parked: events waiting on master data or on another system's id, filtered by what they
// wait for (the park key's prefix), domain and legal entity.
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/port.ts';
import { factsOf } from '../admin/event-facts.ts';
import { tags } from '../admin/schema-parts.ts';
import { problems } from '../openapi/schemas.ts';

const scanLimit = 10_000;

/** `xref|project:sandbox-psa:P-1|sandbox-erp` -> `xref|project:`; `master|resource|R-1` -> `master|resource|`. */
function waitKind(parkKey: string): string {
  const [kind, rest = ''] = parkKey.split('|', 2);
  return kind === 'xref' ? `xref|${rest.split(':')[0] ?? ''}:` : `${kind ?? ''}|${rest}|`;
}

export function registerAdminParked(app: FastifyInstance, store: Store): void {
  app.get<{ Querystring: { reason?: string; domain?: string; entity?: string; limit?: number } }>(
    '/v1/admin/parked',
    {
      schema: {
        summary: 'List parked events by what they wait for, domain and legal entity',
        description:
          'reason is a prefix of the park key: `xref|project:` (waiting for a project to exist in a target), `master|resource|` (waiting for a consultant), `master|periods|` (a closed period).',
        tags,
        querystring: {
          type: 'object',
          properties: {
            reason: { type: 'string', minLength: 1, maxLength: 200 },
            domain: { type: 'string', minLength: 1, maxLength: 100 },
            entity: { type: 'string', minLength: 1, maxLength: 100 },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 200 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              total: { type: 'integer' },
              parked: {
                type: 'array',
                items: {
                  type: 'object',
                  properties: {
                    seq: { type: 'integer' },
                    eventId: { type: 'string' },
                    source: { type: 'string' },
                    type: { type: 'string' },
                    subject: { type: 'string' },
                    domain: { type: ['string', 'null'] },
                    entity: { type: ['string', 'null'] },
                    waitingFor: { type: 'string', description: 'the park key that releases it' },
                    reason: { type: ['string', 'null'] },
                    receivedAt: { type: 'string', format: 'date-time' },
                    ageMs: { type: 'integer' },
                  },
                },
              },
              facets: {
                type: 'object',
                properties: {
                  reasons: { type: 'object', additionalProperties: { type: 'integer' } },
                  domains: { type: 'object', additionalProperties: { type: 'integer' } },
                  entities: { type: 'object', additionalProperties: { type: 'integer' } },
                },
              },
            },
          },
          ...problems(400, 500),
        },
      },
    },
    async (request) => {
      const { reason, domain, entity } = request.query;
      const parked = await store.listParked({
        limit: scanLimit,
        ...(reason === undefined ? {} : { keyPrefix: reason }),
      });
      const facts = await factsOf(
        store,
        parked.map((p) => p.event),
      );
      const now = Date.now();
      const rows = parked
        .map((p) => ({
          seq: p.seq,
          eventId: p.event.id,
          source: p.event.source,
          type: p.event.type,
          subject: p.event.subject,
          ...facts(p.event),
          waitingFor: p.parkKey,
          reason: p.reason,
          receivedAt: new Date(p.receivedAt).toISOString(),
          ageMs: Math.max(0, now - p.receivedAt),
        }))
        .filter(
          (p) =>
            (domain === undefined || p.domain === domain) && (entity === undefined || p.entity === entity),
        );
      const count = (values: readonly (string | null)[]) => {
        const out: Record<string, number> = {};
        for (const v of values) if (v !== null) out[v] = (out[v] ?? 0) + 1;
        return out;
      };
      return {
        total: rows.length,
        parked: rows.slice(0, request.query.limit ?? 200),
        facets: {
          // What kind of thing they wait for, as a prefix the reason filter takes.
          reasons: count(rows.map((r) => waitKind(r.waitingFor))),
          domains: count(rows.map((r) => r.domain)),
          entities: count(rows.map((r) => r.entity)),
        },
      };
    },
  );
}
