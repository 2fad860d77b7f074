import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, Money, PlainDate } from '../primitives.ts';
import { sensitive } from '../sensitivity/mark.ts';

export const PaymentMethod = Type.Union(
  [
    Type.Literal('bank-transfer'),
    Type.Literal('direct-debit'),
    Type.Literal('card'),
    Type.Literal('cheque'),
    Type.Literal('other'),
  ],
  { description: 'How the money arrived' },
);
export type PaymentMethod = Static<typeof PaymentMethod>;

export const PaymentStatus = Type.Union(
  [Type.Literal('received'), Type.Literal('allocated'), Type.Literal('reversed')],
  { description: 'Lifecycle state: received, allocated to the invoice, reversed (e.g. a bounced debit)' },
);
export type PaymentStatus = Static<typeof PaymentStatus>;

/** Money received against one invoice, as the ERP recorded it. */
export const Payment = Type.Object(
  {
    id: CanonicalId,
    invoiceId: CanonicalId,
    amount: Money,
    receivedDate: PlainDate,
    method: PaymentMethod,
    status: PaymentStatus,
    reference: Type.Optional(
      sensitive('financial', Type.String({ minLength: 1, maxLength: 200, description: 'Bank reference' })),
    ),
  },
  { additionalProperties: false, $id: 'Payment' },
);
export type Payment = Static<typeof Payment>;
