// `ledgerline contracts export --out DIR` writes the published contracts.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventCatalog, eventNames } from '../../src/contracts/index.ts';
import { runCli } from '../support/child-service.ts';

describe('ledgerline contracts export', () => {
  it('writes one JSON Schema per event and an AsyncAPI document', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerline-contracts-'));
    try {
      const result = await runCli(['contracts', 'export', '--out', dir]);
      assert.equal(result.code, 0, result.stderr);
      const schemas = readdirSync(join(dir, 'schemas')).sort();
      assert.deepEqual(schemas, eventNames.map((n) => `${eventCatalog[n].type}.json`).sort());
      const asyncapi = JSON.parse(readFileSync(join(dir, 'asyncapi.json'), 'utf8')) as { asyncapi: string };
      assert.equal(asyncapi.asyncapi, '3.0.0');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('exits 2 with a message when the folder cannot be written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledgerline-contracts-'));
    try {
      const file = join(dir, 'a-file');
      writeFileSync(file, 'not a folder');
      const result = await runCli(['contracts', 'export', '--out', join(file, 'out')]);
      assert.equal(result.code, 2);
      assert.match(result.stderr, /contracts export failed: cannot write/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
