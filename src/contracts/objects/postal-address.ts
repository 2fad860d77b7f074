import { Type, type Static } from '@sinclair/typebox';

/** A postal address as printed on an invoice: free lines, because address formats differ by country. */
export const PostalAddress = Type.Object(
  {
    lines: Type.Array(Type.String({ minLength: 1, maxLength: 200 }), { minItems: 1, maxItems: 4 }),
    city: Type.String({ minLength: 1, maxLength: 100 }),
    region: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    postalCode: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
  },
  { additionalProperties: false, $id: 'PostalAddress' },
);
export type PostalAddress = Static<typeof PostalAddress>;
