import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, Money, PlainDate } from '../primitives.ts';

export const BillingScheduleItemStatus = Type.Union(
  [Type.Literal('scheduled'), Type.Literal('released'), Type.Literal('invoiced')],
  { description: 'Lifecycle state: scheduled, released for invoicing, invoiced' },
);
export type BillingScheduleItemStatus = Static<typeof BillingScheduleItemStatus>;

/** One planned invoice amount. Tied to a milestone when completing the milestone is what releases it. */
export const BillingScheduleItem = Type.Object(
  {
    id: CanonicalId,
    milestoneId: Type.Optional(CanonicalId),
    billingDate: PlainDate,
    amount: Money,
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    status: BillingScheduleItemStatus,
  },
  { additionalProperties: false, $id: 'BillingScheduleItem' },
);
export type BillingScheduleItem = Static<typeof BillingScheduleItem>;

/** When a contract is billed, and how much: fixed-fee and retainer work bill from this, not from time. */
export const BillingSchedule = Type.Object(
  {
    id: CanonicalId,
    contractId: CanonicalId,
    projectId: CanonicalId,
    items: Type.Array(BillingScheduleItem, { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false, $id: 'BillingSchedule' },
);
export type BillingSchedule = Static<typeof BillingSchedule>;
