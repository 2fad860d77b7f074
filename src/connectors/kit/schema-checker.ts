// One Ajv instance for every vendor schema, compiled once per schema. Failures name a JSON pointer so a bad
// record says exactly which field is wrong. Schemas stay in each connector's vendor folder.
import { Ajv, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { Static, TSchema } from '@sinclair/typebox';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);

export type CheckResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly errors: string[] };

export type Checker<S extends TSchema> = (value: unknown) => CheckResult<Static<S>>;

export function compileChecker<S extends TSchema>(schema: S): Checker<S> {
  const validate: ValidateFunction = ajv.compile(schema);
  return (value) => {
    if (validate(value)) return { ok: true, value: value as Static<S> };
    const errors = (validate.errors ?? []).slice(0, 10).map((e) => {
      const params = e.params as { missingProperty?: string; additionalProperty?: string };
      const leaf = params.missingProperty ?? params.additionalProperty;
      const pointer = `${e.instancePath}${leaf === undefined ? '' : `/${leaf}`}` || '/';
      return `${pointer} ${e.keyword === 'additionalProperties' ? 'is not a known field' : (e.message ?? 'is invalid')}`;
    });
    return { ok: false, errors };
  };
}
