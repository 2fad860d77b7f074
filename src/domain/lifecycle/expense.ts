// A rejected expense can be corrected and submitted again. A posted one is final: a change after posting
// is a reversal plus a repost, never an edit of what the ERP booked.
import type { Lifecycle, TransitionTable } from './machine.ts';

/** The PSA owns these states; the contract's Expense is always an approved one, so it has no status. */
export type ExpenseState = 'submitted' | 'approved' | 'rejected' | 'posted';

export const expenseLifecycle = {
  name: 'expense',
  initial: 'submitted',
  transitions: {
    submitted: { approve: 'approved', reject: 'rejected' },
    approved: { post: 'posted' },
    rejected: { resubmit: 'submitted' },
    posted: {},
  },
} as const satisfies Lifecycle<TransitionTable<ExpenseState>>;
