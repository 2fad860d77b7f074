// Xero invoices and payments as canonical events. Only Ledgerline's invoices are mapped: a sales invoice
// whose Reference is a canonical project id (the connector writes it on the drafts it makes).
import {
  eventCatalog,
  type CanonicalEvent,
  type InvoiceLine,
  type IssuedInvoice,
  type Payment,
} from '../../contracts/index.ts';
import { timeEntryOf } from './markers.ts';
import type { XeroInvoice, XeroPayment } from './vendor/wire.ts';

const PROJECT_ID = /^project:[A-Za-z0-9._-]+:[A-Za-z0-9._/-]+$/;
const CUSTOMER_ID = /^customer:[A-Za-z0-9._-]+:[A-Za-z0-9._/-]+$/;

export type Mapped = { readonly event: CanonicalEvent } | { readonly skipped: string };

function status(invoice: XeroInvoice): IssuedInvoice['status'] | undefined {
  if (invoice.Status === 'PAID') return 'paid';
  if (invoice.Status === 'VOIDED') return 'void';
  if (invoice.Status !== 'AUTHORISED') return undefined;
  return /^0+(\.0+)?$/.test(invoice.AmountPaid) ? 'issued' : 'part-paid';
}

function line(l: XeroInvoice['LineItems'][number], currency: string): InvoiceLine {
  const timeEntry = timeEntryOf(l.Description);
  return {
    description: l.Description === '' ? '(no description)' : l.Description,
    quantity: l.Quantity,
    unitPrice: { amount: l.UnitAmount, currency },
    net: { amount: l.LineAmount, currency },
    taxCode: l.TaxType ?? 'NONE',
    tax: { amount: l.TaxAmount, currency },
    ...(timeEntry === undefined ? {} : { timeEntryIds: [timeEntry] }),
  };
}

export function invoiceEvent(invoice: XeroInvoice, system: string, legalEntityId: string): Mapped {
  const what = `invoice ${invoice.InvoiceID}`;
  if (invoice.Type !== 'ACCREC') return { skipped: `${what} is not a sales invoice` };
  const projectId = invoice.Reference;
  if (projectId === undefined || !PROJECT_ID.test(projectId))
    return { skipped: `${what} has no Ledgerline project in its Reference` };
  const mapped = status(invoice);
  if (mapped === undefined) return { skipped: `${what} is ${invoice.Status}` };
  if (invoice.InvoiceNumber === undefined || invoice.Date === undefined || invoice.DueDate === undefined)
    return { skipped: `${what} has no number, date or due date` };
  if (invoice.LineItems.length === 0) return { skipped: `${what} has no lines` };
  const currency = invoice.CurrencyCode;
  const data: IssuedInvoice = {
    id: `invoice:${system}:${invoice.InvoiceID}`,
    number: invoice.InvoiceNumber,
    customerId:
      invoice.ContactNumber !== undefined && CUSTOMER_ID.test(invoice.ContactNumber)
        ? invoice.ContactNumber
        : `customer:${system}:${invoice.ContactID}`,
    projectId,
    legalEntityId,
    currency,
    issueDate: invoice.Date,
    dueDate: invoice.DueDate,
    lines: invoice.LineItems.map((l) => line(l, currency)),
    totals: {
      net: { amount: invoice.SubTotal, currency },
      tax: { amount: invoice.TotalTax, currency },
      gross: { amount: invoice.Total, currency },
    },
    status: mapped,
  };
  return {
    event: {
      specversion: '1.0',
      // The same change read twice (a re-read page, a webhook) gives the same id.
      id: `xero-invoice-${invoice.InvoiceID}@${invoice.updatedMs}-${invoice.Status}`,
      source: system,
      type: eventCatalog.InvoiceIssued.type,
      subject: data.id,
      time: new Date(invoice.updatedMs).toISOString(),
      datacontenttype: 'application/json',
      correlationid: projectId,
      data,
    },
  };
}

export function paymentEvent(payment: XeroPayment, system: string): Mapped {
  const what = `payment ${payment.PaymentID}`;
  if (payment.PaymentType !== undefined && payment.PaymentType !== 'ACCRECPAYMENT')
    return { skipped: `${what} is not a customer payment` };
  if (payment.CurrencyCode === undefined) return { skipped: `${what} names no currency` };
  const data: Payment = {
    id: `payment:${system}:${payment.PaymentID}`,
    invoiceId: `invoice:${system}:${payment.InvoiceID}`,
    amount: { amount: payment.Amount, currency: payment.CurrencyCode },
    receivedDate: payment.Date,
    // Xero does not say how the money came; it is applied to the invoice as it is recorded.
    method: 'other',
    status: payment.Status === 'DELETED' ? 'reversed' : 'allocated',
    ...(payment.Reference === undefined ? {} : { reference: payment.Reference.slice(0, 200) }),
  };
  return {
    event: {
      specversion: '1.0',
      id: `xero-payment-${payment.PaymentID}@${payment.updatedMs}-${payment.Status}`,
      source: system,
      type: eventCatalog.PaymentReceived.type,
      subject: data.id,
      time: new Date(payment.updatedMs).toISOString(),
      datacontenttype: 'application/json',
      data,
    },
  };
}
