// A Tryton customer invoice (already read and checked) -> InvoiceIssued and PaymentReceived events.
// Event ids come from the record and its state, so reading the same invoice again gives the same ids
// and a change of state (posted -> paid -> cancelled) gives a new event.
import {
  eventCatalog,
  type CanonicalEvent,
  type InvoiceStatus,
  type IssuedInvoice,
  type Payment,
} from '../../contracts/index.ts';
import { floatQuantity, fromDate, fromDateTime, fromDecimal, moneyAmount } from './codec.ts';
import type { InvoiceLineRow, InvoiceRow, MoveLineRow } from './records.ts';

/** What the connector found around one invoice (the project, customer and time it came from). */
export interface InvoiceContext {
  readonly projectId: string;
  readonly customerId: string;
  readonly lines: readonly InvoiceLineRow[];
  /** Time entry ids per invoice line id. */
  readonly timeEntries: ReadonlyMap<number, readonly string[]>;
  readonly dueDate: string | undefined;
  readonly payments: readonly MoveLineRow[];
}

export type Mapped =
  { readonly ok: true; readonly events: CanonicalEvent[] } | { readonly ok: false; readonly message: string };

function statusOf(invoice: InvoiceRow): Exclude<InvoiceStatus, 'draft'> | undefined {
  if (invoice.state === 'paid') return 'paid';
  if (invoice.state === 'cancelled') return 'void';
  if (invoice.state !== 'posted') return undefined;
  const toPay = invoice.amount_to_pay === null ? undefined : fromDecimal(invoice.amount_to_pay);
  return toPay !== undefined && toPay !== fromDecimal(invoice.total_amount) && toPay !== '0'
    ? 'part-paid'
    : 'issued';
}

export function mapInvoice(
  invoice: InvoiceRow,
  context: InvoiceContext,
  system: string,
  legalEntityId: string,
): Mapped {
  const status = statusOf(invoice);
  if (status === undefined || invoice.number === null || invoice.invoice_date === null)
    return { ok: false, message: `invoice ${invoice.id} (${invoice.state}) has no number or date yet` };
  const currency = invoice['currency.'].code;
  const money = (value: string) => ({ amount: moneyAmount(value), currency });
  const lines: IssuedInvoice['lines'] = [];
  for (const line of context.lines) {
    if (line.type !== 'line') continue; // titles, comments and subtotals carry no amount
    if (line.taxes.length > 0)
      return {
        ok: false,
        message: `invoice ${invoice.number} has taxed lines; per-line tax is not mapped yet`,
      };
    if (line.quantity === null || line.unit_price === null)
      return {
        ok: false,
        message: `invoice ${invoice.number} line ${line.id} has no quantity or unit price`,
      };
    const timeEntryIds = context.timeEntries.get(line.id) ?? [];
    lines.push({
      description: line.description ?? `line ${line.id}`,
      quantity: floatQuantity(line.quantity),
      unitPrice: money(fromDecimal(line.unit_price)),
      net: money(fromDecimal(line.amount)),
      taxCode: 'NONE',
      tax: money('0'),
      ...(timeEntryIds.length > 0 && { timeEntryIds: [...timeEntryIds] }),
    });
  }
  const issueDate = fromDate(invoice.invoice_date);
  const data: IssuedInvoice = {
    id: `invoice:${system}:${invoice.id}`,
    number: invoice.number,
    customerId: context.customerId,
    projectId: context.projectId,
    legalEntityId,
    currency,
    issueDate,
    dueDate: context.dueDate ?? issueDate,
    lines,
    totals: {
      net: money(fromDecimal(invoice.untaxed_amount)),
      tax: money(fromDecimal(invoice.tax_amount)),
      gross: money(fromDecimal(invoice.total_amount)),
    },
    status,
  };
  const time = fromDateTime(invoice.write_date);
  const base = {
    specversion: '1.0' as const,
    source: system,
    time,
    datacontenttype: 'application/json' as const,
  };
  // A part-paid invoice changes with every payment while its state stays "posted": the rest to pay names it.
  const version =
    status === 'part-paid' && invoice.amount_to_pay !== null
      ? `part-paid-${fromDecimal(invoice.amount_to_pay)}`
      : status;
  const events: CanonicalEvent[] = [
    {
      ...base,
      id: `tryton-invoice-${invoice.id}-${version}`,
      type: eventCatalog.InvoiceIssued.type,
      subject: data.id,
      correlationid: data.projectId,
      data,
    },
  ];
  for (const line of context.payments) {
    // A customer payment credits the receivable; a debit among payment lines is a refund or reversal.
    const credit = fromDecimal(line.credit);
    const debit = fromDecimal(line.debit);
    const reversed = credit === '0';
    const payment: Payment = {
      id: `payment:${system}:${line.id}`,
      invoiceId: data.id,
      amount: money(reversed ? debit : credit),
      receivedDate: fromDate(line.date),
      method: 'other', // Tryton's payment lines do not say how the money came
      status: reversed ? 'reversed' : 'allocated',
      ...(line.description !== null &&
        line.description !== '' && { reference: line.description.slice(0, 200) }),
    };
    events.push({
      ...base,
      id: `tryton-payment-${line.id}`,
      type: eventCatalog.PaymentReceived.type,
      subject: payment.id,
      correlationid: data.projectId,
      data: payment,
    });
  }
  return { ok: true, events };
}
