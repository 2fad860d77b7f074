import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, Money } from '../primitives.ts';

/** A consultant, with the internal cost rate per hour that project accounting uses. */
export const Resource = Type.Object(
  {
    id: CanonicalId,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    costRate: Money,
  },
  { additionalProperties: false, $id: 'Resource' },
);
export type Resource = Static<typeof Resource>;
