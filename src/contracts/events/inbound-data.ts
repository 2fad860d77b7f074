// Payloads of inbound events that are facts about an object rather than the object itself.
import { Type } from '@sinclair/typebox';
import { CanonicalId, Instant, PlainDate } from '../primitives.ts';
import { BillingScheduleItem } from '../objects/billing-schedule.ts';

/** The last working day, not an instant: period-end accounting decides by calendar date. */
export const ProjectClosedData = Type.Object(
  { projectId: CanonicalId, closedDate: PlainDate },
  { additionalProperties: false },
);

/**
 * Reconciliation found a PSA's copy of a customer differing from the master (or absent): the master's
 * record is to be written there again. Ledgerline's reconciler sends it; the pipeline acts on it.
 */
export const CustomerResyncRequestedData = Type.Object(
  {
    customerId: CanonicalId,
    /** The PSA system whose copy is to be repaired. */
    system: Type.String({ minLength: 1, maxLength: 64 }),
    finding: Type.Union([Type.Literal('drifted'), Type.Literal('missing')]),
    /** The fields that differed, for a drifted copy. */
    fields: Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 }),
  },
  { additionalProperties: false },
);

/**
 * Only the items released now, each with its amount and date, so the ERP can release them without a
 * look-up and an item released twice is recognised by its id.
 */
export const BillingScheduleReleasedData = Type.Object(
  {
    billingScheduleId: CanonicalId,
    contractId: CanonicalId,
    projectId: CanonicalId,
    items: Type.Array(BillingScheduleItem, { minItems: 1, maxItems: 1000 }),
  },
  { additionalProperties: false },
);

/**
 * An approved time entry no longer counts: deleted in the PSA, or its approval taken back. Its postings
 * in the ERP are to be removed (or reversed where the ERP cannot remove them).
 */
export const TimeWithdrawnData = Type.Object(
  {
    timeEntryId: CanonicalId,
    projectId: CanonicalId,
    reason: Type.Union([Type.Literal('deleted'), Type.Literal('unapproved')]),
    /** When the PSA's change was seen (a PSA without a change log cannot say when it was made). */
    observedAt: Instant,
  },
  { additionalProperties: false },
);

/** An approved expense no longer counts: deleted in the PSA, or its approval taken back. */
export const ExpenseWithdrawnData = Type.Object(
  {
    expenseId: CanonicalId,
    projectId: CanonicalId,
    reason: Type.Union([Type.Literal('deleted'), Type.Literal('unapproved')]),
    observedAt: Instant,
  },
  { additionalProperties: false },
);
