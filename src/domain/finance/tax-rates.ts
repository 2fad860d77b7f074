// A legal entity's tax rates by code, dated. A transaction is taxed at the rate in force on its own date,
// so a correction of an old entry is taxed as the original was, whatever the rate is today.
import type { Money, TaxRate } from '../../contracts/index.ts';
import { scaleAmount, type RoundingMode } from '../money.ts';
import { inForceOn, withDated } from './dated.ts';

export interface DatedTaxRate {
  readonly effectiveFrom: string;
  readonly ratePercent: string;
}

export interface TaxRateBook {
  readonly legalEntityId: string;
  readonly codes: Readonly<Record<string, readonly DatedTaxRate[]>>;
}

export function withTaxRate(book: TaxRateBook | undefined, rate: TaxRate): TaxRateBook {
  const current = book ?? { legalEntityId: rate.legalEntityId, codes: {} };
  const dated: DatedTaxRate = { effectiveFrom: rate.effectiveFrom, ratePercent: rate.ratePercent };
  return {
    legalEntityId: current.legalEntityId,
    codes: { ...current.codes, [rate.taxCode]: withDated(current.codes[rate.taxCode] ?? [], dated) },
  };
}

/** What a line's tax was computed with, kept on the line. */
export interface LineTax {
  readonly code: string;
  readonly ratePercent: string;
  /** The date the rate took effect. */
  readonly rateDate: string;
  readonly amount: Money;
}

export type LineTaxResult =
  { readonly ok: true; readonly tax: LineTax } | { readonly ok: false; readonly missing: string };

/** Tax on a net amount at the code's rate in force on `date`, rounded once per line. */
export function taxOn(
  net: Money,
  code: string,
  date: string,
  book: TaxRateBook | undefined,
  mode: RoundingMode = 'half-up',
): LineTaxResult {
  const rate = book ? inForceOn(book.codes[code] ?? [], date) : undefined;
  if (!rate) return { ok: false, missing: `tax code ${code} rate in force on ${date}` };
  return {
    ok: true,
    tax: {
      code,
      ratePercent: rate.ratePercent,
      rateDate: rate.effectiveFrom,
      amount: {
        amount: scaleAmount(net.amount, rate.ratePercent, net.currency, { percent: true, mode }),
        currency: net.currency,
      },
    },
  };
}
