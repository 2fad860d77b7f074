// Validators compiled once from the catalogue. A failure names the JSON pointer of every failing field.
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { AnyCloudEvent } from './events/envelope.ts';
import { sensitiveKeyword } from './sensitivity/mark.ts';
import { eventCatalog, eventNameOfType, type CanonicalEvent, type EventName } from './events/catalog.ts';

// ajv-formats is CommonJS; its default export arrives wrapped under ESM.
const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;

export interface FieldError {
  /** JSON pointer into the event, e.g. `/data/hours`. */
  readonly pointer: string;
  readonly message: string;
}

export type ValidationResult =
  | { readonly ok: true; readonly event: CanonicalEvent; readonly name: EventName }
  | {
      readonly ok: false;
      readonly kind: 'not-an-event' | 'unknown-type' | 'invalid';
      readonly type?: string;
      readonly errors: readonly FieldError[];
    };

const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
addFormats(ajv);
// The mark on sensitive fields is an annotation, not a constraint (see sensitivity/mark.ts).
ajv.addKeyword(sensitiveKeyword);

// Compiled on first use: a CLI command that never validates does not pay for it.
let envelopeValidator: ValidateFunction | undefined;
const validators = new Map<EventName, ValidateFunction>();
function validatorFor(name: EventName): ValidateFunction {
  let v = validators.get(name);
  if (!v) validators.set(name, (v = ajv.compile(eventCatalog[name].schema)));
  return v;
}

/** RFC 6901: `~` and `/` inside a field name are escaped in a JSON pointer. */
function escapePointer(name: string): string {
  return name.replaceAll('~', '~0').replaceAll('/', '~1');
}

function toFieldErrors(errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  return (errors ?? []).map((e) => {
    const missing =
      e.keyword === 'required'
        ? `/${escapePointer((e.params as { missingProperty: string }).missingProperty)}`
        : '';
    const extra =
      e.keyword === 'additionalProperties'
        ? `/${escapePointer((e.params as { additionalProperty: string }).additionalProperty)}`
        : '';
    const pointer = `${e.instancePath}${missing}${extra}` || '/';
    const message = extra ? 'is not a known field' : missing ? 'is required' : (e.message ?? 'is invalid');
    return { pointer, message };
  });
}

/** Validates a parsed JSON value as a CloudEvent of the catalogue. */
export function validateEvent(value: unknown): ValidationResult {
  envelopeValidator ??= ajv.compile(AnyCloudEvent);
  if (!envelopeValidator(value))
    return { ok: false, kind: 'not-an-event', errors: toFieldErrors(envelopeValidator.errors) };
  const envelope = value as AnyCloudEvent;
  const name = eventNameOfType(envelope.type);
  if (!name)
    return {
      ok: false,
      kind: 'unknown-type',
      type: envelope.type,
      errors: [{ pointer: '/type', message: `unknown event type "${envelope.type}"` }],
    };
  const validator = validatorFor(name);
  if (!validator || !validator(value))
    return { ok: false, kind: 'invalid', type: envelope.type, errors: toFieldErrors(validator?.errors) };
  return { ok: true, event: value as CanonicalEvent, name };
}
