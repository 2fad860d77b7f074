// The ERP's rules for quantities and money, exact on decimal strings through src/domain/money.ts.
import { currencyExponent, extend, parseDecimal, round } from '../../domain/money.ts';

const QUANTITY = /^(0|[1-9][0-9]{0,5})(\.[0-9]{1,2})?$/;
const AMOUNT = /^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/;

/** Hours: non-negative, at most 2 decimals, like the PSA's time entries. */
export function isQuantity(text: string): boolean {
  return QUANTITY.test(text);
}

export function isAmount(text: string): boolean {
  return AMOUNT.test(text);
}

export function isCurrency(code: string): boolean {
  try {
    currencyExponent(code);
    return true;
  } catch {
    return false;
  }
}

/** Equal in value whatever the written scale ("10.5" equals "10.50"). */
export function decimalEquals(a: string, b: string): boolean {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  // Rounding to a scale at least as large as the value's own is an exact rescale.
  return round(x, scale, 'half-up').units === round(y, scale, 'half-up').units;
}

/** quantity x unit price rounded half-up to the currency's minor unit, as the ERP books it. */
export function extendedAmount(quantity: string, unitPrice: string, currency: string): string {
  return extend(quantity, { amount: unitPrice, currency }, 'half-up').amount;
}
