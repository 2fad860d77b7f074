// Switchable faults on the CRM API and how the connector reports them: 429 and 5xx become retryable
// errors carrying Retry-After, and the same pull succeeds with the same page once the fault has passed.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import {
  createSandboxCrmConnector,
  isRetryableSourceError,
  SourceUnavailableError,
  type SandboxCrmConnector,
} from './connector.ts';
import { startSandboxCrm, type SandboxCrm } from './server.ts';
import { requestJson, testApiKey, type ErrorBody } from './test-support/http.ts';
import { tinyPipeline } from './test-support/tiny-pipeline.ts';

async function pullFailure(connector: SandboxCrmConnector, cursor?: string): Promise<SourceUnavailableError> {
  const error = await connector.pull(cursor, 10).then(
    () => assert.fail('the pull should have failed'),
    (e: unknown) => e,
  );
  assert.ok(error instanceof SourceUnavailableError, String(error));
  assert.ok(isRetryableSourceError(error));
  return error;
}

describe('faults', () => {
  let crm: SandboxCrm;
  let connector: SandboxCrmConnector;

  before(async () => {
    crm = await startSandboxCrm({ apiKey: testApiKey });
    crm.seed(tinyPipeline());
    connector = createSandboxCrmConnector({ system: 'sandbox-crm', baseUrl: crm.url, apiKey: testApiKey });
  });
  beforeEach(() => crm.setFaults({}));
  after(async () => {
    await connector.close();
    await crm.close();
  });

  test('a rate limit answers 429 with Retry-After; the retried pull gets the same page', async () => {
    const expected = await connector.pull('DE-000000010', 10);
    crm.setFaults({ rateLimit: { every: 2, retryAfterSeconds: 3 } });
    const raw = [
      await requestJson('GET', `${crm.url}/crm/v2/deal-events?limit=1`),
      await requestJson('GET', `${crm.url}/crm/v2/deal-events?limit=1`),
    ];
    assert.deepEqual(
      raw.map((r) => r.status),
      [200, 429],
    );
    assert.equal(raw[1]?.headers.get('retry-after'), '3');
    assert.equal((raw[1]?.body as ErrorBody).error.code, 'rate_limited');

    assert.deepEqual(await connector.pull('DE-000000010', 10), expected, 'request 3 passes');
    const error = await pullFailure(connector, 'DE-000000010');
    assert.equal(error.reasonCode, 'source.rate_limited');
    assert.equal(error.status, 429);
    assert.equal(error.retryAfterMs, 3000);
    assert.deepEqual(await connector.pull('DE-000000010', 10), expected, 'the retry gets the same page');
  });

  test('server errors are retryable, with Retry-After only when the server sent one', async () => {
    crm.setFaults({ serverErrors: { next: 2, status: 502, retryAfterSeconds: 1 } });
    const first = await pullFailure(connector);
    assert.deepEqual([first.reasonCode, first.status, first.retryAfterMs], ['source.unavailable', 502, 1000]);
    assert.deepEqual(crm.faults(), { serverErrors: { next: 1, status: 502, retryAfterSeconds: 1 } });
    await pullFailure(connector);
    assert.equal((await connector.pull(undefined, 100)).events.length, 4);

    crm.setFaults({ serverErrors: { next: 1 } });
    const plain = await pullFailure(connector);
    assert.deepEqual([plain.status, plain.retryAfterMs], [503, undefined]);
  });

  test('the admin door is never struck, so a test can always switch faults off', async () => {
    crm.setFaults({ rateLimit: { every: 1, retryAfterSeconds: 60 }, serverErrors: { next: 100 } });
    assert.equal((await requestJson('GET', `${crm.url}/admin/report`)).status, 200);
    assert.equal((await requestJson('GET', `${crm.url}/crm/v2/deal-events`)).status, 429);
    const off = await requestJson('POST', `${crm.url}/admin/faults`, {});
    assert.deepEqual(off, { status: 200, headers: off.headers, body: { faults: {} } });
    assert.equal((await requestJson('GET', `${crm.url}/crm/v2/deal-events`)).status, 200);
  });

  test('latencyMs slows every API answer', async () => {
    crm.setFaults({ latencyMs: 150 });
    const started = performance.now();
    await connector.pull(undefined, 1);
    assert.ok(performance.now() - started >= 140);
  });

  test('invalid fault settings are refused, naming the setting, and change nothing', async () => {
    crm.setFaults({ latencyMs: 5 });
    const cases: [unknown, RegExp][] = [
      [{ rateLimit: { every: 0, retryAfterSeconds: 1 } }, /\/rateLimit\/every must be >= 1/],
      [{ serverErrors: { next: 1, status: 418 } }, /\/serverErrors\/status/],
      [{ duplicateWebhooks: 1.5 }, /\/duplicateWebhooks must be <= 1/],
      [{ latencyMs: -1 }, /\/latencyMs must be >= 0/],
      [{ slowness: 1 }, /\/slowness is not a known field/],
      [[], /\/ must be object/],
    ];
    for (const [body, pattern] of cases) {
      const response = await requestJson('POST', `${crm.url}/admin/faults`, body);
      assert.equal(response.status, 400, JSON.stringify(body));
      const { error } = response.body as ErrorBody;
      assert.equal(error.code, 'invalid_request');
      assert.match((error.details ?? []).join(' | '), pattern);
    }
    assert.deepEqual((await requestJson('GET', `${crm.url}/admin/faults`)).body, {
      faults: { latencyMs: 5 },
    });
  });

  test('an unreachable CRM is a retryable error', async () => {
    const gone = await startSandboxCrm({ apiKey: testApiKey });
    const url = gone.url;
    await gone.close();
    const orphan = createSandboxCrmConnector({ system: 'sandbox-crm', baseUrl: url, apiKey: testApiKey });
    try {
      const error = await pullFailure(orphan);
      assert.equal(error.reasonCode, 'source.unreachable');
      assert.equal(error.retryAfterMs, undefined);
    } finally {
      await orphan.close();
    }
  });
});
