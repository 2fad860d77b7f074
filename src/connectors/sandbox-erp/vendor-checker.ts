// Compiles the vendor's TypeBox schemas (wire-feed.ts) into checkers whose failures name a JSON pointer,
// so a bad record says exactly which field is wrong. One Ajv instance, each schema compiled once.
import type { Static, TSchema } from '@sinclair/typebox';
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);

export type CheckResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: string[] };

export function compileChecker<S extends TSchema>(schema: S): (value: unknown) => CheckResult<Static<S>> {
  const validate: ValidateFunction = ajv.compile(schema);
  return (value) => {
    if (validate(value)) return { ok: true, value: value as Static<S> };
    const errors = (validate.errors ?? []).slice(0, 10).map((e) => {
      const params = e.params as { missingProperty?: string };
      const pointer = `${e.instancePath}${params.missingProperty === undefined ? '' : `/${params.missingProperty}`}`;
      return `${pointer || '/'} ${e.message ?? 'is invalid'}`;
    });
    return { ok: false, errors };
  };
}
