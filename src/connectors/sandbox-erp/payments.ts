// Money received against an invoice, recorded by an operator (the bank statement of the sandbox): full or
// part payment; the invoice moves issued -> part_paid -> paid. Paying more than is outstanding is refused.
import { currencyExponent, sumDecimals } from '../../domain/money.ts';
import { check, isCalendarDate } from './body-reader.ts';
import type { Checked } from './checked.ts';
import { atMinorUnit, compareDecimals, isPositiveAmount, subtractAmounts } from './decimal-rules.ts';
import type { ErpState } from './erp-state.ts';
import { formatId } from './ids.ts';
import { statusAfter } from './receivables.ts';
import { paymentMethods } from './wire-feed.ts';
import type { PaymentMethod, VendorPayment } from './wire-feed.ts';

interface PaymentRequest {
  readonly invoice_number: string;
  /** In the invoice's currency. */
  readonly amount: string;
  readonly date: string;
  readonly method: PaymentMethod;
  readonly reference?: string;
}

function checkPaymentBody(body: unknown): Checked<PaymentRequest> {
  return check(body, ['invoice_number', 'amount', 'date', 'method', 'reference'], (r) => {
    const reference = r.optionalText('reference', 200);
    return {
      invoice_number: r.text('invoice_number', 1, 64),
      amount: r.matching('amount', isPositiveAmount, 'a positive decimal string'),
      date: r.matching('date', isCalendarDate, 'a calendar date YYYY-MM-DD'),
      method: r.matching(
        'method',
        (m) => (paymentMethods as readonly string[]).includes(m),
        paymentMethods.join(' | '),
      ) as PaymentMethod,
      ...(reference === undefined ? {} : { reference }),
    };
  });
}

function refused(code: string, message: string): Checked<VendorPayment> {
  return { ok: false, error: { code, message } };
}

export function recordPayment(state: ErpState, body: unknown, now: string): Checked<VendorPayment> {
  const checked = checkPaymentBody(body);
  if (!checked.ok) return checked;
  const request = checked.value;
  const invoice = state.receivables.invoices.get(request.invoice_number);
  if (!invoice) return refused('unknown_invoice', `invoice ${request.invoice_number} does not exist`);
  const amount = atMinorUnit(request.amount, invoice.currency);
  if (amount === undefined)
    return refused(
      'amount_precision',
      `amount ${request.amount} has more decimals than ${invoice.currency} allows`,
    );
  const outstanding = subtractAmounts(invoice.gross_total, invoice.amount_paid, invoice.currency);
  if (compareDecimals(outstanding, '0') <= 0)
    return refused('invoice_already_paid', `invoice ${invoice.invoice_number} is already paid`);
  if (compareDecimals(amount, outstanding) > 0)
    return refused(
      'overpayment',
      `${amount} ${invoice.currency} is more than the ${outstanding} outstanding on ${invoice.invoice_number}`,
    );
  const paid = sumDecimals([invoice.amount_paid, amount], currencyExponent(invoice.currency));
  const payment: VendorPayment = {
    payment_id: formatId('payment', ++state.sequences.payment),
    invoice_number: invoice.invoice_number,
    project_id: invoice.project_id,
    ...(invoice.project_ref === undefined ? {} : { project_ref: invoice.project_ref }),
    amount,
    currency: invoice.currency,
    date: request.date,
    method: request.method,
    ...(request.reference === undefined ? {} : { reference: request.reference }),
    invoice_status: statusAfter(paid, invoice.gross_total),
  };
  state.receivables.record({ type: 'payment.received', payment }, now);
  return { ok: true, value: payment };
}
