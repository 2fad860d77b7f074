// What Tryton books from a posting's `booking` (the pipeline's posting date and functional-currency
// conversion). Tryton's books are the company's: a timesheet line is dated on the posting date, and its
// cost is an hourly price in the company currency.
//
// A cost rate in another currency is converted with the booking's rate (the rate in force on the work
// date), half-up to Tryton's 4 price digits, not derived from the booked functional amount: Tryton keeps
// one cost price per employee and date, so every entry of that employee and date must get the same hourly
// price, and functional amount / hours would differ between a 1-hour and a 6-hour entry by rounding. So
// Tryton's line cost (hours x price) may differ from the booked functional amount by at most a cent (the
// price is rounded at 4 digits, the amount at the cent); the booking on the command stays the record.
import type { Money } from '../../contracts/index.ts';
import type { Booking } from '../../domain/finance/book-postings.ts';
import { formatDecimal, multiply, parseDecimal, round } from '../../domain/money.ts';
import type { PushResult } from '../kit/connector.ts';
import { normalizeDecimal } from './codec.ts';
import { reject } from './results.ts';

/** Tryton keeps prices (list price, cost price) to 4 decimals; more would fail the whole batch there. */
export const PRICE_DIGITS = 4;

const tooFine = (amount: string) => (normalizeDecimal(amount).split('.')[1]?.length ?? 0) > PRICE_DIGITS;

/** The hourly cost price Tryton is to hold for this cost rate, or why it cannot hold it. */
export function companyCostPrice(
  what: string,
  costRate: Money,
  booking: Booking | undefined,
  companyCurrency: string,
): { readonly price: string } | { readonly refused: PushResult } {
  if (costRate.currency === companyCurrency) {
    if (tooFine(costRate.amount))
      return {
        refused: reject(
          'tryton.price_precision',
          `${what}: ${costRate.amount} has more than ${PRICE_DIGITS} decimals, which Tryton's prices cannot hold`,
        ),
      };
    return { price: normalizeDecimal(costRate.amount) };
  }
  if (booking === undefined || booking.functional.currency !== companyCurrency)
    return {
      refused: reject(
        'tryton.currency_mismatch',
        `${what}: the cost rate is in ${costRate.currency}, the Tryton company books in ${companyCurrency}, and the posting carries no conversion into ${companyCurrency}${booking === undefined ? '' : ` (its functional currency is ${booking.functional.currency})`}`,
      ),
    };
  const exact = multiply(parseDecimal(costRate.amount), parseDecimal(booking.rate));
  return { price: normalizeDecimal(formatDecimal(round(exact, PRICE_DIGITS, 'half-up'))) };
}

/** A billable rate is a task's list price, invoiced by Tryton in the company currency: it must be one. */
export function billableRateProblem(
  what: string,
  rate: Money,
  companyCurrency: string,
): PushResult | undefined {
  if (rate.currency !== companyCurrency)
    return reject(
      'tryton.currency_mismatch',
      `${what} is in ${rate.currency}; the Tryton company books in ${companyCurrency}`,
    );
  if (tooFine(rate.amount))
    return reject(
      'tryton.price_precision',
      `${what}: ${rate.amount} has more than ${PRICE_DIGITS} decimals, which Tryton's prices cannot hold`,
    );
  return undefined;
}
