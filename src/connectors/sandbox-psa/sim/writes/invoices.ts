// POST /api/v2/projects/:id/invoices: an invoice the ERP issued, shown on its project. Invoices are known by
// number: the first write records it (201), later ones carry its new status (200). What was issued does
// not change: other amounts, currency or dates under a known number are refused (a credit note is a new
// invoice), and an invoice with money against it cannot be voided.
import { compareAmounts, sumAmounts } from '../../vendor/amount.ts';
import { InvoiceWrite, type VendorInvoice } from '../../vendor/billing-records.ts';
import { compileChecker } from '../../../kit/schema-checker.ts';
import { checkInput } from '../check-input.ts';
import { SandboxPsaError } from '../errors.ts';
import type { WriteAnswer } from '../idempotency.ts';
import type { PsaStore } from '../store.ts';
import { checkAmounts } from './money-checks.ts';
import { nextInvoiceId } from './next-id.ts';
import { projectOf } from './project-of.ts';

const checkInvoice = compileChecker(InvoiceWrite);
const FIXED = ['currency', 'net', 'tax', 'gross', 'issued_on', 'due_on'] as const;

export function invoiceByNumber(store: PsaStore, number: string): VendorInvoice | undefined {
  for (const invoice of store.invoices.values()) if (invoice.invoice_number === number) return invoice;
  return undefined;
}

export function recordInvoice(store: PsaStore, projectId: string, body: unknown, now: string): WriteAnswer {
  const input = checkInput(checkInvoice, body, 'invoice');
  const project = projectOf(store, projectId);
  checkAmounts(input.currency, { net: input.net, tax: input.tax, gross: input.gross });
  if (compareAmounts(sumAmounts([input.net, input.tax]), input.gross) !== 0)
    throw new SandboxPsaError(
      'unprocessable',
      `net ${input.net} + tax ${input.tax} is not gross ${input.gross}`,
      [],
      'invoice_totals_inconsistent',
    );
  if (project.currency != null && project.currency !== input.currency)
    throw new SandboxPsaError(
      'unprocessable',
      `invoice in ${input.currency} on project ${project.id} billed in ${project.currency}`,
      [],
      'currency_mismatch',
    );
  if (input.due_on < input.issued_on)
    throw new SandboxPsaError('unprocessable', 'due_on is before issued_on', [], 'invalid_dates');

  const existing = invoiceByNumber(store, input.invoice_number);
  if (existing && existing.project_id !== project.id)
    throw new SandboxPsaError(
      'conflict',
      `invoice ${input.invoice_number} is on project ${existing.project_id}`,
      [],
      'invoice_number_exists',
    );
  if (existing) {
    const changed = FIXED.filter((field) => differs(field, existing[field], input[field]));
    if (changed.length > 0)
      throw new SandboxPsaError(
        'conflict',
        `invoice ${input.invoice_number} was issued with other ${changed.join(', ')}`,
        changed.map((f) => `/${f} was ${existing[f]}`),
        'invoice_changed',
      );
    if (input.status === 'void' && paymentsCount(store, input.invoice_number) > 0)
      throw new SandboxPsaError(
        'conflict',
        `invoice ${input.invoice_number} has payments; reverse them before voiding it`,
        [],
        'invoice_has_payments',
      );
  }
  const invoice: VendorInvoice = {
    id: existing?.id ?? nextInvoiceId(store),
    project_id: project.id,
    invoice_number: input.invoice_number,
    invoice_ref: input.invoice_ref ?? existing?.invoice_ref ?? null,
    status: input.status,
    currency: input.currency,
    net: input.net,
    tax: input.tax,
    gross: input.gross,
    issued_on: input.issued_on,
    due_on: input.due_on,
    updated_at: now,
  };
  store.invoices.set(invoice.id, invoice);
  store.changed();
  return { status: existing ? 200 : 201, body: invoice };
}

function paymentsCount(store: PsaStore, invoiceNumber: string): number {
  let count = 0;
  for (const p of store.payments.values())
    if (p.invoice_number === invoiceNumber && p.status !== 'reversed') count += 1;
  return count;
}

const AMOUNTS: readonly string[] = ['net', 'tax', 'gross'];

/** Amounts compare by value ("100.0" is "100.00"), everything else as written. */
function differs(field: string, was: string, now: string): boolean {
  return AMOUNTS.includes(field) ? compareAmounts(was, now) !== 0 : was !== now;
}
