// A project is a draft until it is set up for billing. A closed project can be reopened, because late
// approvals after closing are common and must post to the same project.
import type { ProjectStatus } from '../../contracts/index.ts';
import type { Lifecycle, TransitionTable } from './machine.ts';

export const projectLifecycle = {
  name: 'project',
  initial: 'draft',
  transitions: {
    draft: { activate: 'active' },
    active: { hold: 'on-hold', close: 'closed' },
    'on-hold': { resume: 'active', close: 'closed' },
    closed: { reopen: 'active' },
  },
} as const satisfies Lifecycle<TransitionTable<ProjectStatus>>;
