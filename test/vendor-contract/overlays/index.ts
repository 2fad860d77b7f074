// Loads a vendor's published description with the documented overlays applied (see README.md here) and
// compiles it into an OpenAPI validator (openapi-backend on ajv, with the standard formats). The
// definition itself is validated too (`validate: true`): an overlay that left the document invalid fails.
import { readFileSync } from 'node:fs';
import { OpenAPIBackend, type Document } from 'openapi-backend';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { specPath, type SpecName } from '../vendor-specs.ts';
import { dropRefSiblings } from './ref-siblings.ts';
import { patchNullType } from './null-type.ts';
import { keepOperations } from './operation-subset.ts';
import { fixExampleUuids } from './xero-example-uuid.ts';

const patches: Record<SpecName, readonly ((doc: unknown) => unknown)[]> = {
  'xero-accounting': [dropRefSiblings],
  'xero-projects': [dropRefSiblings, fixExampleUuids],
  'xero-webhooks': [dropRefSiblings],
  harvest: [patchNullType, dropRefSiblings],
};

const cache = new Map<string, Promise<OpenAPIBackend>>();

/** The description of `name` with its overlays, reduced to `operationIds`, compiled (cached per process). */
export function loadSpec(name: SpecName, operationIds: readonly string[]): Promise<OpenAPIBackend> {
  const key = `${name}|${[...operationIds].sort().join(',')}`;
  let pending = cache.get(key);
  if (!pending) {
    pending = compile(name, operationIds);
    cache.set(key, pending);
  }
  return pending;
}

/** The description as published, parsed. */
export function publishedDocument(name: SpecName): unknown {
  return parse(readFileSync(specPath(name), 'utf8'), { maxAliasCount: -1 }) as unknown;
}

/** The parsed description with its overlays (for reading examples and schemas). */
export function patchedDocument(name: SpecName): Record<string, unknown> {
  let doc: unknown = publishedDocument(name);
  for (const patch of patches[name]) doc = patch(doc);
  return doc as Record<string, unknown>;
}

async function compile(name: SpecName, operationIds: readonly string[]): Promise<OpenAPIBackend> {
  const doc = keepOperations(patchedDocument(name), new Set(operationIds));
  const api = new OpenAPIBackend({
    definition: doc as unknown as Document,
    strict: true,
    validate: true,
    customizeAjv: (ajv) => {
      addFormats.default(ajv);
      // Harvest declares `format: url` (not a JSON Schema format); checked as a URI reference.
      ajv.addFormat('url', /^(https?:\/\/|\/)\S*$/);
      return ajv;
    },
  });
  await api.init();
  return api;
}
