// Path and query parameters arrive as text; these parse them strictly or refuse with a 400.
import { SandboxPsaError } from './errors.ts';

const NON_NEGATIVE = /^(0|[1-9][0-9]{0,14})$/;

export function integerParam(
  name: string,
  value: unknown,
  fallback: number,
  min: number,
  max: number,
): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'string' || !NON_NEGATIVE.test(value))
    throw new SandboxPsaError('invalid_request', `${name} must be an integer`);
  const n = Number(value);
  if (n < min || n > max)
    throw new SandboxPsaError('invalid_request', `${name} must be between ${min} and ${max}`);
  return n;
}

/** A time entry id from a path segment. */
export function entryIdParam(value: string): number {
  return integerParam('time entry id', value, 0, 1, Number.MAX_SAFE_INTEGER);
}
