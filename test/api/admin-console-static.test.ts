// The console at /: served from the built folder, or, when it was never built, a problem document that
// says how to build it.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { registerConsole } from '../../src/api/console-static.ts';

async function get(root: string, path: string) {
  const app = Fastify();
  registerConsole(app, root);
  try {
    const response = await app.inject({ method: 'GET', url: path });
    return {
      status: response.statusCode,
      type: String(response.headers['content-type']),
      body: response.body,
    };
  } finally {
    await app.close();
  }
}

describe('the console at /', () => {
  it('answers a problem saying how to build it when it is not built', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'ledgerline-console-'));
    try {
      const answer = await get(`${empty}/`, '/');
      assert.equal(answer.status, 503);
      assert.equal(answer.type, 'application/problem+json; charset=utf-8');
      const problem = JSON.parse(answer.body) as { type: string; detail: string };
      assert.equal(problem.type, 'https://ledgerline.dev/problems/console-not-built');
      assert.match(problem.detail, /npm run build:web/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('serves the built index.html and its assets', async () => {
    const built = mkdtempSync(join(tmpdir(), 'ledgerline-console-'));
    try {
      writeFileSync(join(built, 'index.html'), '<!doctype html><title>Ledgerline console</title>');
      writeFileSync(join(built, 'app.js'), 'export {};');
      const index = await get(`${built}/`, '/');
      assert.equal(index.status, 200);
      assert.match(index.type, /^text\/html/);
      assert.match(index.body, /Ledgerline console/);
      assert.equal((await get(`${built}/`, '/app.js')).status, 200);
      assert.equal((await get(`${built}/`, '/missing.js')).status, 404);
    } finally {
      rmSync(built, { recursive: true, force: true });
    }
  });
});
