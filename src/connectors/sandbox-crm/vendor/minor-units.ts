// Deal values travel as integer minor units; their decimal value depends on the currency's ISO 4217
// exponent (GBP 2, JPY 0, KWD 3). The integer becomes a BigInt at once, so no float touches the amount.
import { currencyExponent, formatDecimal } from '../../../domain/money.ts';

/** "120000.00" for 12000000 GBP, "1500000" for 1500000 JPY. Throws RangeError on an unknown currency. */
export function minorUnitsToDecimal(minor: number, currency: string): string {
  if (!Number.isSafeInteger(minor)) throw new RangeError(`minor units must be a safe integer: ${minor}`);
  return formatDecimal({ units: BigInt(minor), scale: currencyExponent(currency) });
}

export function isKnownCurrency(code: string): boolean {
  try {
    currencyExponent(code);
    return true;
  } catch {
    return false;
  }
}
