import { Type, type Static } from '@sinclair/typebox';
import { CurrencyCode } from '../primitives.ts';

/** A company of the group that owns contracts, books revenue and files tax. */
export const LegalEntity = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 64, description: 'Legal entity code, e.g. "LL-UK"' }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    country: Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2' }),
    functionalCurrency: CurrencyCode,
  },
  { additionalProperties: false, $id: 'LegalEntity' },
);
export type LegalEntity = Static<typeof LegalEntity>;
