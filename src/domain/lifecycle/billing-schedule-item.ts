// A scheduled amount is released for invoicing (by a date or a completed milestone) and then invoiced.
// A release can be withdrawn until the invoice exists; an invoiced item is corrected by a credit, not here.
import type { BillingScheduleItemStatus } from '../../contracts/index.ts';
import type { Lifecycle, TransitionTable } from './machine.ts';

export const billingScheduleItemLifecycle = {
  name: 'billing schedule item',
  initial: 'scheduled',
  transitions: {
    scheduled: { release: 'released' },
    released: { withdraw: 'scheduled', invoice: 'invoiced' },
    invoiced: {},
  },
} as const satisfies Lifecycle<TransitionTable<BillingScheduleItemStatus>>;
