// A deal is won or lost once. A lost deal can be reopened; a won one cannot, because a project and a
// contract have been built from it.
import type { OpportunityStatus } from '../../contracts/index.ts';
import type { Lifecycle, TransitionTable } from './machine.ts';

export const opportunityLifecycle = {
  name: 'opportunity',
  initial: 'open',
  transitions: {
    open: { win: 'closed-won', lose: 'closed-lost' },
    'closed-won': {},
    'closed-lost': { reopen: 'open' },
  },
} as const satisfies Lifecycle<TransitionTable<OpportunityStatus>>;
