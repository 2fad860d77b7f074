// Tryton's typed JSON values (`{"__class__": ...}`) to and from Ledgerline's strings. Money and hours never
// pass through a JS number: decimals stay strings, hours become timedelta seconds by integer arithmetic.
import { Type, type Static } from '@sinclair/typebox';

export const WireDecimal = Type.Object(
  { __class__: Type.Literal('Decimal'), decimal: Type.String({ pattern: '^-?[0-9]+(\\.[0-9]+)?$' }) },
  { additionalProperties: false },
);
export type WireDecimal = Static<typeof WireDecimal>;

const Int = Type.Integer();
export const WireDate = Type.Object(
  { __class__: Type.Literal('date'), year: Int, month: Int, day: Int },
  { additionalProperties: false },
);
export type WireDate = Static<typeof WireDate>;

export const WireDateTime = Type.Object(
  {
    __class__: Type.Literal('datetime'),
    year: Int,
    month: Int,
    day: Int,
    hour: Int,
    minute: Int,
    second: Int,
    microsecond: Int,
  },
  { additionalProperties: false },
);
export type WireDateTime = Static<typeof WireDateTime>;

/** Tryton sends `total_seconds()`, a float in Python, so a whole number may arrive as `3600.0`. */
export const WireTimeDelta = Type.Object(
  { __class__: Type.Literal('timedelta'), seconds: Type.Number() },
  { additionalProperties: false },
);
export type WireTimeDelta = Static<typeof WireTimeDelta>;

const DECIMAL = /^(-?)([0-9]+)(?:\.([0-9]+))?$/;
const ISO_DATE = /^([0-9]{4})-([0-9]{2})-([0-9]{2})$/;
const HOURS = /^([0-9]{1,2})(?:\.([0-9]{1,2}))?$/;

/** `"120.50"` as Tryton's Decimal; refuses anything that is not a plain decimal string. */
export function toDecimal(value: string): WireDecimal {
  if (!DECIMAL.test(value)) throw new RangeError(`not a decimal string: "${value}"`);
  return { __class__: 'Decimal', decimal: value };
}

/** A decimal string without exponent or superfluous zeros: "120.50" -> "120.5", "-0" -> "0". */
export function normalizeDecimal(value: string): string {
  const match = DECIMAL.exec(value);
  if (!match) throw new RangeError(`not a decimal string: "${value}"`);
  const [, sign = '', whole = '0', fraction = ''] = match;
  const int = whole.replace(/^0+(?=[0-9])/, '');
  const frac = fraction.replace(/0+$/, '');
  const body = frac === '' ? int : `${int}.${frac}`;
  return body === '0' ? '0' : `${sign}${body}`;
}

/** A decimal string with exactly `digits` fractional digits; refuses to drop non-zero digits. */
export function fixedDecimal(value: string, digits: number): string {
  const normal = normalizeDecimal(value);
  const [int, frac = ''] = normal.split('.');
  if (frac.length > digits) throw new RangeError(`"${value}" has more than ${digits} decimals`);
  return digits === 0 ? (int ?? '0') : `${int ?? '0'}.${frac.padEnd(digits, '0')}`;
}

/** Money with two decimals ("1662.60"), or more when Tryton carries more (unit prices have four). */
export function moneyAmount(value: string): string {
  const normal = normalizeDecimal(value);
  const decimals = normal.split('.')[1]?.length ?? 0;
  return decimals <= 2 ? fixedDecimal(normal, 2) : normal;
}

/** Tryton's Decimal as a normalized decimal string. */
export function fromDecimal(value: WireDecimal): string {
  return normalizeDecimal(value.decimal);
}

export function toDate(iso: string): WireDate {
  const match = ISO_DATE.exec(iso);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: "${iso}"`);
  const [, y, m, d] = match;
  return { __class__: 'date', year: Number(y), month: Number(m), day: Number(d) };
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

export function fromDate(value: WireDate): string {
  return `${pad(value.year, 4)}-${pad(value.month)}-${pad(value.day)}`;
}

/** Tryton keeps timestamps as naive UTC; this is the RFC 3339 instant with microseconds kept. */
export function fromDateTime(value: WireDateTime): string {
  const { year, month, day, hour, minute, second, microsecond } = value;
  return `${fromDate({ __class__: 'date', year, month, day })}T${pad(hour)}:${pad(minute)}:${pad(second)}.${pad(microsecond, 6)}Z`;
}

const INSTANT = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(?:\.([0-9]{1,6}))?Z$/;

/** The inverse of `fromDateTime` (UTC only, `Z`), so a cursor instant goes back to Tryton unchanged. */
export function toDateTime(instant: string): WireDateTime {
  const match = INSTANT.exec(instant);
  if (!match) throw new RangeError(`not a UTC instant: "${instant}"`);
  const [, y, mo, d, h, mi, s, us = ''] = match;
  return {
    __class__: 'datetime',
    year: Number(y),
    month: Number(mo),
    day: Number(d),
    hour: Number(h),
    minute: Number(mi),
    second: Number(s),
    microsecond: Number(us.padEnd(6, '0')),
  };
}

/** "7.25" hours -> 26100 s. Hours carry at most 2 decimals, so hundredths x 36 s is exact. */
export function hoursToTimedelta(hours: string): WireTimeDelta {
  const match = HOURS.exec(hours);
  if (!match) throw new RangeError(`not hours with at most 2 decimals: "${hours}"`);
  const [, whole = '0', fraction = ''] = match;
  const hundredths = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  return { __class__: 'timedelta', seconds: hundredths * 36 };
}

/** Seconds -> hours string, exact when the duration is whole hundredths of an hour; undefined otherwise. */
export function timedeltaToHours(value: WireTimeDelta): string | undefined {
  const seconds = value.seconds;
  if (!Number.isInteger(seconds) || seconds < 0 || seconds % 36 !== 0) return undefined;
  const hundredths = seconds / 36;
  return normalizeDecimal(`${Math.trunc(hundredths / 100)}.${pad(hundredths % 100)}`);
}

/**
 * Tryton's Float fields (an invoice line's quantity) arrive as JSON numbers. Hours are rounded by the
 * unit (0.01 h), so six decimals hold every such quantity; this is the only float the connector reads.
 */
export function floatQuantity(value: number): string {
  if (!Number.isFinite(value)) throw new RangeError(`not a finite quantity: ${value}`);
  return normalizeDecimal(value.toFixed(6));
}
