// JSON Schema pieces the admin routes share, so /openapi.json describes every answer; their problem
// answers come from openapi/schemas.ts like every route's. The route schemas carry OpenAPI's summary,
// description and tags: @fastify/swagger types them.
import type {} from '@fastify/swagger';
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
