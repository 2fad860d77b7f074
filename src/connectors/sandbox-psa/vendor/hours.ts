// The PSA sends hours as JSON numbers. They are turned into decimal strings once, here, without arithmetic:
// `String(n)` of a number with at most two decimals is exactly its decimal text (7.5 -> "7.5").

const TWO_DECIMALS = /^(0|[1-9][0-9]?)(\.[0-9]{1,2})?$/;

/** The exact decimal text of `hours`, or undefined when it is not 0 < h <= 24 with at most 2 decimals. */
export function hoursToDecimal(hours: number): string | undefined {
  if (!Number.isFinite(hours) || hours <= 0 || hours > 24) return undefined;
  const text = String(hours);
  return TWO_DECIMALS.test(text) ? text : undefined;
}
