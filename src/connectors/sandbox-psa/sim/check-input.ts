// Checks a request body against a schema and turns a failure into a 400 naming the failing fields.
import type { Static, TSchema } from '@sinclair/typebox';
import type { Checker } from '../../kit/schema-checker.ts';
import { SandboxPsaError } from './errors.ts';

export function checkInput<S extends TSchema>(check: Checker<S>, value: unknown, what: string): Static<S> {
  const result = check(value);
  if (!result.ok) throw new SandboxPsaError('invalid_request', `invalid ${what}`, result.errors);
  return result.value;
}
