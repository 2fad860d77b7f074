// Exact decimal money on BigInt. Amounts are held as integer units at a scale (number of fractional
// digits); multiplication is exact and rounding to the currency's minor unit is always explicit.
// Why not a library: see docs/adr/0003-money-on-bigint.md.

export interface Decimal {
  /** value = units / 10^scale */
  readonly units: bigint;
  readonly scale: number;
}

export type RoundingMode = 'half-up' | 'half-even';

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;

export function parseDecimal(text: string): Decimal {
  const m = DECIMAL.exec(text);
  if (!m) throw new RangeError(`not a decimal: "${text}"`);
  const fraction = m[3] ?? '';
  const units = BigInt(`${m[2] ?? '0'}${fraction}`);
  return { units: m[1] ? -units : units, scale: fraction.length };
}

// Scales in practice stay small (amounts times rates times FX): their powers are computed once.
const powers = Array.from({ length: 40 }, (_, n) => 10n ** BigInt(n));

function pow10(n: number): bigint {
  return powers[n] ?? 10n ** BigInt(n);
}

export function multiply(a: Decimal, b: Decimal): Decimal {
  return { units: a.units * b.units, scale: a.scale + b.scale };
}

export function add(a: Decimal, b: Decimal): Decimal {
  const scale = Math.max(a.scale, b.scale);
  return { units: a.units * pow10(scale - a.scale) + b.units * pow10(scale - b.scale), scale };
}

/** Rounds to `scale` fractional digits with the given mode (ties away from zero for half-up). */
export function round(value: Decimal, scale: number, mode: RoundingMode): Decimal {
  if (value.scale <= scale) return { units: value.units * pow10(scale - value.scale), scale };
  const divisor = pow10(value.scale - scale);
  const negative = value.units < 0n;
  const abs = negative ? -value.units : value.units;
  let quotient = abs / divisor;
  const twiceRemainder = (abs % divisor) * 2n;
  if (
    twiceRemainder > divisor ||
    (twiceRemainder === divisor && (mode === 'half-up' || quotient % 2n === 1n))
  )
    quotient += 1n;
  return { units: negative ? -quotient : quotient, scale };
}

export function formatDecimal(value: Decimal): string {
  const negative = value.units < 0n;
  const digits = (negative ? -value.units : value.units).toString().padStart(value.scale + 1, '0');
  const whole = digits.slice(0, digits.length - value.scale);
  const fraction = value.scale > 0 ? `.${digits.slice(digits.length - value.scale)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

// ISO 4217 minor units that differ from 2. Node's ICU data gives *display* digits (HUF 0, IQD 0), which
// are not the accounting exponent, so the table is explicit; every other valid code has 2.
const nonDefaultExponents: Readonly<Record<string, number>> = {
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  ISK: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  PYG: 0,
  RWF: 0,
  UGX: 0,
  UYI: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  BHD: 3,
  IQD: 3,
  JOD: 3,
  KWD: 3,
  LYD: 3,
  OMR: 3,
  TND: 3,
  CLF: 4,
  UYW: 4,
};

let knownCurrencies: ReadonlySet<string> | undefined;

/** ISO 4217 minor-unit exponent (EUR 2, JPY 0, KWD 3) of a valid currency code. */
export function currencyExponent(currency: string): number {
  const exponent = nonDefaultExponents[currency];
  if (exponent !== undefined) return exponent;
  knownCurrencies ??= new Set(Intl.supportedValuesOf('currency'));
  if (!knownCurrencies.has(currency)) throw new RangeError(`unknown ISO 4217 currency "${currency}"`);
  return 2;
}

export interface Money {
  readonly amount: string;
  readonly currency: string;
}

/** quantity x unit price, rounded once to the currency's minor unit. Line amounts use half-up. */
export function extend(quantity: string, unitPrice: Money, mode: RoundingMode = 'half-up'): Money {
  const exact = multiply(parseDecimal(quantity), parseDecimal(unitPrice.amount));
  return {
    amount: formatDecimal(round(exact, currencyExponent(unitPrice.currency), mode)),
    currency: unitPrice.currency,
  };
}

/** Sums amounts per currency, exactly, formatted at each currency's exponent. */
export function totalsByCurrency(amounts: Iterable<Money>): Record<string, string> {
  const sums = new Map<string, Decimal>();
  for (const m of amounts)
    sums.set(m.currency, add(sums.get(m.currency) ?? { units: 0n, scale: 0 }, parseDecimal(m.amount)));
  const out: Record<string, string> = {};
  for (const [currency, sum] of [...sums].sort(([a], [b]) => a.localeCompare(b))) {
    out[currency] = formatDecimal(round(sum, currencyExponent(currency), 'half-up'));
  }
  return out;
}

/** Adds decimal strings exactly (hours, amounts) and formats at `scale`. */
export function sumDecimals(values: Iterable<string>, scale: number): string {
  let total: Decimal = { units: 0n, scale: 0 };
  for (const v of values) total = add(total, parseDecimal(v));
  return formatDecimal(round(total, scale, 'half-up'));
}

/**
 * amount x factor (an exchange rate, or a percentage when `percent`), exactly, then rounded once to the
 * currency's minor unit. Dividing by 100 is two more fractional digits: no rounding before the last one.
 */
export function scaleAmount(
  amount: string,
  factor: string,
  currency: string,
  options: { readonly percent?: boolean; readonly mode?: RoundingMode } = {},
): string {
  const product = multiply(parseDecimal(amount), parseDecimal(factor));
  const exact = options.percent === true ? { units: product.units, scale: product.scale + 2 } : product;
  return formatDecimal(round(exact, currencyExponent(currency), options.mode ?? 'half-up'));
}

/** The same amount with the opposite sign ("0" stays "0"), as a reversal books it. */
export function negateAmount(amount: string): string {
  if (parseDecimal(amount).units === 0n) return amount;
  return amount.startsWith('-') ? amount.slice(1) : `-${amount}`;
}
