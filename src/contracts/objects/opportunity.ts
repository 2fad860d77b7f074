import { Type, type Static } from '@sinclair/typebox';
import {
  CanonicalId,
  CurrencyCode,
  LegalEntityCode,
  Money,
  PlainDate,
  ReferenceCode,
} from '../primitives.ts';
import { BillingModel } from './project.ts';

export const OpportunityStatus = Type.Union(
  [Type.Literal('open'), Type.Literal('closed-won'), Type.Literal('closed-lost')],
  { description: 'Lifecycle state of the deal in the CRM' },
);
export type OpportunityStatus = Static<typeof OpportunityStatus>;

/**
 * A CRM deal. A won one becomes a PSA project and an ERP contract. `amount` is the value sales
 * forecast; `currency` is the one the work will be billed in, which can differ. The finance fields are
 * optional because sales often leaves them blank; the project's readiness rules name what is missing.
 */
export const Opportunity = Type.Object(
  {
    id: CanonicalId,
    customerId: CanonicalId,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    status: OpportunityStatus,
    amount: Money,
    expectedStartDate: PlainDate,
    legalEntityId: Type.Optional(LegalEntityCode),
    currency: Type.Optional(CurrencyCode),
    billingModel: Type.Optional(BillingModel),
    taxCode: Type.Optional(ReferenceCode),
  },
  { additionalProperties: false, $id: 'Opportunity' },
);
export type Opportunity = Static<typeof Opportunity>;
