import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, CurrencyCode } from '../primitives.ts';

/** The legal and billing master of a client. */
export const Customer = Type.Object(
  {
    id: CanonicalId,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    legalEntityId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    billingCurrency: Type.Optional(CurrencyCode),
    taxId: Type.Optional(Type.String({ maxLength: 64 })),
  },
  { additionalProperties: false, $id: 'Customer' },
);
export type Customer = Static<typeof Customer>;
