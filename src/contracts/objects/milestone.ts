import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, Money, PlainDate } from '../primitives.ts';

export const MilestoneStatus = Type.Union(
  [Type.Literal('planned'), Type.Literal('in-progress'), Type.Literal('completed'), Type.Literal('billed')],
  { description: 'Lifecycle state of the milestone' },
);
export type MilestoneStatus = Static<typeof MilestoneStatus>;

/** A deliverable whose completion the client pays for; completing it releases its billing. */
export const Milestone = Type.Object(
  {
    id: CanonicalId,
    projectId: CanonicalId,
    contractId: CanonicalId,
    name: Type.String({ minLength: 1, maxLength: 200 }),
    dueDate: PlainDate,
    amount: Money,
    status: MilestoneStatus,
    completedDate: Type.Optional(PlainDate),
  },
  { additionalProperties: false, $id: 'Milestone' },
);
export type Milestone = Static<typeof Milestone>;
