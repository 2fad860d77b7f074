import { Type, type Static } from '@sinclair/typebox';
import { CanonicalId, PlannedHours } from '../primitives.ts';

/** A node of a project's work breakdown. Top-level tasks have no parent. */
export const Task = Type.Object(
  {
    id: CanonicalId,
    projectId: CanonicalId,
    parentTaskId: Type.Optional(CanonicalId),
    name: Type.String({ minLength: 1, maxLength: 200 }),
    plannedHours: PlannedHours,
    billable: Type.Boolean(),
  },
  { additionalProperties: false, $id: 'Task' },
);
export type Task = Static<typeof Task>;

/**
 * A project's whole task tree. It travels whole, not task by task, so a receiver never sees a child
 * before its parent or a tree that is half moved.
 */
export const TaskPlan = Type.Object(
  {
    projectId: CanonicalId,
    tasks: Type.Array(Task, { maxItems: 5000 }),
  },
  { additionalProperties: false, $id: 'TaskPlan' },
);
export type TaskPlan = Static<typeof TaskPlan>;
