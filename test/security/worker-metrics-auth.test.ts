// `ledgerline worker --metrics-port` with `security.auth`: the worker's /metrics asks for the credential and
// roles the API's GET /metrics asks for, refuses as the API does (401/403 problem+json with a challenge) and
// audits the refusal. A real SQLite store holds the API keys; a real prom-client registry is served.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Counter, Registry } from 'prom-client';
import { openTempSqliteStore } from '../store/sqlite-temp.ts';
import { serveMetrics, type MetricsServer } from '../../src/ops/metrics/metrics-server.ts';
import { metricsGuard } from '../../src/security/auth/metrics-guard.ts';
import { issueApiKey } from '../../src/security/auth/api-keys.ts';
import { openApiProblem } from '../../src/security/open-api-exposure.ts';
import { parseConfig } from '../../src/config/load-config.ts';
import { minimalConfig } from '../support/config-text.ts';
import type { Store } from '../../src/store/port.ts';

describe('a worker metrics endpoint with authentication configured', () => {
  let store: Store;
  let cleanup: () => Promise<void>;
  let server: MetricsServer;
  let viewerKey: string;
  let intakeKey: string;

  before(async () => {
    ({ store, cleanup } = await openTempSqliteStore('ledgerline-worker-metrics-auth-')());
    const registry = new Registry();
    new Counter({ name: 'ledgerline_test_scrapes_total', help: 'test', registers: [registry] }).inc(3);
    server = await serveMetrics(
      { contentType: registry.contentType, render: () => registry.metrics() },
      '127.0.0.1',
      0,
      metricsGuard({}, store),
    );
    viewerKey = (await issueApiKey(store, { name: 'prometheus', roles: ['viewer'], actor: 'test' })).text;
    intakeKey = (await issueApiKey(store, { name: 'psa', roles: ['intake'], actor: 'test' })).text;
  });
  after(async () => {
    await server.close();
    await cleanup();
  });

  const scrape = (headers: Record<string, string> = {}) => fetch(server.url, { headers });

  it('refuses a scrape without a credential with 401 and a Bearer challenge, and audits it', async () => {
    const response = await scrape();
    assert.equal(response.status, 401);
    assert.equal(response.headers.get('content-type'), 'application/problem+json');
    assert.equal(response.headers.get('www-authenticate'), 'Bearer realm="ledgerline"');
    const body = (await response.json()) as { status: number; detail: string };
    assert.equal(body.status, 401);
    assert.match(body.detail, /GET \/metrics needs an API key/);
    const refusals = (await store.listAudit(0, 100)).filter((e) => e.action === 'access.refused');
    assert.ok(refusals.some((e) => e.subject === 'route:GET /metrics'));
  });

  it('serves the metrics to a key with a reading role', async () => {
    const response = await scrape({ authorization: `Bearer ${viewerKey}` });
    assert.equal(response.status, 200);
    assert.match(await response.text(), /ledgerline_test_scrapes_total 3/);
  });

  it('refuses a key whose roles do not include reading operations with 403', async () => {
    const response = await scrape({ 'x-api-key': intakeKey });
    assert.equal(response.status, 403);
    assert.match(response.headers.get('www-authenticate') ?? '', /insufficient_scope/);
    const body = (await response.json()) as { detail: string };
    assert.match(body.detail, /needs one of the roles admin, operator, finance, auditor, viewer/);
  });

  it('refuses an unknown key with 401 and says why', async () => {
    const response = await scrape({ authorization: 'Bearer llk_nothere_0000000000000000' });
    assert.equal(response.status, 401);
    assert.match(response.headers.get('www-authenticate') ?? '', /invalid_token/);
  });

  it('answers a path other than /metrics with 404 before asking for a credential', async () => {
    const response = await fetch(server.url.replace('/metrics', '/v1/events'));
    assert.equal(response.status, 404);
  });
});

describe('a worker metrics endpoint without authentication', () => {
  it('is refused on an address beyond loopback, naming the endpoint', () => {
    const config = parseConfig(
      minimalConfig.replace('http: { port: 0 }', 'http: { host: 0.0.0.0, port: 0 }'),
      'test.yaml',
    );
    const problem = openApiProblem(config, 'the worker metrics endpoint');
    assert.match(
      problem ?? '',
      /0\.0\.0\.0 is reachable beyond this machine and the worker metrics endpoint has no authentication/,
    );
  });
});
