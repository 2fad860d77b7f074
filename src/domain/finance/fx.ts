// Exchange rates into one functional currency, dated, as the ERP published them; and the conversion of a
// transaction amount with the rate, date and source that priced it, so the same inputs give the same posting.
import type { FxRate, Money } from '../../contracts/index.ts';
import { scaleAmount, type RoundingMode } from '../money.ts';
import { inForceOn, withDated } from './dated.ts';

export interface DatedFxRate {
  readonly effectiveFrom: string;
  readonly rate: string;
  readonly source: string;
}

/** Every rate into `to`, by source currency. One book per functional currency keeps look-ups to one key. */
export interface FxRateBook {
  readonly to: string;
  readonly from: Readonly<Record<string, readonly DatedFxRate[]>>;
}

export function withFxRate(book: FxRateBook | undefined, rate: FxRate): FxRateBook {
  const current = book ?? { to: rate.to, from: {} };
  if (current.to !== rate.to)
    throw new RangeError(`a rate into ${rate.to} does not belong in the ${current.to} book`);
  const dated: DatedFxRate = { effectiveFrom: rate.effectiveFrom, rate: rate.rate, source: rate.source };
  return {
    to: current.to,
    from: { ...current.from, [rate.from]: withDated(current.from[rate.from] ?? [], dated) },
  };
}

/** How a posting was converted: kept on the posting, so it can be checked and repeated. */
export interface Conversion {
  readonly functional: Money;
  readonly rate: string;
  /** The date the rate took effect (the rate in force on the transaction date). */
  readonly rateDate: string;
  readonly source: string;
}

export type ConversionResult =
  { readonly ok: true; readonly conversion: Conversion } | { readonly ok: false; readonly missing: string };

/**
 * `amount` on `date` in the functional currency `to`, rounded once to its minor unit. The same currency
 * converts at 1 (the rate date is the transaction date); otherwise the rate in force on `date` applies.
 */
export function convert(
  amount: Money,
  to: string,
  date: string,
  book: FxRateBook | undefined,
  mode: RoundingMode = 'half-up',
): ConversionResult {
  if (amount.currency === to)
    return {
      ok: true,
      conversion: { functional: amount, rate: '1', rateDate: date, source: 'same currency' },
    };
  const rate = book ? inForceOn(book.from[amount.currency] ?? [], date) : undefined;
  if (!rate) return { ok: false, missing: `${amount.currency}->${to} rate in force on ${date}` };
  const functional = { amount: scaleAmount(amount.amount, rate.rate, to, { mode }), currency: to };
  return {
    ok: true,
    conversion: { functional, rate: rate.rate, rateDate: rate.effectiveFrom, source: rate.source },
  };
}
