// Exact checks on the PSA's decimal amounts. An amount is acceptable for a currency when it needs no
// rounding at the currency's minor unit ("12.50" EUR yes, "12.505" EUR no, "1200.00" JPY yes), so the PSA
// never holds an amount the ERP would have to round.
import { add, currencyExponent, formatDecimal, parseDecimal, type Decimal } from '../../../domain/money.ts';

function unitsAt(value: Decimal, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** Throws RangeError for an unknown currency; check the code first. */
export function fitsMinorUnit(amount: string, currency: string): boolean {
  const value = parseDecimal(amount);
  const exponent = currencyExponent(currency);
  if (value.scale <= exponent) return true;
  const step = 10n ** BigInt(value.scale - exponent);
  return value.units % step === 0n;
}

/** -1, 0 or 1, exactly. */
export function compareAmounts(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const scale = Math.max(x.scale, y.scale);
  const [ux, uy] = [unitsAt(x, scale), unitsAt(y, scale)];
  return ux < uy ? -1 : ux > uy ? 1 : 0;
}

/** The exact sum, at the largest scale of its terms (no rounding). */
export function sumAmounts(amounts: Iterable<string>): string {
  let total: Decimal = { units: 0n, scale: 0 };
  for (const a of amounts) total = add(total, parseDecimal(a));
  return formatDecimal(total);
}
