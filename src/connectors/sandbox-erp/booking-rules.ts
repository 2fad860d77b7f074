// The ERP's checks of how a posting lands in the books: never in a closed period, in the company's own
// currency at the arithmetic the client claims (amount x rate, rounded half-up once), and a line's tax at
// the rate it names. A mismatch is refused, never silently recomputed.
import { scaleAmount } from '../../domain/money.ts';
import type { Reader } from './body-reader.ts';
import { isCalendarDate } from './body-reader.ts';
import { decimalEquals, isAmount, isTaxRate } from './decimal-rules.ts';
import type { ErpState } from './erp-state.ts';
import { reject } from './reject.ts';
import type { BookingFields, LineTaxFields, OperationResult } from './wire.ts';

export const BOOKING_FIELDS = [
  'posting_date',
  'functional_amount',
  'functional_currency',
  'fx_rate',
  'fx_rate_date',
  'fx_source',
] as const;
export const LINE_TAX_FIELDS = ['tax_code', 'tax_rate', 'tax_amount'] as const;

const FX_RATE = /^(0|[1-9][0-9]{0,9})(\.[0-9]{1,10})?$/;
/** The conversion's fields, given all together or not at all. */
const CONVERSION_FIELDS = BOOKING_FIELDS.slice(1);

/** The booking fields: `posting_date` alone, and the conversion fields all together or none. */
export function readBooking(r: Reader): BookingFields {
  const postingDate = r.has('posting_date')
    ? r.matching('posting_date', isCalendarDate, 'a calendar date YYYY-MM-DD')
    : undefined;
  const out = postingDate === undefined ? {} : { posting_date: postingDate };
  if (!CONVERSION_FIELDS.some((f) => r.has(f))) return out;
  return {
    ...out,
    functional_amount: r.matching('functional_amount', isAmount, 'a decimal string'),
    functional_currency: r.matching('functional_currency', (v) => /^[A-Z]{3}$/.test(v), 'a currency code'),
    fx_rate: r.matching('fx_rate', (v) => FX_RATE.test(v), 'a positive decimal with at most 10 decimals'),
    fx_rate_date: r.matching('fx_rate_date', isCalendarDate, 'a calendar date YYYY-MM-DD'),
    fx_source: r.text('fx_source', 1, 200),
  };
}

export function readLineTax(r: Reader): LineTaxFields {
  if (!LINE_TAX_FIELDS.some((f) => r.has(f))) return {};
  return {
    tax_code: r.text('tax_code', 1, 64),
    tax_rate: r.matching('tax_rate', isTaxRate, 'a percentage from 0 to 100'),
    tax_amount: r.matching('tax_amount', isAmount, 'a decimal string'),
  };
}

/** Undefined when the booking is acceptable; otherwise the refusal. */
export function checkBooking(
  state: ErpState,
  company: string,
  body: { readonly date: string; readonly amount: string; readonly currency: string } & BookingFields &
    LineTaxFields,
): OperationResult | undefined {
  const booked = body.posting_date ?? body.date;
  if (state.receivables.reference.isClosed(company, booked))
    return reject(
      state,
      409,
      'period_closed',
      `period ${booked.slice(0, 7)} of ${company} is closed: nothing can be booked on ${booked}`,
    );
  const own = state.companies.get(company)?.currency;
  if (body.functional_amount !== undefined && body.fx_rate !== undefined) {
    if (own === undefined || body.functional_currency !== own)
      return reject(
        state,
        422,
        'functional_currency_mismatch',
        `functional currency ${String(body.functional_currency)} is not ${company}'s currency ${String(own)}`,
      );
    const expected = scaleAmount(body.amount, body.fx_rate, own);
    if (!decimalEquals(body.functional_amount, expected))
      return reject(
        state,
        422,
        'functional_amount_mismatch',
        `functional amount ${body.functional_amount} is not ${body.amount} x ${body.fx_rate} = ${expected} ${own}`,
      );
  }
  if (body.tax_amount !== undefined && body.tax_rate !== undefined) {
    const expected = scaleAmount(body.amount, body.tax_rate, body.currency, { percent: true });
    if (!decimalEquals(body.tax_amount, expected))
      return reject(
        state,
        422,
        'tax_amount_mismatch',
        `tax ${body.tax_amount} is not ${body.amount} x ${body.tax_rate}% = ${expected} ${body.currency}`,
      );
  }
  return undefined;
}
