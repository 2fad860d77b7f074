// A CrmPipeline is what `POST /admin/seed` loads: accounts and deals in the CRM's own record shapes, each
// deal with the stage changes it went through. Seeding replays those changes into the feed in time order.
// Fields that may be blank can be left out (they are stored as null).
import { Type, type Static } from '@sinclair/typebox';
import { DealStage, Instant, accountFields, dealFields, financeFields } from './vendor/records.ts';

const strict = { additionalProperties: false } as const;

export const SeedAccount = Type.Object(
  {
    id: accountFields.id,
    name: accountFields.name,
    legal_entity: Type.Optional(accountFields.legal_entity),
    default_currency: Type.Optional(accountFields.default_currency),
  },
  strict,
);
export type SeedAccount = Static<typeof SeedAccount>;

export const StageChange = Type.Object({ stage: DealStage, at: Instant }, strict);
export type StageChange = Static<typeof StageChange>;

/** A deal with the stage changes it went through, oldest first; its current stage is the last one. */
export const SeedDeal = Type.Object(
  {
    ...dealFields,
    booking_entity: Type.Optional(financeFields.booking_entity),
    billing_currency: Type.Optional(financeFields.billing_currency),
    billing_model: Type.Optional(financeFields.billing_model),
    tax_code: Type.Optional(financeFields.tax_code),
    stages: Type.Array(StageChange, { minItems: 1, maxItems: 20 }),
  },
  strict,
);
export type SeedDeal = Static<typeof SeedDeal>;

export const CrmPipeline = Type.Object(
  { accounts: Type.Array(SeedAccount), deals: Type.Array(SeedDeal) },
  strict,
);
export type CrmPipeline = Static<typeof CrmPipeline>;
