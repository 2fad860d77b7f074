// A milestone may be completed straight from planned (not every PSA tracks progress). Completion can be
// withdrawn (the client rejects the deliverable) until the milestone is billed; after that it is final.
import type { MilestoneStatus } from '../../contracts/index.ts';
import type { Lifecycle, TransitionTable } from './machine.ts';

export const milestoneLifecycle = {
  name: 'milestone',
  initial: 'planned',
  transitions: {
    planned: { start: 'in-progress', complete: 'completed' },
    'in-progress': { complete: 'completed' },
    completed: { reopen: 'in-progress', bill: 'billed' },
    billed: {},
  },
} as const satisfies Lifecycle<TransitionTable<MilestoneStatus>>;
