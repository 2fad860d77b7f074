// JSON Schema pieces the admin routes share, so /openapi.json describes every answer and every error.
// The route schemas carry OpenAPI's summary, description and tags: @fastify/swagger types them.
import type {} from '@fastify/swagger';
export const problemSchema = {
  type: 'object',
  description: 'RFC 9457 problem details',
  required: ['type', 'title', 'status', 'detail'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
  },
  additionalProperties: true,
} as const;

const problemResponse = {
  description: 'RFC 9457 problem details',
  content: { 'application/problem+json': { schema: problemSchema } },
} as const;

/** The error answers a route can give, each an RFC 9457 problem document (application/problem+json). */
export function problems(...statuses: number[]): Record<string, typeof problemResponse> {
  return Object.fromEntries(statuses.map((s) => [String(s), problemResponse]));
}

export const tags = ['admin'];

/** Any JSON value (an event's payload, a command list): documented as such, sent as it is. */
export const anyJson = { description: 'any JSON value' } as const;

export const nullableString = { type: ['string', 'null'] } as const;
export const nullableInteger = { type: ['integer', 'null'] } as const;
export const nullableNumber = { type: ['number', 'null'] } as const;

export const idParams = {
  type: 'object',
  required: ['id'],
  properties: { id: { type: 'string', description: 'a whole number' } },
} as const;

/** A whole number from a path segment, or undefined. */
export function wholeNumber(text: string): number | undefined {
  return /^[0-9]{1,15}$/.test(text) ? Number(text) : undefined;
}
