// CloudEvents 1.0 structured-mode envelope. `source` + `id` is the immutable event identity used for
// dedupe; `subject` is the canonical id of the business object; correlation/causation link lineage.
import { Type, type Static, type TSchema } from '@sinclair/typebox';
import { Instant } from '../primitives.ts';

export const envelopeFields = {
  specversion: Type.Literal('1.0'),
  id: Type.String({ minLength: 1, maxLength: 200, description: 'Unique within source; never reused' }),
  source: Type.String({
    minLength: 1,
    maxLength: 200,
    format: 'uri-reference',
    description: 'The producing system',
  }),
  subject: Type.String({
    minLength: 1,
    maxLength: 200,
    description: 'Canonical id of the object the event is about',
  }),
  time: Instant,
  datacontenttype: Type.Optional(Type.Literal('application/json')),
  dataschema: Type.Optional(Type.String({ format: 'uri' })),
  correlationid: Type.Optional(
    Type.String({ maxLength: 200, description: 'Groups every event of one business flow' }),
  ),
  causationid: Type.Optional(
    Type.String({ maxLength: 200, description: 'Id of the event that caused this one' }),
  ),
  // CloudEvents Distributed Tracing extension: the W3C trace context of the flow this event belongs to.
  traceparent: Type.Optional(
    Type.String({
      pattern: '^[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$',
      description: 'W3C Trace Context traceparent (CloudEvents Distributed Tracing extension)',
    }),
  ),
  tracestate: Type.Optional(
    Type.String({
      maxLength: 512,
      description: 'W3C Trace Context tracestate (CloudEvents Distributed Tracing extension)',
    }),
  ),
} as const;

export function cloudEventSchema<TType extends string, TData extends TSchema>(
  type: TType,
  data: TData,
  description: string,
) {
  return Type.Object(
    { ...envelopeFields, type: Type.Literal(type), data },
    { additionalProperties: false, $id: type, title: type, description },
  );
}

/** The envelope without a typed payload, as first parsed at the edge. */
export const AnyCloudEvent = Type.Object(
  { ...envelopeFields, type: Type.String({ minLength: 1, maxLength: 200 }), data: Type.Unknown() },
  { additionalProperties: true },
);
export type AnyCloudEvent = Static<typeof AnyCloudEvent>;
