// A payment is received, then allocated to its invoice. An allocation made in error can be undone;
// a reversal (a bounced debit, a refund) is final, and a corrected payment is a new payment.
import type { PaymentStatus } from '../../contracts/index.ts';
import type { Lifecycle, TransitionTable } from './machine.ts';

export const paymentLifecycle = {
  name: 'payment',
  initial: 'received',
  transitions: {
    received: { allocate: 'allocated', reverse: 'reversed' },
    allocated: { unallocate: 'received', reverse: 'reversed' },
    reversed: {},
  },
} as const satisfies Lifecycle<TransitionTable<PaymentStatus>>;
