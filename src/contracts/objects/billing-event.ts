import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, Money } from '../primitives.ts';

export const BillingEventKind = Type.Union(
  [Type.Literal('time'), Type.Literal('expense'), Type.Literal('milestone'), Type.Literal('retainer')],
  { description: 'What gave rise to the billable amount' },
);
export type BillingEventKind = Static<typeof BillingEventKind>;

/**
 * A billable amount waiting to be invoiced. `sourceId` names what caused it (the time entry, expense,
 * milestone or retainer contract), so every invoice line can be traced back to an approval.
 */
export const BillingEvent = Type.Object(
  {
    id: CanonicalId,
    projectId: CanonicalId,
    kind: BillingEventKind,
    amount: Money,
    sourceId: CanonicalId,
    description: Type.Optional(Type.String({ maxLength: 1000 })),
  },
  { additionalProperties: false, $id: 'BillingEvent' },
);
export type BillingEvent = Static<typeof BillingEvent>;
