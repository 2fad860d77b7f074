// JSON Schemas shared by the routes' documentation. Response schemas document only: the API's serializer
// is plain JSON.stringify (see register-openapi.ts), so a schema can never drop a field from an answer.
import { Type, type TSchema } from '@sinclair/typebox';

export const ProblemSchema = Type.Object(
  {
    type: Type.String({ format: 'uri', description: 'https://ledgerline.dev/problems/<slug>' }),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String({ description: 'what went wrong and what to do about it' }),
    instance: Type.Optional(Type.String()),
  },
  {
    $id: 'Problem',
    title: 'RFC 9457 problem details',
    additionalProperties: true,
    description: 'Every error; extensions (e.g. errors, reasonCode, sources) add what the detail refers to.',
  },
);

/** A documented error answer: RFC 9457 problem details. */
export function problemAnswer(description: string) {
  return { description, content: { 'application/problem+json': { schema: Type.Ref('Problem') } } };
}

/** The error answers a route can give, each an RFC 9457 problem document (application/problem+json). */
export function problems(...statuses: number[]): Record<string, ReturnType<typeof problemAnswer>> {
  return Object.fromEntries(statuses.map((s) => [String(s), problemAnswer('RFC 9457 problem details')]));
}

/** A documented JSON answer. */
export function jsonAnswer(description: string, schema: TSchema) {
  return { description, content: { 'application/json': { schema } } };
}

/** Problems every route may answer. */
export const commonProblems = {
  500: problemAnswer('Ledgerline failed inside; nothing was lost, try again'),
  503: problemAnswer('The store is briefly unreachable; nothing was accepted; send again (Retry-After)'),
} as const;

/** An id in a path: a string here, checked by the handler so its problem says what a good id looks like. */
export const IdParams = Type.Object({ id: Type.String() });

export const AnyJson = Type.Unknown({ description: 'JSON' });
