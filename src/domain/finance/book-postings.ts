// Books planned postings: the date they go on (period close policy), their amounts in the legal entity's
// functional currency (dated FX), and a billable line's tax (dated tax rate). Everything is decided by the
// transaction's own date, so a correction of an old entry is booked as the original was.
import type { BillableLinePlan, CostPlan } from '../time-postings.ts';
import type { Money } from '../../contracts/index.ts';
import { convert, type Conversion, type FxRateBook } from './fx.ts';
import { postingDateFor, type PeriodBook, type PeriodClosePolicy } from './periods.ts';
import { taxOn, type LineTax, type TaxRateBook } from './tax-rates.ts';

/** Where and in which currency a posting lands, kept on the posting. */
export interface Booking extends Conversion {
  /** The work date, or the first day of the first open period when the work date's period is closed. */
  readonly postingDate: string;
}

export interface BookingInputs {
  /** The transaction date. */
  readonly date: string;
  readonly functionalCurrency: string;
  readonly fx: FxRateBook | undefined;
  readonly periods: PeriodBook | undefined;
  readonly policy: PeriodClosePolicy;
  /** The ERP tax code billable lines are taxed with; none leaves tax to the ERP's invoicing. */
  readonly taxCode: string | undefined;
  readonly tax: TaxRateBook | undefined;
}

export type BookedPosting =
  | (BillableLinePlan & { readonly booking: Booking; readonly tax?: LineTax })
  | (CostPlan & { readonly booking: Booking });

/** Why a posting cannot be booked yet (or at all). */
export type BookingFailure =
  | { readonly ok: false; readonly kind: 'hold' | 'reject'; readonly period: string }
  | { readonly ok: false; readonly kind: 'missing-fx' | 'missing-tax'; readonly missing: string };

export type BookingResult<T> = { readonly ok: true; readonly value: T } | BookingFailure;

/** One amount booked: its posting date by period-close policy, converted at the transaction date's rate. */
export function bookAmount(
  amount: Money,
  inputs: Omit<BookingInputs, 'taxCode' | 'tax'>,
): BookingResult<Booking> {
  const date = postingDateFor(inputs.date, inputs.periods, inputs.policy);
  if (date.kind !== 'post') return { ok: false, kind: date.kind, period: date.period };
  // Converted at the rate in force on the transaction date, not the posting date: a roll-forward
  // changes where the posting is booked, not what it was worth.
  const converted = convert(amount, inputs.functionalCurrency, inputs.date, inputs.fx);
  if (!converted.ok) return { ok: false, kind: 'missing-fx', missing: converted.missing };
  return { ok: true, value: { postingDate: date.postingDate, ...converted.conversion } };
}

export function bookPostings(
  postings: readonly (BillableLinePlan | CostPlan)[],
  inputs: BookingInputs,
): BookingResult<readonly BookedPosting[]> {
  const booked: BookedPosting[] = [];
  for (const posting of postings) {
    const booking = bookAmount(posting.amount, inputs);
    if (!booking.ok) return booking;
    if (posting.kind === 'cost' || inputs.taxCode === undefined) {
      booked.push({ ...posting, booking: booking.value });
      continue;
    }
    const taxed = taxOn(posting.amount, inputs.taxCode, inputs.date, inputs.tax);
    if (!taxed.ok) return { ok: false, kind: 'missing-tax', missing: taxed.missing };
    booked.push({ ...posting, booking: booking.value, tax: taxed.tax });
  }
  return { ok: true, value: booked };
}

/**
 * The booking as a command carries it: omitted when it says nothing the posting does not (booked on its
 * own date, in the entity's own currency at 1), which is nearly every posting of a one-currency firm. A
 * target books a posting without one on its date, in its own currency; this halves what each time entry
 * writes to the outbox. A conversion or a rolled-forward date is always sent.
 */
export function bookingField(booking: Booking, date: string): { readonly booking?: Booking } {
  const plain = booking.postingDate === date && booking.rate === '1' && booking.source === 'same currency';
  return plain ? {} : { booking };
}
