import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, Hours, Instant, Money, PlainDate } from '../primitives.ts';
import { sensitive } from '../sensitivity/mark.ts';

/**
 * Approved time. `billRate` is the rate the PSA priced the entry at; a billable entry without one (a PSA
 * that keeps no rates) is priced by Ledgerline from the rate card of its project's legal entity.
 */
export const TimeEntry = Type.Object(
  {
    id: CanonicalId,
    projectId: CanonicalId,
    resourceId: CanonicalId,
    workDate: PlainDate,
    hours: Hours,
    billable: Type.Boolean(),
    billRate: Type.Optional(Money),
    description: Type.Optional(Type.String({ maxLength: 1000 })),
    approvedAt: Instant,
    approvedBy: sensitive('personal', Type.String({ minLength: 1, maxLength: 200 })),
  },
  { additionalProperties: false, $id: 'TimeEntry' },
);
export type TimeEntry = Static<typeof TimeEntry>;
