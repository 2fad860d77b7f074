// One standalone JSON Schema (draft 2020-12) per catalogue event, for consumers outside TypeScript.
import { eventCatalog, eventNames, type EventName } from '../events/catalog.ts';
import { toJson, type JsonObject, type JsonValue } from './json.ts';

export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';
export const SCHEMA_BASE_URL = 'https://ledgerline.dev/schemas/';

export interface EventSchema {
  readonly name: EventName;
  readonly type: string;
  /** Path relative to the `schemas` folder, e.g. `io.ledgerline.time.approved.v1.json`. */
  readonly fileName: string;
  readonly schema: JsonObject;
}

export function schemaUrl(type: string): string {
  return `${SCHEMA_BASE_URL}${type}.json`;
}

/**
 * TypeBox `$id`s on nested objects ("Project", "TimeEntry") are registry names, not published URLs; left
 * in, each would become an embedded schema resource at an address nobody serves. Keep them as titles.
 */
function nestedIdsToTitles(value: JsonValue): JsonValue {
  if (Array.isArray(value)) return value.map(nestedIdsToTitles);
  if (value === null || typeof value !== 'object') return value;
  const out: JsonObject = {};
  for (const [key, child] of Object.entries(value)) {
    if (key === '$id') continue;
    out[key] = nestedIdsToTitles(child);
  }
  if (typeof value.$id === 'string' && out.title === undefined) out.title = value.$id;
  return out;
}

function asObject(value: JsonValue): JsonObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    throw new TypeError('an event schema must be a JSON object');
  return value;
}

export function buildEventSchema(name: EventName): EventSchema {
  const { type, schema } = eventCatalog[name];
  // The catalogue's own `$id` and title are the bare event type; the export publishes a URL and the name.
  const { $id: _id, title: _title, ...body } = asObject(toJson(schema));
  return {
    name,
    type,
    fileName: `${type}.json`,
    schema: {
      $schema: JSON_SCHEMA_DIALECT,
      $id: schemaUrl(type),
      title: name,
      ...asObject(nestedIdsToTitles(body)),
    },
  };
}

export function buildEventSchemas(): EventSchema[] {
  return eventNames.map(buildEventSchema);
}
