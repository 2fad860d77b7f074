import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, CurrencyCode, LegalEntityCode, Money, PlainDate } from '../primitives.ts';

const RoleRate = Type.Object(
  {
    role: Type.String({ minLength: 1, maxLength: 100, description: 'e.g. "Senior consultant"' }),
    billRate: Money,
  },
  { additionalProperties: false },
);

/** A rate for one named consultant overrides the rate of their role. */
const ResourceRate = Type.Object(
  { resourceId: CanonicalId, billRate: Money },
  { additionalProperties: false },
);

/**
 * Hourly bill rates from a date on. A change is a new card with a later `effectiveFrom`, never an edit,
 * so time already priced keeps the rate it was priced at.
 */
export const RateCard = Type.Object(
  {
    id: CanonicalId,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    currency: CurrencyCode,
    /** The legal entity whose projects in `currency` it prices, when it prices all of them. */
    legalEntityId: Type.Optional(LegalEntityCode),
    effectiveFrom: PlainDate,
    lines: Type.Array(Type.Union([RoleRate, ResourceRate]), { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false, $id: 'RateCard' },
);
export type RateCard = Static<typeof RateCard>;
