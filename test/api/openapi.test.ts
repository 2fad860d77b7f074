// The API documents itself as OpenAPI 3.1, and every route is in the document.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Validator } from '@seriousme/openapi-schema-validator';
import { useHarness } from '../support/harness.ts';
import { ledgerlineVersion } from '../../src/version.ts';
import { readFileSync } from 'node:fs';

interface Operation {
  readonly summary?: string;
  readonly responses?: Record<string, { content?: Record<string, unknown> }>;
}
interface Document {
  readonly openapi: string;
  readonly info: { readonly version: string };
  readonly paths: Record<string, Record<string, Operation>>;
}

describe('the OpenAPI document', () => {
  const h = useHarness();

  it('is valid OpenAPI 3.1 and names every route with its problems', async () => {
    const { status, body } = await h.get('/openapi.json');
    assert.equal(status, 200);
    const doc = body as Document;
    assert.equal(doc.openapi, '3.1.0');
    const result = await new Validator().validate(doc as unknown as Parameters<Validator['validate']>[0]);
    assert.equal(result.valid, true, JSON.stringify(result.errors, null, 2));
    for (const [path, method] of [
      ['/v1/events', 'post'],
      ['/v1/events/{id}', 'get'],
      ['/v1/webhooks/{system}', 'post'],
      ['/v1/dead-letters', 'get'],
      ['/v1/dead-letters/{id}/retry', 'post'],
      ['/v1/dead-letters/{id}/resolve', 'post'],
      ['/healthz', 'get'],
    ] as const) {
      const operation = doc.paths[path]?.[method];
      assert.ok(operation?.summary, `${method.toUpperCase()} ${path} is documented`);
      const problems = Object.entries(operation.responses ?? {}).filter(([code]) => Number(code) >= 400);
      assert.ok(problems.length > 0, `${path} names its errors`);
      for (const [code, answer] of problems)
        assert.ok(answer.content?.['application/problem+json'], `${path} ${code} is a problem document`);
    }
    assert.equal(doc.paths['/openapi.json'], undefined, 'the document does not list itself');
  });

  it('carries the version that package.json has', async () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    assert.equal(ledgerlineVersion, pkg.version);
    const { body } = await h.get('/openapi.json');
    assert.equal((body as Document).info.version, pkg.version);
  });

  it('answers a request that breaks a documented schema with a problem naming the field', async () => {
    const answer = await h.post('/v1/dead-letters/7/resolve', ['not', 'an', 'object']);
    assert.equal(answer.status, 400);
    assert.equal(answer.contentType, 'application/problem+json; charset=utf-8');
    const problem = answer.body as { type: string; errors: { pointer: string }[] };
    assert.equal(problem.type, 'https://ledgerline.dev/problems/invalid-request');
    assert.equal(problem.errors[0]?.pointer, '/body');
  });
});
