import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, CurrencyCode, LegalEntityCode } from '../primitives.ts';
import { PostalAddress } from './postal-address.ts';
import { sensitive } from '../sensitivity/mark.ts';

export const CustomerStatus = Type.Union(
  [Type.Literal('prospect'), Type.Literal('active'), Type.Literal('on-hold'), Type.Literal('archived')],
  { description: 'Lifecycle state: a prospect until vetted, active, on-hold (e.g. credit stop), archived' },
);
export type CustomerStatus = Static<typeof CustomerStatus>;

/**
 * The legal and billing master of a client. The billing fields are optional because a CRM publishes
 * prospects before finance has vetted them; rules refuse to bill a customer that lacks them.
 */
export const Customer = Type.Object(
  {
    id: CanonicalId,
    name: Type.String({ minLength: 1, maxLength: 200, description: 'The name people use' }),
    legalName: Type.Optional(
      Type.String({ minLength: 1, maxLength: 200, description: 'The registered name printed on invoices' }),
    ),
    status: CustomerStatus,
    legalEntityId: Type.Optional(LegalEntityCode),
    billingAddress: Type.Optional(sensitive('financial', PostalAddress)),
    billingCurrency: Type.Optional(CurrencyCode),
    taxId: Type.Optional(
      sensitive(
        'financial',
        Type.String({ minLength: 1, maxLength: 64, description: 'VAT or tax registration number' }),
      ),
    ),
    paymentTermsDays: Type.Optional(
      Type.Integer({ minimum: 0, maximum: 365, description: 'Days from invoice issue to due date' }),
    ),
  },
  { additionalProperties: false, $id: 'Customer' },
);
export type Customer = Static<typeof Customer>;
