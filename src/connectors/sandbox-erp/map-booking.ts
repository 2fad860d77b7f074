// The canonical booking (posting date, functional amount and its rate) and line tax in the ERP's fields.
import type { Booking } from '../../domain/finance/book-postings.ts';
import type { LineTax } from '../../domain/finance/tax-rates.ts';
import type { BookingFields, LineTaxFields, SourceDigestField } from './wire.ts';

export function bookingFields(booking: Booking | undefined): BookingFields {
  if (!booking) return {};
  return {
    functional_amount: booking.functional.amount,
    functional_currency: booking.functional.currency,
    fx_rate: booking.rate,
    fx_rate_date: booking.rateDate,
    fx_source: booking.source,
    posting_date: booking.postingDate,
  };
}

export function lineTaxFields(tax: LineTax | undefined): LineTaxFields {
  if (!tax) return {};
  return { tax_amount: tax.amount.amount, tax_code: tax.code, tax_rate: tax.ratePercent };
}

/** The approval's digest, which the ERP keeps with the posting (`ledgerline explain` names it). */
export function sourceDigestField(digest: string | undefined): SourceDigestField {
  return digest === undefined ? {} : { source_digest: digest };
}
