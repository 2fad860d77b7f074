// Generated amounts start as whole units and cents (small integers, drawn) and become exact decimal text
// at the currency's minor unit at once, so no float ever carries money.
import { currencyExponent, formatDecimal } from '../../../domain/money.ts';

/** `whole` units and `cents` hundredths, at the currency's exponent (cents dropped for JPY and the like). */
export function amountOf(whole: number, cents: number, currency: string): string {
  const exponent = currencyExponent(currency);
  const minor = exponent >= 2 ? BigInt(cents) * 10n ** BigInt(exponent - 2) : 0n;
  return formatDecimal({ units: BigInt(whole) * 10n ** BigInt(exponent) + minor, scale: exponent });
}

/** `fee` split in shares of twentieths (5% steps), exactly: the parts always sum to the fee. */
export function splitFee(fee: bigint, twentieths: readonly number[], currency: string): string[] {
  const exponent = currencyExponent(currency);
  const minor = fee * 10n ** BigInt(exponent);
  const parts = twentieths.map((t) => (minor * BigInt(t)) / 20n);
  const rest = minor - parts.reduce((a, b) => a + b, 0n);
  const last = parts.length - 1;
  return parts.map((p, i) => formatDecimal({ units: i === last ? p + rest : p, scale: exponent }));
}

/** A whole number of units at the currency's exponent ("120000.00" GBP, "120000" JPY). */
export function wholeAmount(units: bigint, currency: string): string {
  const exponent = currencyExponent(currency);
  return formatDecimal({ units: units * 10n ** BigInt(exponent), scale: exponent });
}
