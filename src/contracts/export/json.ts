// Plain JSON values and a canonical form, so exported contracts are byte-identical on every run.

export type JsonValue = null | boolean | number | string | JsonValue[] | JsonObject;
export interface JsonObject {
  [key: string]: JsonValue;
}

/** Drops everything JSON cannot carry (TypeBox's symbol keys, undefined) by a JSON round trip. */
export function toJson(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/** A copy with object keys in code-unit order at every depth; arrays keep their order. */
export function sortKeys(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  // Code-unit order, not localeCompare, so the result does not depend on the host's locale.
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key] ?? null);
  return out;
}

/** Canonical JSON text: sorted keys, 2-space indent, trailing newline. */
export function canonicalJson(value: JsonValue): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}
