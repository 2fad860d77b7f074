// Each overlay patches a defect that is really in the published description (the published document
// shows it) and removes it (the patched one does not), and nothing else is loosened: the patched
// documents still validate as OpenAPI in strict mode (the contract suites load them with `validate: true`).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { loadSpec, patchedDocument, publishedDocument } from './overlays/index.ts';
import { skipUnlessSpecs } from './vendor-specs.ts';

const skip = skipUnlessSpecs('xero-accounting', 'xero-projects', 'harvest');
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function count(node: unknown, test: (o: Record<string, unknown>) => boolean): number {
  if (Array.isArray(node)) return node.reduce((n: number, v) => n + count(v, test), 0);
  if (typeof node !== 'object' || node === null) return 0;
  const o = node as Record<string, unknown>;
  return (test(o) ? 1 : 0) + Object.values(o).reduce((n: number, v) => n + count(v, test), 0);
}

const refWithSiblings = (o: Record<string, unknown>) =>
  typeof o['$ref'] === 'string' && Object.keys(o).length > 1;
const nullType = (o: Record<string, unknown>) => o['type'] === 'null';
const badUuidExample = (o: Record<string, unknown>) =>
  o['format'] === 'uuid' && typeof o['example'] === 'string' && !UUID.test(o['example']);

describe('overlays of the vendor descriptions', { skip }, () => {
  it('Xero Accounting: `$ref` with sibling keywords is published, and gone after the overlay', () => {
    assert.ok(count(publishedDocument('xero-accounting'), refWithSiblings) > 10);
    assert.equal(count(patchedDocument('xero-accounting'), refWithSiblings), 0);
  });

  it("Harvest: `type: 'null'` (not an OpenAPI 3.0 type) is published, and gone after the overlay", () => {
    assert.ok(count(publishedDocument('harvest'), nullType) > 0);
    assert.equal(count(patchedDocument('harvest'), nullType), 0);
    assert.ok(
      count(patchedDocument('harvest'), (o) => Array.isArray(o['enum']) && o['enum'][0] === null) > 0,
    );
  });

  it('Xero Projects: example uuids that are not uuids are published, and valid after the overlay', async () => {
    assert.ok(count(publishedDocument('xero-projects'), badUuidExample) > 0);
    assert.equal(count(patchedDocument('xero-projects'), badUuidExample), 0);
    // An answer built from the spec's examples validates against the spec's own schema.
    const api = await loadSpec('xero-projects', ['getTimeEntries']);
    const example: { status: number; mock: unknown } = api.mockResponseForOperation('getTimeEntries');
    const { status, mock } = example;
    const checked = api.validateResponse(mock, 'getTimeEntries', status);
    assert.equal(checked.valid, true, JSON.stringify(checked.errors));
  });
});
