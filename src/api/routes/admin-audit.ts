// The audit log for the console and for auditors: entries in seq order from a cursor, with their hashes,
// so a reader can check the chain itself (or run `ledgerline audit verify`).
import type { FastifyInstance } from 'fastify';
import type { Store } from '../../store/port.ts';
import { anyJson, tags } from '../admin/schema-parts.ts';
import { problems } from '../openapi/schemas.ts';

const entrySchema = {
  type: 'object',
  properties: {
    seq: { type: 'integer' },
    at: { type: 'string', description: 'ISO 8601 UTC' },
    actor: { type: 'string', description: 'cli:<os user>, api, pipeline or system' },
    action: { type: 'string', description: 'e.g. posting.delivered, dead-letter.retried, sign-off.recorded' },
    subject: { type: 'string' },
    detail: anyJson,
    prevHash: { type: 'string' },
    hash: { type: 'string', description: 'SHA-256 over the canonical JSON of the entry and prevHash' },
  },
} as const;

export function registerAdminAudit(app: FastifyInstance, store: Store): void {
  app.get<{ Querystring: { afterSeq?: number; limit?: number } }>(
    '/v1/admin/audit',
    {
      schema: {
        summary: 'Read the tamper-evident audit log from a cursor, oldest first',
        tags,
        querystring: {
          type: 'object',
          properties: {
            afterSeq: { type: 'integer', minimum: 0, default: 0, description: 'entries after this seq' },
            limit: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          },
          additionalProperties: false,
        },
        response: {
          200: {
            type: 'object',
            properties: {
              entries: { type: 'array', items: entrySchema },
              nextAfterSeq: {
                type: ['integer', 'null'],
                description: 'the cursor for the next page; null when this page reached the head',
              },
            },
          },
          ...problems(400, 500),
        },
      },
    },
    async (request) => {
      const limit = request.query.limit ?? 100;
      const entries = await store.listAudit(request.query.afterSeq ?? 0, limit);
      return {
        entries: entries.map((e) => ({ ...e, detail: parsedDetail(e.detail) })),
        nextAfterSeq: entries.length === limit ? (entries.at(-1)?.seq ?? null) : null,
      };
    },
  );
}

/** The stored detail as JSON; a row edited into something else is shown as the text it holds. */
function parsedDetail(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}
