import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, CurrencyCode, LegalEntityCode, Money } from '../primitives.ts';
import { BillingModel } from './project.ts';

/**
 * What the client signed for a project: the ERP bills against it. `value` is the fee for fixed-fee
 * work and the agreed estimate or cap otherwise; it is in the contract's `currency`.
 */
export const Contract = Type.Object(
  {
    id: CanonicalId,
    projectId: CanonicalId,
    customerId: CanonicalId,
    legalEntityId: LegalEntityCode,
    opportunityId: Type.Optional(CanonicalId),
    billingModel: BillingModel,
    currency: CurrencyCode,
    value: Money,
  },
  { additionalProperties: false, $id: 'Contract' },
);
export type Contract = Static<typeof Contract>;
