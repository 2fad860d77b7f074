// Payloads of inbound events that are facts about an object rather than the object itself.
import { Type } from '@sinclair/typebox';
import { CanonicalId, PlainDate } from '../primitives.ts';
import { BillingScheduleItem } from '../objects/billing-schedule.ts';

/** The last working day, not an instant: period-end accounting decides by calendar date. */
export const ProjectClosedData = Type.Object(
  { projectId: CanonicalId, closedDate: PlainDate },
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
