// Reads an untrusted JSON object field by field. Unknown fields are refused so that a client bug (a
// misspelt field) shows up as a rejection instead of silently losing data.
import type { Checked } from './checked.ts';

export class InvalidField extends Error {}

const DATE = /^([0-9]{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isCalendarDate(text: string): boolean {
  const m = DATE.exec(text);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  return day <= (month === 2 && leap ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

export class Reader {
  constructor(
    private readonly record: Record<string, unknown>,
    /** Prefix for field names in messages, e.g. "billing_address.". */
    private readonly path = '',
  ) {}

  has(field: string): boolean {
    return this.record[field] !== undefined;
  }

  text(field: string, min: number, max: number): string {
    const value = this.record[field];
    const name = `${this.path}${field}`;
    if (typeof value !== 'string') throw new InvalidField(`${name} must be a string`);
    if (value.length < min || value.length > max)
      throw new InvalidField(`${name} must be ${min} to ${max} characters`);
    return value;
  }

  optionalText(field: string, max: number): string | undefined {
    return this.has(field) ? this.text(field, 1, max) : undefined;
  }

  matching(field: string, test: (value: string) => boolean, expected: string): string {
    const value = this.text(field, 1, 64);
    if (!test(value)) throw new InvalidField(`${this.path}${field} must be ${expected}, got "${value}"`);
    return value;
  }

  flag(field: string): boolean {
    const value = this.record[field];
    if (typeof value !== 'boolean') throw new InvalidField(`${this.path}${field} must be true or false`);
    return value;
  }

  integer(field: string, min: number, max: number): number {
    const value = this.record[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      throw new InvalidField(`${this.path}${field} must be an integer from ${min} to ${max}`);
    return value;
  }

  /** An array of 1 to `maxItems` strings of 1 to `max` characters. */
  textList(field: string, maxItems: number, max: number): string[] {
    const value = this.record[field];
    const name = `${this.path}${field}`;
    if (
      !Array.isArray(value) ||
      value.length < 1 ||
      value.length > maxItems ||
      !value.every((v) => typeof v === 'string' && v.length > 0 && v.length <= max)
    )
      throw new InvalidField(`${name} must be 1 to ${maxItems} strings of 1 to ${max} characters`);
    return value as string[];
  }

  /** A nested object, read with its own reader and its own list of known fields. */
  nested<T>(field: string, known: readonly string[], read: (r: Reader) => T): T {
    const value = this.record[field];
    if (!isObject(value)) throw new InvalidField(`${this.path}${field} must be a JSON object`);
    const reader = new Reader(value, `${this.path}${field}.`);
    reader.onlyKnown(known);
    return read(reader);
  }

  onlyKnown(known: readonly string[]): void {
    for (const key of Object.keys(this.record))
      if (!known.includes(key)) throw new InvalidField(`unknown field "${this.path}${key}"`);
  }
}

/** Reads `body` as an object with only `known` fields; a failure is `validation_failed`. */
export function check<T>(body: unknown, known: readonly string[], read: (r: Reader) => T): Checked<T> {
  if (!isObject(body))
    return { ok: false, error: { code: 'validation_failed', message: 'body must be a JSON object' } };
  const reader = new Reader(body);
  try {
    reader.onlyKnown(known);
    return { ok: true, value: read(reader) };
  } catch (e) {
    if (e instanceof InvalidField)
      return { ok: false, error: { code: 'validation_failed', message: e.message } };
    throw e;
  }
}
