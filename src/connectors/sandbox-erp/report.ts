// The ERP's own account of what it holds, computed exactly on decimal strings. `duplicateSourceRefs`
// is the exactly-once check: a correct run never books two lines (or two costs) for one source.
import { sumDecimals, totalsByCurrency } from '../../domain/money.ts';
import type { ErpState, FaultCounters } from './erp-state.ts';
import type { InvoiceStatus } from './wire-feed.ts';

export interface PostingTotals {
  readonly count: number;
  readonly hours: string;
  /** Sum of amounts per currency code. */
  readonly amount: Readonly<Record<string, string>>;
}

export interface AmountTotals {
  readonly count: number;
  /** Sum of amounts per currency code. */
  readonly amount: Readonly<Record<string, string>>;
}

export interface ExpenseTotals {
  readonly count: number;
  /** Every expense is a cost line. */
  readonly cost: Readonly<Record<string, string>>;
  /** The billable ones are also rebillable lines at the same amount. */
  readonly rebillable: AmountTotals;
}

export interface InvoiceTotals {
  readonly count: number;
  readonly byStatus: Readonly<Record<InvoiceStatus, number>>;
  readonly net: Readonly<Record<string, string>>;
  readonly tax: Readonly<Record<string, string>>;
  readonly gross: Readonly<Record<string, string>>;
}

/** The counts a progress display polls for (`GET /admin/counts`). */
export interface BookedCounts {
  readonly billingLines: number;
  readonly costPostings: number;
}

export interface ErpReport {
  readonly projects: number;
  readonly billingLines: PostingTotals;
  readonly costPostings: PostingTotals;
  /** Contract values per currency. */
  readonly contracts: AmountTotals;
  readonly expenses: ExpenseTotals;
  readonly billingReleases: AmountTotals;
  /** Projects closed for new work. */
  readonly closedProjects: number;
  /** Customers in the customer master. */
  readonly parties: number;
  readonly invoices: InvoiceTotals;
  readonly payments: AmountTotals;
  readonly replays: number;
  /** Rejections and client errors by vendor error code. */
  readonly rejected: Readonly<Record<string, number>>;
  /** ERP API requests received, including the ones a fault answered. */
  readonly requests: number;
  readonly faultsInjected: Readonly<FaultCounters>;
  /** How many source_refs have more than one billing line, cost posting or expense. */
  readonly duplicateSourceRefs: number;
  /** Up to 20 of them, sorted, to start an investigation. */
  readonly duplicateSourceRefExamples: readonly string[];
}

const HOURS_SCALE = 2;
const EXAMPLES = 20;

function totals(records: readonly { amount: string; currency: string }[], hours: readonly string[]) {
  return {
    count: records.length,
    hours: sumDecimals(hours, HOURS_SCALE),
    amount: totalsByCurrency(records),
  };
}

function duplicates(state: ErpState): string[] {
  const refs = new Set<string>();
  for (const [ref, lines] of state.billingLinesBySourceRef) if (lines.length > 1) refs.add(ref);
  for (const [ref, costs] of state.costPostingsBySourceRef) if (costs.length > 1) refs.add(ref);
  for (const [ref, expenses] of state.book.expensesBySourceRef) if (expenses.length > 1) refs.add(ref);
  return [...refs].sort();
}

function amounts(records: readonly { amount: string; currency: string }[]): AmountTotals {
  return { count: records.length, amount: totalsByCurrency(records) };
}

function invoiceTotals(state: ErpState): InvoiceTotals {
  const invoices = state.receivables.invoiceList;
  const byStatus: Record<InvoiceStatus, number> = { issued: 0, part_paid: 0, paid: 0 };
  for (const invoice of invoices) byStatus[invoice.status]++;
  const sum = (field: 'net_total' | 'tax_total' | 'gross_total') =>
    totalsByCurrency(invoices.map((i) => ({ amount: i[field], currency: i.currency })));
  return {
    count: invoices.length,
    byStatus,
    net: sum('net_total'),
    tax: sum('tax_total'),
    gross: sum('gross_total'),
  };
}

export function buildReport(state: ErpState): ErpReport {
  const { book, receivables } = state;
  const duplicateRefs = duplicates(state);
  return {
    projects: state.projects.size,
    billingLines: totals(
      state.billingLines,
      state.billingLines.map((l) => l.quantity),
    ),
    costPostings: totals(
      state.costPostings,
      state.costPostings.map((c) => c.hours),
    ),
    contracts: amounts(book.contracts.map((c) => ({ amount: c.value, currency: c.currency }))),
    expenses: {
      count: book.expenses.length,
      cost: totalsByCurrency(book.expenses),
      rebillable: amounts(book.expenses.filter((e) => e.billable)),
    },
    billingReleases: amounts(book.releases),
    closedProjects: book.closures.length,
    parties: receivables.parties.size,
    invoices: invoiceTotals(state),
    payments: amounts(receivables.payments),
    replays: state.stats.replays,
    rejected: Object.fromEntries([...state.stats.rejected].sort(([a], [b]) => a.localeCompare(b))),
    requests: state.stats.requests,
    faultsInjected: { ...state.stats.faultsInjected },
    duplicateSourceRefs: duplicateRefs.length,
    duplicateSourceRefExamples: duplicateRefs.slice(0, EXAMPLES),
  };
}
