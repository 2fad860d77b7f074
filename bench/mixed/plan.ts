// The run's events in the order they are sent, and what the ERP and the PSA must hold once Ledgerline has
// delivered them all: counts and exact amounts per currency, derived from the events themselves.
import type { CanonicalEvent } from '../../src/contracts/index.ts';
import { totalsByCurrency, type Money } from '../../src/domain/money.ts';
import type { BenchFirm } from './firm.ts';
import { customerEvent, resourceUpdated } from './master-events.ts';
import { interleave, mix, runEventNames, type RunEventName } from './mix.ts';
import {
  expenseApproved,
  invoiceIssued,
  milestoneCompleted,
  paymentReceived,
  paysInFull,
  timeApproved,
  type IssuedInvoice,
} from './work-events.ts';

export interface Expected {
  readonly sent: Readonly<Record<RunEventName, number>>;
  readonly erp: {
    readonly projects: number;
    readonly costPostings: number;
    readonly billingLines: number;
    readonly expenses: number;
    readonly rebillableExpenses: number;
    readonly expenseCost: Readonly<Record<string, string>>;
    readonly releases: number;
    readonly releaseAmount: Readonly<Record<string, string>>;
  };
  readonly psa: {
    readonly clients: number;
    readonly invoices: number;
    readonly invoicesByStatus: Readonly<Record<'issued' | 'part_paid' | 'paid', number>>;
    readonly invoiceGross: Readonly<Record<string, string>>;
    readonly payments: number;
    readonly paymentAmount: Readonly<Record<string, string>>;
  };
}

export interface RunPlan {
  readonly events: readonly CanonicalEvent[];
  readonly expected: Expected;
}

export function planRun(total: number, firm: BenchFirm): RunPlan {
  const sent = Object.fromEntries(runEventNames.map((name) => [name, 0])) as Record<RunEventName, number>;
  const invoices: IssuedInvoice[] = [];
  const expenseCost: Money[] = [];
  const releases: Money[] = [];
  const payments: Money[] = [];
  let billable = 0;
  let rebillable = 0;
  let paidInFull = 0;
  const events = interleave(mix, total).map((name): CanonicalEvent => {
    const n = sent[name];
    sent[name] = n + 1;
    switch (name) {
      case 'TimeApproved': {
        const event = timeApproved(n, firm);
        if (event.data.billable) billable += 1;
        return event;
      }
      case 'ExpenseApproved': {
        const event = expenseApproved(n, firm);
        expenseCost.push(event.data.amount);
        if (event.data.billable) rebillable += 1;
        return event;
      }
      case 'MilestoneCompleted': {
        const event = milestoneCompleted(n, firm);
        releases.push(event.data.amount);
        return event;
      }
      case 'InvoiceIssued': {
        const event = invoiceIssued(n, firm);
        invoices.push(event.data);
        return event;
      }
      case 'PaymentReceived': {
        // Payment n settles invoice n, issued earlier in the stream (the mix issues more than it collects).
        const invoice = invoices[n];
        if (!invoice) throw new Error(`payment ${n} comes before its invoice: the mix must issue first`);
        const event = paymentReceived(n, invoice);
        payments.push(event.data.amount);
        if (paysInFull(n)) paidInFull += 1;
        return event;
      }
      case 'CustomerUpdated': {
        const customer = firm.customers[n % firm.customers.length];
        if (!customer) throw new RangeError('the mixed workload needs at least one customer');
        return customerEvent(customer, n + 1);
      }
      case 'ResourceUpdated':
        return resourceUpdated(1 + (n % firm.resources), n + 1);
    }
  });
  return {
    events,
    expected: {
      sent,
      erp: {
        projects: firm.projects.length,
        costPostings: sent.TimeApproved,
        billingLines: billable,
        expenses: sent.ExpenseApproved,
        rebillableExpenses: rebillable,
        expenseCost: totalsByCurrency(expenseCost),
        releases: sent.MilestoneCompleted,
        releaseAmount: totalsByCurrency(releases),
      },
      psa: {
        clients: firm.customers.length,
        invoices: invoices.length,
        invoicesByStatus: {
          issued: invoices.length - payments.length,
          part_paid: payments.length - paidInFull,
          paid: paidInFull,
        },
        invoiceGross: totalsByCurrency(invoices.map((i) => i.totals.gross)),
        payments: payments.length,
        paymentAmount: totalsByCurrency(payments),
      },
    },
  };
}
