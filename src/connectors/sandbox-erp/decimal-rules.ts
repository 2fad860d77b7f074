// The ERP's rules for quantities and money, exact on decimal strings through src/domain/money.ts.
import {
  add,
  currencyExponent,
  extend,
  formatDecimal,
  scaleAmount,
  parseDecimal,
  round,
} from '../../domain/money.ts';

const QUANTITY = /^(0|[1-9][0-9]{0,5})(\.[0-9]{1,2})?$/;
const AMOUNT = /^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/;
const NON_NEGATIVE = /^(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/;
/** Tax rates are percentages from 0 to 100 with up to 4 decimals ("20", "17.5"). */
const RATE = /^(100(\.0{1,4})?|[1-9]?[0-9](\.[0-9]{1,4})?)$/;

/** Hours: non-negative, at most 2 decimals, like the PSA's time entries. */
export function isQuantity(text: string): boolean {
  return QUANTITY.test(text);
}

export function isAmount(text: string): boolean {
  return AMOUNT.test(text);
}

export function isNonNegativeAmount(text: string): boolean {
  return NON_NEGATIVE.test(text);
}

export function isPositiveAmount(text: string): boolean {
  return NON_NEGATIVE.test(text) && parseDecimal(text).units > 0n;
}

export function isTaxRate(text: string): boolean {
  return RATE.test(text);
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

/** -1, 0 or 1 as `a` is below, equal to or above `b` in value. */
export function compareDecimals(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  const difference = round(x, scale, 'half-up').units - round(y, scale, 'half-up').units;
  return difference === 0n ? 0 : difference < 0n ? -1 : 1;
}

/** a - b, exactly, written at the currency's minor unit. */
export function subtractAmounts(a: string, b: string, currency: string): string {
  const y = parseDecimal(b);
  const difference = add(parseDecimal(a), { units: -y.units, scale: y.scale });
  return formatDecimal(round(difference, currencyExponent(currency), 'half-up'));
}

/** quantity x unit price rounded half-up to the currency's minor unit, as the ERP books it. */
export function extendedAmount(quantity: string, unitPrice: string, currency: string): string {
  return extend(quantity, { amount: unitPrice, currency }, 'half-up').amount;
}

/**
 * The amount written at the currency's minor unit ("10.5" GBP -> "10.50"), or undefined when it has
 * non-zero digits below it ("10.005" GBP, "1.5" JPY): the ERP books what it is given, never rounds it.
 */
export function atMinorUnit(amount: string, currency: string): string | undefined {
  const value = parseDecimal(amount);
  const exponent = currencyExponent(currency);
  const rounded = round(value, exponent, 'half-up');
  return decimalEquals(formatDecimal(rounded), amount) ? formatDecimal(rounded) : undefined;
}

/** Tax on one line: net x rate %, rounded half-up to the currency's minor unit. */
export function taxOn(net: string, ratePercent: string, currency: string): string {
  return scaleAmount(net, ratePercent, currency, { percent: true });
}
