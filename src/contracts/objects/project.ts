import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, CurrencyCode, LegalEntityCode, ReferenceCode } from '../primitives.ts';

export const TaxTreatment = Type.Union(
  [
    Type.Literal('standard'),
    Type.Literal('reduced'),
    Type.Literal('zero-rated'),
    Type.Literal('exempt'),
    Type.Literal('reverse-charge'),
  ],
  { description: 'How the ERP taxes the project billing' },
);
export type TaxTreatment = Static<typeof TaxTreatment>;

export const BillingModel = Type.Union(
  [
    Type.Literal('time-and-materials'),
    Type.Literal('fixed-fee'),
    Type.Literal('retainer'),
    Type.Literal('non-billable'),
  ],
  { description: 'How the project is billed' },
);
export type BillingModel = Static<typeof BillingModel>;

export const ProjectStatus = Type.Union(
  [Type.Literal('draft'), Type.Literal('active'), Type.Literal('on-hold'), Type.Literal('closed')],
  { description: 'Lifecycle state: draft until set up, active while work is booked, on-hold, closed' },
);
export type ProjectStatus = Static<typeof ProjectStatus>;

/**
 * A delivery project. Financial fields are optional in the contract because a PSA may publish a project
 * before finance has completed it; the readiness rules refuse to provision an incomplete one.
 */
export const Project = Type.Object(
  {
    id: CanonicalId,
    code: Type.String({
      minLength: 1,
      maxLength: 64,
      description: 'Human project code, e.g. "ACME-2026-01"',
    }),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    customerId: Type.Optional(CanonicalId),
    /** The client's name as the PSA shows it, for an ERP that sets the client up with the project. */
    customerName: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    legalEntityId: Type.Optional(LegalEntityCode),
    currency: Type.Optional(CurrencyCode),
    taxTreatment: Type.Optional(TaxTreatment),
    billingModel: Type.Optional(BillingModel),
    taxCode: Type.Optional(ReferenceCode),
    costCentre: Type.Optional(ReferenceCode),
    department: Type.Optional(ReferenceCode),
    opportunityId: Type.Optional(CanonicalId),
    status: Type.Optional(ProjectStatus),
  },
  { additionalProperties: false, $id: 'Project' },
);
export type Project = Static<typeof Project>;
