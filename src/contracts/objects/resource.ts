import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, Money } from '../primitives.ts';
import { sensitive } from '../sensitivity/mark.ts';

/** A consultant, with the internal cost rate per hour that project accounting uses. */
export const Resource = Type.Object(
  {
    id: CanonicalId,
    name: sensitive('personal', Type.String({ minLength: 1, maxLength: 200 })),
    costRate: sensitive('financial', Money),
    /** The role a rate card prices the consultant's time by, unless it names the consultant. */
    role: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  },
  { additionalProperties: false, $id: 'Resource' },
);
export type Resource = Static<typeof Resource>;
