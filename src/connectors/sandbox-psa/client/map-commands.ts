// Canonical commands meant for the PSA -> the PSA's write requests. Amounts travel as the ERP stated them;
// the PSA re-checks them, so a disagreement is a refusal rather than a silent fix. Commands for the ERP,
// and commands whose own fields disagree, are refused here without a request.
import type { BillingModel, Customer, InvoiceStatus, PaymentMethod } from '../../../contracts/index.ts';
import type {
  CreateDeliveryProject,
  RecordInvoiceStatus,
  RecordPayment,
  TargetCommand,
} from '../../kit/commands.ts';
import type { PushResult } from '../../kit/connector.ts';
import type {
  ClientWrite,
  EngagementWrite,
  InvoiceStatus as VendorInvoiceStatus,
  InvoiceWrite,
  PaymentMethod as VendorPaymentMethod,
  PaymentWrite,
} from '../vendor/billing-records.ts';
import type { BillingMethod } from '../vendor/schemas.ts';
import type { WriteRequest } from './write-client.ts';

export type MappedCommand =
  { readonly ok: true; readonly request: WriteRequest } | { readonly ok: false; readonly result: PushResult };

const billingMethods: Readonly<Record<BillingModel, BillingMethod>> = {
  'time-and-materials': 'time_and_materials',
  'fixed-fee': 'fixed_fee',
  retainer: 'retainer',
  'non-billable': 'non_billable',
};

const invoiceStatuses: Readonly<Record<Exclude<InvoiceStatus, 'draft'>, VendorInvoiceStatus>> = {
  issued: 'issued',
  'part-paid': 'part_paid',
  paid: 'paid',
  void: 'void',
};

const paymentMethods: Readonly<Record<PaymentMethod, VendorPaymentMethod>> = {
  'bank-transfer': 'bank_transfer',
  'direct-debit': 'direct_debit',
  card: 'card',
  cheque: 'cheque',
  other: 'other',
};

/** What the PSA's Idempotency-Key header can carry (see sim/idempotency.ts). */
const KEY = /^[\x21\x23-\x7e]{1,255}$/;

const reject = (reasonCode: string, message: string): MappedCommand => ({
  ok: false,
  result: { outcome: 'reject', reasonCode, message },
});

const segment = (value: string): string => encodeURIComponent(value);

export function toWriteRequest(command: TargetCommand): MappedCommand {
  if (!KEY.test(command.idempotencyKey))
    return reject('psa.idempotency_key_invalid', `the PSA cannot carry the key "${command.idempotencyKey}"`);
  switch (command.kind) {
    case 'upsertCustomer':
      return { ok: true, request: clientRequest(command.customer) };
    case 'createDeliveryProject':
      return engagementRequest(command);
    case 'recordInvoiceStatus':
      return invoiceRequest(command);
    case 'recordPayment':
      return paymentRequest(command);
    default:
      // A command meant for another system: refused, never guessed.
      return reject('psa.unsupported_command', `the sandbox PSA has no operation for ${command.kind}`);
  }
}

function clientRequest(customer: Customer): WriteRequest {
  const body: ClientWrite = {
    name: customer.name,
    legal_name: customer.legalName ?? null,
    billing_currency: customer.billingCurrency ?? null,
    // The PSA only knows whether a client takes new work: prospects, holds and archives do not.
    active: customer.status === 'active',
  };
  return { method: 'PUT', path: `/api/v2/clients/${segment(customer.id)}`, body };
}

function engagementRequest({
  opportunity,
  customerExternalId,
  projectCode,
}: CreateDeliveryProject): MappedCommand {
  if (opportunity.status !== 'closed-won')
    return reject(
      'psa.opportunity_not_won',
      `${opportunity.id} is ${opportunity.status}; only a won deal becomes a project`,
    );
  const body: EngagementWrite = {
    client_id: customerExternalId,
    name: opportunity.name,
    code: projectCode,
    billing_type: opportunity.billingModel === undefined ? null : billingMethods[opportunity.billingModel],
    start_date: opportunity.expectedStartDate,
    value: { amount: opportunity.amount.amount, currency: opportunity.amount.currency },
    ...(opportunity.currency !== undefined && { currency: opportunity.currency }),
    ...(opportunity.legalEntityId !== undefined && { company: opportunity.legalEntityId }),
    opportunity_ref: opportunity.id,
  };
  return { ok: true, request: { method: 'POST', path: '/api/v2/engagements', body } };
}

function invoiceRequest({ invoice, projectExternalId }: RecordInvoiceStatus): MappedCommand {
  const { net, tax, gross } = invoice.totals;
  const other = [net, tax, gross].find((m) => m.currency !== invoice.currency);
  if (other)
    return reject(
      'psa.inconsistent_currency',
      `invoice ${invoice.number} is in ${invoice.currency} but a total is in ${other.currency}`,
    );
  const body: InvoiceWrite = {
    invoice_number: invoice.number,
    invoice_ref: invoice.id,
    status: invoiceStatuses[invoice.status],
    currency: invoice.currency,
    net: net.amount,
    tax: tax.amount,
    gross: gross.amount,
    issued_on: invoice.issueDate,
    due_on: invoice.dueDate,
  };
  return {
    ok: true,
    request: { method: 'POST', path: `/api/v2/projects/${segment(projectExternalId)}/invoices`, body },
  };
}

function paymentRequest({ payment, invoiceNumber, projectExternalId }: RecordPayment): MappedCommand {
  const body: PaymentWrite = {
    payment_ref: payment.id,
    invoice_number: invoiceNumber,
    amount: payment.amount.amount,
    currency: payment.amount.currency,
    received_on: payment.receivedDate,
    method: paymentMethods[payment.method],
    status: payment.status,
    ...(payment.reference !== undefined && { bank_reference: payment.reference }),
  };
  return {
    ok: true,
    request: { method: 'POST', path: `/api/v2/projects/${segment(projectExternalId)}/payments`, body },
  };
}
