// A customer is a prospect until finance vets it, is put on hold for a credit stop, and is archived
// rather than deleted because invoices keep referring to it; an archived customer can come back.
import type { CustomerStatus } from '../../contracts/index.ts';
import type { Lifecycle, TransitionTable } from './machine.ts';

export const customerLifecycle = {
  name: 'customer',
  initial: 'prospect',
  transitions: {
    prospect: { activate: 'active', archive: 'archived' },
    active: { hold: 'on-hold', archive: 'archived' },
    'on-hold': { resume: 'active', archive: 'archived' },
    archived: { restore: 'active' },
  },
} as const satisfies Lifecycle<TransitionTable<CustomerStatus>>;
