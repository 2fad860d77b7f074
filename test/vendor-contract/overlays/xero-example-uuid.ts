// Xero Projects gives some `format: uuid` properties an example that is not a uuid (e.g. a 35-character
// id with a dropped digit). Examples do not constrain requests, but the mock answers with the spec's
// examples and validates its own answers, so an invalid example would fail every answer built from it.
// The schema is right and the example wrong: the example is replaced by a valid uuid derived from it
// (so two equal examples stay equal), and the schema keeps its `format: uuid`.
import { createHash } from 'node:crypto';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function uuidFrom(text: string): string {
  const h = createHash('sha256').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function fixExampleUuids(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(fixExampleUuids);
  if (typeof node !== 'object' || node === null) return node;
  const o = node as Record<string, unknown>;
  const out = Object.fromEntries(Object.entries(o).map(([k, v]) => [k, fixExampleUuids(v)]));
  if (o['format'] === 'uuid' && typeof o['example'] === 'string' && !UUID.test(o['example']))
    out['example'] = uuidFrom(o['example']);
  return out;
}
