// Scale-out on PostgreSQL: an API node and a worker, each counting what it did. The worker serves no API,
// so its counters are served on its own metrics port (`ledgerline worker --metrics-port`); the gauges read
// from the shared store are the same at both.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:https';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startSandboxErp, type SandboxErp } from '../../src/connectors/sandbox-erp/server.ts';
import { startSandboxPsa, type SandboxPsa } from '../../src/connectors/sandbox-psa/server.ts';
import { startService, type RunningService } from '../../src/service/start-service.ts';
import { testConfig } from '../support/harness.ts';
import type { Config } from '../../src/config/schema.ts';
import { readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { freshSchema, skipUnlessPostgres, type TestSchema } from '../support/postgres.ts';
import { waitFor } from '../support/wait.ts';
import { scrape } from './prometheus-text.ts';
import { issueApiKey } from '../../src/security/auth/api-keys.ts';
import { TestCertificates } from '../support/test-certificates.ts';

const skip = await skipUnlessPostgres();

describe('a worker serves its own metrics', { skip }, () => {
  let dir: string;
  let schema: TestSchema;
  let psa: SandboxPsa;
  let erp: SandboxErp;
  let api: RunningService;
  let worker: RunningService;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ledgerline-worker-metrics-'));
    schema = freshSchema('metrics');
    psa = await startSandboxPsa({ webhookSecret: 'whsec_dGVzdC13ZWJob29rLXNlY3JldA==' });
    erp = await startSandboxErp({ apiKey: 'worker-metrics-key' });
    const config = testConfig({
      dir,
      psaUrl: psa.url,
      erpUrl: erp.url,
      secretEnv: { psa: 'TEST_PSA_SECRET', erp: 'TEST_ERP_KEY' },
      poll: false,
      delivery: { batchSize: 100, concurrency: 1, maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
      store: { postgres: schema.url },
    });
    const env = { TEST_PSA_SECRET: 'whsec_dGVzdC13ZWJob29rLXNlY3JldA==', TEST_ERP_KEY: 'worker-metrics-key' };
    const logger = pino({ level: 'silent' });
    api = await startService(config, { logger, env, role: 'api', owner: 'api-1' });
    worker = await startService(config, { logger, env, role: 'worker', owner: 'worker-1', metricsPort: 0 });
  });
  after(async () => {
    await worker.stop();
    await api.stop();
    await psa.close();
    await erp.close();
    await schema.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('counts intake at the API node and the postings at the worker, each on its own endpoint', async () => {
    assert.equal(worker.url, '', 'a worker serves no API');
    assert.match(worker.metricsUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const project = readyProject('project:test-psa:W-1');
    const resource = resourceUpdated('resource:test-psa:W-1');
    const time = timeApproved('time:test-psa:W-1', project.data.id, resource.data.id);
    const post = (body: unknown) =>
      fetch(`${api.url}/v1/events`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      });
    assert.equal((await post([project, resource])).status, 202);
    await waitFor('the project provisioned', () => erp.report().projects === 1);
    assert.equal((await post(time)).status, 202);
    const atWorker = await waitFor('the posting counted at the worker', async () => {
      const s = await scrape(worker.metricsUrl ?? '');
      return s.sum('ledgerline_deliveries_total', { kind: 'postTimeEntry', outcome: 'ok' }) === 1
        ? s
        : undefined;
    });
    const atApi = await scrape(`${api.url}/metrics`);
    assert.equal(atApi.sum('ledgerline_events_received_total'), 3);
    assert.equal(atWorker.sum('ledgerline_events_received_total'), 0, 'the worker took nothing in');
    assert.equal(atApi.sum('ledgerline_deliveries_total'), 0, 'the API node delivered nothing');
    assert.equal(atWorker.sum('ledgerline_delivery_latency_seconds_count', { target: 'sandbox-erp' }), 2);
    // State gauges come from the shared store: the same wherever they are read.
    assert.equal(atApi.sum('ledgerline_queue_depth'), atWorker.sum('ledgerline_queue_depth'));
    const elsewhere = await fetch(worker.metricsUrl?.replace('/metrics', '/v1/events') ?? '');
    assert.equal(elsewhere.status, 404);
    assert.equal(elsewhere.headers.get('content-type'), 'application/problem+json');
  });
});

/** A lone worker with its metrics port, on a fresh schema, with `security` as given; no systems to reach. */
async function startGuardedWorker(
  name: string,
  security: NonNullable<Config['security']>,
): Promise<{ worker: RunningService; close: () => Promise<void> }> {
  const dir = mkdtempSync(join(tmpdir(), `ledgerline-worker-${name}-`));
  const schema = freshSchema(name);
  const config: Config = {
    ...testConfig({
      dir,
      psaUrl: 'http://127.0.0.1:9/',
      erpUrl: 'http://127.0.0.1:9/',
      secretEnv: { psa: 'TEST_PSA_SECRET', erp: 'TEST_ERP_KEY' },
      poll: false,
      delivery: { batchSize: 100, concurrency: 1, maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
      store: { postgres: schema.url },
    }),
    security,
  };
  const env = { TEST_PSA_SECRET: 'whsec_dGVzdC13ZWJob29rLXNlY3JldA==', TEST_ERP_KEY: 'k' };
  const worker = await startService(config, {
    logger: pino({ level: 'silent' }),
    env,
    role: 'worker',
    owner: `worker-${name}`,
    metricsPort: 0,
  });
  return {
    worker,
    close: async () => {
      await worker.stop();
      await schema.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('a worker with security.auth guards its metrics endpoint', { skip }, () => {
  let worker: RunningService;
  let close: () => Promise<void>;
  before(async () => {
    ({ worker, close } = await startGuardedWorker('metricsauth', { auth: { apiKeys: true } }));
  });
  after(() => close());

  it('answers a scrape without a credential 401 and one with a viewer key 200', async () => {
    const url = worker.metricsUrl ?? '';
    assert.equal((await fetch(url)).status, 401);
    const { text } = await issueApiKey(worker.store, {
      name: 'prometheus',
      roles: ['viewer'],
      actor: 'test',
    });
    const scraped = await fetch(url, { headers: { authorization: `Bearer ${text}` } });
    assert.equal(scraped.status, 200);
    assert.match(await scraped.text(), /ledgerline_deliveries_total|ledgerline_queue_depth/);
  });
});

describe("a worker's metrics over HTTPS, where a listed client certificate authenticates", { skip }, () => {
  const certificates = new TestCertificates();
  let worker: RunningService;
  let close: () => Promise<void>;

  /** One scrape over a fresh connection (no agent: no TLS session of another certificate is resumed). */
  function scrapeWith(client?: string): Promise<{ status: number; text: string }> {
    const identity = client === undefined ? {} : certificates.pem(client);
    return new Promise((resolve, reject) => {
      const req = request(
        worker.metricsUrl ?? '',
        { agent: false, ca: certificates.pem('ca').cert, ...identity },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  before(async () => {
    certificates.make('ca', 'Ledgerline test CA');
    certificates.make('server', '127.0.0.1', 'ca', 'subjectAltName=IP:127.0.0.1');
    certificates.make('scraper', 'prometheus', 'ca');
    certificates.make('intake', 'psa-bridge', 'ca');
    certificates.make('stranger', 'stranger', 'ca');
    // No security.auth: the listed client certificates are the only credential.
    ({ worker, close } = await startGuardedWorker('metricstls', {
      tls: {
        cert: { file: certificates.path('server.pem') },
        key: { file: certificates.path('server.key') },
        clientCa: { file: certificates.path('ca.pem') },
        requireClientCert: false,
        clients: { prometheus: ['viewer'], 'psa-bridge': ['intake'] },
      },
    }));
  });
  after(async () => {
    await close();
    certificates.remove();
  });

  it('serves HTTPS: a listed viewer certificate scrapes, none is 401, an unlisted one or a role without it is refused', async () => {
    assert.match(worker.metricsUrl ?? '', /^https:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const scraped = await scrapeWith('scraper');
    assert.equal(scraped.status, 200, scraped.text);
    assert.match(scraped.text, /ledgerline_deliveries_total|ledgerline_queue_depth/);

    const none = await scrapeWith();
    assert.equal(none.status, 401);
    assert.match(none.text, /needs a client certificate listed in security\.tls\.clients/);
    const unlisted = await scrapeWith('stranger');
    assert.equal(unlisted.status, 401);
    assert.match(unlisted.text, /client-certificate-unknown/);
    const intake = await scrapeWith('intake');
    assert.equal(intake.status, 403, 'the intake role does not read metrics');
    assert.match(intake.text, /mtls:psa-bridge has intake/);
    const refused = (await worker.store.listAudit(0, 1000)).filter((e) => e.action === 'access.refused');
    assert.equal(refused.length, 3, 'each refusal is audited');
  });
});
