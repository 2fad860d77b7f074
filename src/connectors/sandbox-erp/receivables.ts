// The customer master, invoices and payments, derived from the append-only change log: every change is
// recorded with a snapshot of its object, and applying the log in order rebuilds parties, invoices
// (with what they billed and what has been paid) and payments. So the change feed and the state file
// share one source of truth, and nothing here is ever updated in place on disk.
import { currencyExponent, sumDecimals } from '../../domain/money.ts';
import { compareDecimals } from './decimal-rules.ts';
import type { Sequences } from './erp-state.ts';
import { formatId } from './ids.ts';
import { ReferenceBook } from './reference-book.ts';
import type {
  InvoiceStatus,
  VendorChange,
  VendorFxRate,
  VendorInvoice,
  VendorParty,
  VendorPayment,
  VendorPeriod,
  VendorTaxRate,
} from './wire-feed.ts';

/** A change before the log gave it its id. */
export type NewChange =
  | { readonly type: 'party.created' | 'party.updated'; readonly party: VendorParty }
  | { readonly type: 'invoice.issued'; readonly invoice: VendorInvoice }
  | { readonly type: 'payment.received'; readonly payment: VendorPayment }
  | { readonly type: 'fx_rate.published'; readonly fx_rate: VendorFxRate }
  | { readonly type: 'tax_rate.changed'; readonly tax_rate: VendorTaxRate }
  | { readonly type: 'period.changed'; readonly period: VendorPeriod };

function yearKey(company: string, year: string): string {
  return `${company}\u0000${year}`;
}

/** The sequence at the end of an invoice number (UK-2026-000123 -> 123). */
function invoiceSequence(number: string): number {
  return Number(number.slice(number.lastIndexOf('-') + 1));
}

/** What an invoice's status is once `paid` of its `gross` has been received. */
export function statusAfter(paid: string, gross: string): InvoiceStatus {
  if (compareDecimals(paid, gross) >= 0) return 'paid';
  return compareDecimals(paid, '0') === 0 ? 'issued' : 'part_paid';
}

export class Receivables {
  readonly parties = new Map<string, VendorParty>();
  /** Current state of each invoice by number; mutable (amount paid, status), unlike the changes. */
  readonly invoices = new Map<string, VendorInvoice>();
  readonly invoiceList: VendorInvoice[] = [];
  readonly payments: VendorPayment[] = [];
  readonly changes: VendorChange[] = [];
  /** ERP item id (BL-, EX-, BR-) -> the number of the invoice that billed it. */
  readonly invoicedItems = new Map<string, string>();
  /** Exchange rates, tax rates and closed periods, published on the same feed. */
  readonly reference = new ReferenceBook();
  private readonly lastInvoiceSequence = new Map<string, number>();

  constructor(
    private readonly sequences: Sequences,
    private readonly touch: () => void,
  ) {}

  /** The sequence the company's next invoice of `year` gets. */
  nextInvoiceSequence(company: string, year: string): number {
    return (this.lastInvoiceSequence.get(yearKey(company, year)) ?? 0) + 1;
  }

  /** Gives the change its id and time, and applies it. */
  record(change: NewChange, occurredAt: string): VendorChange {
    const header = { change_id: formatId('change', ++this.sequences.change), occurred_at: occurredAt };
    this.restore({ ...header, ...change });
    const recorded = this.changes[this.changes.length - 1];
    if (!recorded) throw new Error('a recorded change is in the log');
    return recorded;
  }

  /** Applies a change already in the log (recording one, and loading the state file). */
  restore(change: VendorChange): void {
    switch (change.type) {
      case 'party.created':
      case 'party.updated':
        this.parties.set(change.party.party_code, change.party);
        break;
      case 'invoice.issued':
        this.applyInvoice(change.invoice);
        break;
      case 'payment.received':
        this.applyPayment(change.payment);
        break;
      case 'fx_rate.published':
        this.reference.applyFxRate(change.fx_rate);
        break;
      case 'tax_rate.changed':
        this.reference.applyTaxRate(change.tax_rate);
        break;
      case 'period.changed':
        this.reference.applyPeriod(change.period);
        break;
    }
    this.changes.push(change);
    this.touch();
  }

  private applyInvoice(issued: VendorInvoice): void {
    // A copy: the change keeps the invoice as issued while payments move this one on.
    const invoice = { ...issued };
    this.invoices.set(invoice.invoice_number, invoice);
    this.invoiceList.push(invoice);
    for (const line of invoice.lines) this.invoicedItems.set(line.item_id, invoice.invoice_number);
    const key = yearKey(invoice.company, invoice.issue_date.slice(0, 4));
    const sequence = invoiceSequence(invoice.invoice_number);
    if (sequence > (this.lastInvoiceSequence.get(key) ?? 0)) this.lastInvoiceSequence.set(key, sequence);
  }

  private applyPayment(payment: VendorPayment): void {
    this.payments.push(payment);
    const invoice = this.invoices.get(payment.invoice_number);
    if (!invoice) return;
    invoice.amount_paid = sumDecimals(
      [invoice.amount_paid, payment.amount],
      currencyExponent(invoice.currency),
    );
    invoice.status = statusAfter(invoice.amount_paid, invoice.gross_total);
  }
}
