// Tryton keeps every currency's rate against one common base: the rate of C on a date is "units of C per
// 1 unit of the base". Ledgerline wants rates INTO the company currency K (1 unit of C = x units of K), so
// x = rate(K) / rate(C). The division is done exactly on BigInt decimals and rounded once, half-up, to the
// 10 fractional digits a canonical rate may carry; trailing zeros are dropped ("0.8", not "0.8000000000").
import { formatDecimal, parseDecimal } from '../../domain/money.ts';
import { normalizeDecimal } from './codec.ts';

/** Fractional digits of a published rate (the canonical RateString allows at most 10). */
export const CROSS_RATE_DIGITS = 10;

/**
 * `companyRate / currencyRate`, both Tryton rates (positive decimal strings), half-up to 10 digits.
 * Undefined when either is zero or the quotient rounds to zero: no usable rate.
 */
export function crossRate(companyRate: string, currencyRate: string): string | undefined {
  const k = parseDecimal(companyRate);
  const c = parseDecimal(currencyRate);
  if (k.units <= 0n || c.units <= 0n) return undefined;
  // (kU / 10^kS) / (cU / 10^cS) scaled by 10^D = kU * 10^(cS + D) / (cU * 10^kS)
  const numerator = k.units * 10n ** BigInt(c.scale + CROSS_RATE_DIGITS);
  const denominator = c.units * 10n ** BigInt(k.scale);
  let quotient = numerator / denominator;
  if ((numerator % denominator) * 2n >= denominator) quotient += 1n;
  if (quotient === 0n) return undefined;
  return normalizeDecimal(formatDecimal({ units: quotient, scale: CROSS_RATE_DIGITS }));
}
