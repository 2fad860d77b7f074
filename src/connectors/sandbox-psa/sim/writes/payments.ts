// POST /api/v2/projects/:id/payments: money the ERP received against one of the project's invoices. A
// payment is known by the ERP's `payment_ref`: the first write records it (201), a later one its new
// status (200); a reversal is final. The invoice's status follows from what is paid against it (reversed
// payments do not count) and is answered with the payment.
import { compareAmounts, sumAmounts } from '../../vendor/amount.ts';
import { PaymentWrite, type InvoiceStatus, type VendorPayment } from '../../vendor/billing-records.ts';
import { compileChecker } from '../../../kit/schema-checker.ts';
import { checkInput } from '../check-input.ts';
import { SandboxPsaError } from '../errors.ts';
import type { WriteAnswer } from '../idempotency.ts';
import type { PsaStore } from '../store.ts';
import { invoiceByNumber } from './invoices.ts';
import { checkAmounts } from './money-checks.ts';
import { nextPaymentId } from './next-id.ts';
import { projectOf } from './project-of.ts';

const checkPayment = compileChecker(PaymentWrite);
const FIXED = ['invoice_number', 'amount', 'currency', 'received_on', 'method'] as const;

export function recordPayment(store: PsaStore, projectId: string, body: unknown, now: string): WriteAnswer {
  const input = checkInput(checkPayment, body, 'payment');
  const project = projectOf(store, projectId);
  const invoice = invoiceByNumber(store, input.invoice_number);
  if (!invoice || invoice.project_id !== project.id)
    throw new SandboxPsaError(
      'unprocessable',
      `project ${project.id} has no invoice ${input.invoice_number}`,
      [],
      'unknown_invoice',
    );
  if (invoice.status === 'void')
    throw new SandboxPsaError('conflict', `invoice ${invoice.invoice_number} is void`, [], 'invoice_void');
  if (input.currency !== invoice.currency)
    throw new SandboxPsaError(
      'unprocessable',
      `payment in ${input.currency} against invoice ${invoice.invoice_number} in ${invoice.currency}`,
      [],
      'currency_mismatch',
    );
  checkAmounts(input.currency, { amount: input.amount });

  const existing = [...store.payments.values()].find((p) => p.payment_ref === input.payment_ref);
  if (existing) {
    const changed = FIXED.filter((field) => differs(field, existing[field], input[field]));
    if (changed.length > 0)
      throw new SandboxPsaError(
        'conflict',
        `payment ${input.payment_ref} was recorded with other ${changed.join(', ')}`,
        changed.map((f) => `/${f} was ${existing[f]}`),
        'payment_changed',
      );
    if (existing.status === 'reversed' && input.status !== 'reversed')
      throw new SandboxPsaError(
        'conflict',
        `payment ${input.payment_ref} was reversed; a corrected payment is a new payment`,
        [],
        'payment_reversed',
      );
  }
  const id = existing?.id ?? nextPaymentId(store);
  const counted = [...store.payments.values()]
    .filter((p) => p.id !== id && p.invoice_number === invoice.invoice_number && p.status !== 'reversed')
    .map((p) => p.amount);
  if (input.status !== 'reversed') counted.push(input.amount);
  const invoiceStatus = statusAfter(sumAmounts(counted), invoice.gross);

  const payment: VendorPayment = {
    id,
    project_id: project.id,
    payment_ref: input.payment_ref,
    invoice_number: input.invoice_number,
    amount: input.amount,
    currency: input.currency,
    received_on: input.received_on,
    method: input.method,
    status: input.status,
    bank_reference: input.bank_reference ?? null,
    invoice_status: invoiceStatus,
    updated_at: now,
  };
  store.payments.set(id, payment);
  store.invoices.set(invoice.id, { ...invoice, status: invoiceStatus, updated_at: now });
  store.changed();
  return { status: existing ? 200 : 201, body: payment };
}

function statusAfter(paid: string, gross: string): InvoiceStatus {
  if (compareAmounts(paid, '0') === 0) return 'issued';
  return compareAmounts(paid, gross) < 0 ? 'part_paid' : 'paid';
}

const AMOUNTS: readonly string[] = ['amount'];

/** Amounts compare by value ("100.0" is "100.00"), everything else as written. */
function differs(field: string, was: string, now: string): boolean {
  return AMOUNTS.includes(field) ? compareAmounts(was, now) !== 0 : was !== now;
}
