// Redmine sends hours as a JSON float. The float's shortest decimal form (what Ruby printed and JS reads
// back, e.g. 1.33 or 0.1) is rounded half-up to 2 decimals in decimal arithmetic, never with float maths,
// then written without trailing zeros ("2.0" -> "2", "1.50" -> "1.5") so one quantity has one spelling.

/** `undefined` when the value is not a valid day's hours (negative, not finite, 100 or more). */
export function hoursFromFloat(value: number): string | undefined {
  if (!Number.isFinite(value) || value < 0) return undefined;
  // toString switches to exponent form below 1e-6; toFixed(20) is exact enough there to round to cents.
  const text = /e/i.test(String(value)) ? value.toFixed(20) : String(value);
  const [whole = '0', fraction = ''] = text.split('.');
  const digits = fraction.padEnd(3, '0');
  let cents = BigInt(whole) * 100n + BigInt(digits.slice(0, 2));
  if (Number(digits[2]) >= 5) cents += 1n;
  if (cents >= 10_000n) return undefined;
  const units = (cents / 100n).toString();
  const rest = (cents % 100n).toString().padStart(2, '0').replace(/0+$/, '');
  return rest === '' ? units : `${units}.${rest}`;
}
