// Which payment event applies (part or in full, and where a reversed payment leaves the invoice) depends
// on the open balance, which the caller computes exactly with money.ts; the table says only which moves
// exist. An invoice with money against it cannot be voided: the payment must be reversed first.
import type { InvoiceStatus } from '../../contracts/index.ts';
import type { Lifecycle, TransitionTable } from './machine.ts';

export const invoiceLifecycle = {
  name: 'invoice',
  initial: 'draft',
  transitions: {
    draft: { issue: 'issued', void: 'void' },
    issued: { 'pay-part': 'part-paid', 'pay-in-full': 'paid', void: 'void' },
    'part-paid': {
      'pay-part': 'part-paid',
      'pay-in-full': 'paid',
      'reopen-part-paid': 'part-paid',
      'reopen-unpaid': 'issued',
    },
    paid: { 'reopen-part-paid': 'part-paid', 'reopen-unpaid': 'issued' },
    void: {},
  },
} as const satisfies Lifecycle<TransitionTable<InvoiceStatus>>;
