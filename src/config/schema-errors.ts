// Turns ajv's errors into one line per problem, named by its config path. A described union (e.g. a secret
// is `{ env }` or `{ file }`) is reported once, as what it expects, instead of once per branch it tried.
import type { ErrorObject } from 'ajv';

interface ErrorSchema {
  description?: string;
  oneOf?: { properties?: Record<string, { const?: unknown }> }[];
  properties?: Record<string, unknown>;
  patternProperties?: Record<string, unknown>;
}

export function describeSchemaErrors(errors: readonly ErrorObject[]): string[] {
  const unions = errors.filter((e) => e.keyword === 'anyOf' && schemaOf(e)?.description !== undefined);
  const insideUnion = (e: ErrorObject) =>
    unions.some(
      (u) => e.instancePath.startsWith(u.instancePath) && e.schemaPath.startsWith(`${u.schemaPath}/`),
    );
  const lines = errors.filter((e) => !insideUnion(e)).map((e) => `${pathOf(e)}: ${messageOf(e)}`);
  return [...new Set(lines)];
}

function pathOf(error: ErrorObject): string {
  return error.instancePath === '' ? '(top level)' : error.instancePath.slice(1).replaceAll('/', '.');
}

/** The schema object the error is about; ajv supplies it because it runs with `verbose`. */
function schemaOf(error: ErrorObject): ErrorSchema | undefined {
  return error.parentSchema as ErrorSchema | undefined;
}

function messageOf(error: ErrorObject): string {
  const schema = schemaOf(error);
  if (error.keyword === 'anyOf' && schema?.description !== undefined) return `must be ${schema.description}`;
  if (error.keyword === 'discriminator') {
    const tag = String(error.params['tag']);
    const kinds = (schema?.oneOf ?? []).map((k) => JSON.stringify(k.properties?.[tag]?.const));
    return `"${tag}" must be one of ${kinds.join(', ')} (got ${JSON.stringify(error.params['tagValue'])})`;
  }
  if (error.keyword !== 'additionalProperties') return error.message ?? 'is invalid';
  const name = `"${String(error.params['additionalProperty'])}"`;
  if (schema?.properties !== undefined)
    return `must NOT have additional properties ${name} (known: ${Object.keys(schema.properties).join(', ')})`;
  if (schema?.patternProperties !== undefined)
    return `${name} is not a valid name (names match ${Object.keys(schema.patternProperties).join(' or ')})`;
  return `must NOT have additional properties ${name}`;
}
