// The service's JSON log, captured through a whole run with secrets configured (the ERP's API key, the
// PSA's webhook secret, an OTLP collector's key): no secret appears in any line, even when an object or
// an error carrying one is logged by mistake; lines about an event carry its correlation and trace ids.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import type { Logger } from 'pino';
import { useHarness } from '../support/harness.ts';
import { projectActivated, readyProject, resourceUpdated, timeApproved } from '../support/events.ts';
import { eventViews } from '../support/event-view.ts';
import { waitFor } from '../support/wait.ts';
import { generateFirm } from '../../src/connectors/sandbox-psa/generate-firm.ts';
import { createLogger } from '../../src/ops/logger.ts';
import { secretValuesOf } from '../../src/ops/secret-values.ts';
import { startOtlpReceiver, type OtlpReceiver } from './otlp-receiver.ts';

const collectorKey = 'collector-key-e3b0c44298fc1c149afb';
const traceId = '5c2e8f1a9b3d4c6e8f0a1b2c3d4e5f60';

describe('structured logs without secrets', () => {
  let captured = '';
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      captured += chunk.toString('utf8');
      done();
    },
  });
  const lines = () =>
    captured
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as Record<string, unknown>);

  let receiver: OtlpReceiver;
  let serviceLogger: Logger | undefined;
  before(async () => {
    receiver = await startOtlpReceiver();
  });
  const h = useHarness({
    poll: true,
    delivery: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 20 },
    env: { TEST_OTLP_KEY: collectorKey },
    configure: (config) => ({
      ...config,
      telemetry: {
        otlp: { endpoint: receiver.endpoint, headers: { authorization: { env: 'TEST_OTLP_KEY' } } },
      },
    }),
    // As `ledgerline serve` makes it, at the most talkative level.
    logger: (config, env) =>
      (serviceLogger = createLogger('trace', { destination: sink, secrets: secretValuesOf(config, env) })),
  });
  const { settled } = eventViews(() => h);
  // Registered after the harness's, so the collector outlives the service's last export.
  after(async () => {
    await receiver.close();
  });

  it('logs a whole run, faults and mistakes included, without one secret', async () => {
    const secrets = [
      h.secrets.apiKey,
      h.secrets.webhookSecret,
      h.secrets.webhookSecret.replace(/^whsec_/, ''),
      collectorKey,
    ];
    // Webhooks from the PSA (signed with the secret) and its polled feed, time posted to the ERP.
    h.psa.subscribeWebhook(`${h.service.url}/v1/webhooks/sandbox-psa`);
    h.psa.seed(
      generateFirm({
        seed: 11,
        projects: 2,
        consultants: 3,
        entries: 12,
        incompleteProjects: 0,
        lateProjects: 0,
        currencies: ['GBP'],
      }),
    );
    await h.psa.deliveriesSettled();
    // A bad signature, an ERP outage that dead-letters a posting, a refused project.
    await h.post('/v1/webhooks/sandbox-psa', '{}', { 'webhook-signature': 'v1,bad' });
    const project = readyProject('project:test-psa:L-1');
    const resource = resourceUpdated('resource:test-psa:L-1');
    await h.postEvents([project, resource]);
    await settled(project.id, 'completed');
    h.erp.setFaults({ serverErrors: { next: 1000, status: 503 } });
    const time = timeApproved('time:test-psa:L-1', project.data.id, resource.data.id);
    await h.post('/v1/events', time, { traceparent: `00-${traceId}-1f2e3d4c5b6a7988-01` });
    await settled(time.id, 'dead');
    h.erp.setFaults({});
    const refused = projectActivated({ id: 'project:test-psa:L-2' });
    await h.postEvents(refused);
    await settled(refused.id, 'rejected');
    await waitFor('the refusal logged', () => captured.includes('event refused'));
    // Mistakes, through the service's own logger: a config with its secrets resolved, request headers,
    // an error quoting a key.
    assert.ok(serviceLogger);
    const mistakes = serviceLogger;
    mistakes.info(
      {
        systems: { erp: { apiKey: h.secrets.apiKey }, psa: [{ webhookSecret: h.secrets.webhookSecret }] },
        headers: { authorization: `Bearer ${collectorKey}`, 'x-api-key': h.secrets.apiKey },
        smtp: { auth: { user: 'ops', pass: 'smtp-password-1' } },
      },
      'a config logged by mistake',
    );
    mistakes.error({ err: new Error(`ERP said 401 for key ${h.secrets.apiKey}`) }, 'an error quoting a key');
    mistakes.flush();
    await waitFor('the mistakes written', () => captured.includes('an error quoting a key'));

    const all = lines();
    assert.ok(all.length > 20, `a talkative run (${all.length} lines)`);
    for (const secret of [...secrets, 'smtp-password-1'])
      assert.ok(!captured.includes(secret), `a secret (${secret.slice(0, 4)}...) reached the log`);
    assert.ok(captured.includes('[redacted]'), 'the mistakes were censored, not dropped');
    assert.ok(all.some((l) => l['msg'] === 'a config logged by mistake'));
  });

  it('puts the correlation id, causation id and trace id on lines about an event', () => {
    const all = lines();
    const received = all.filter((l) => l['msg'] === 'event received' && l['traceId'] === traceId);
    assert.equal(received.length, 1, 'the time entry sent with a traceparent');
    assert.equal(received[0]?.['eventType'], 'io.ledgerline.time.approved.v1');
    assert.equal(received[0]?.['correlationId'], 'project:test-psa:L-1');
    const refusals = all.filter((l) => l['msg'] === 'event refused; it waits in the dead-letter queue');
    const refusal = refusals.find((l) => l['subject'] === 'project:test-psa:L-2');
    assert.ok(refusal, 'the refused project was logged');
    assert.equal(refusal['reasonCode'], 'readiness.project_incomplete');
    assert.match(String(refusal['traceId']), /^[0-9a-f]{32}$/);
    assert.equal(refusal['level'], 40);
  });
});
