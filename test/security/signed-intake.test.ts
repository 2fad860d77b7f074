// Signed intake (issue 8): Standard Webhooks deliveries into a running Ledgerline. A bad signature and a
// stale timestamp are refused with 401, an exact replay with 409 (and stores nothing), a retry the
// sender signed again is taken as a duplicate, and a rotated secret verifies while it is listed and not
// once it is removed. Every refusal is told on the bus as `webhook.refused`.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { pino } from 'pino';
import { useHarness } from '../support/harness.ts';
import type { Config } from '../../src/config/schema.ts';
import { startService, type RunningService } from '../../src/service/start-service.ts';
import { signedWebhook } from '../../src/connectors/sandbox-kit/test-support/signed-webhook.ts';
import {
  startWebhookReceiver,
  type ReceivedWebhook,
  type WebhookReceiver,
} from '../../src/connectors/sandbox-kit/test-support/webhook-receiver.ts';
import { tinyFirm } from '../../src/connectors/sandbox-psa/test-support/tiny-firm.ts';

const newSecret = `whsec_${randomBytes(24).toString('base64')}`;

/** The PSA's secret and a new one both listed, as during a rotation. */
function rotating(config: Config): Config {
  const [psa, ...others] = config.systems.psa;
  if (psa?.connector !== 'sandbox-psa') throw new Error('the harness has a sandbox PSA first');
  return {
    ...config,
    systems: {
      ...config.systems,
      psa: [
        { ...psa, webhookSecret: [{ env: 'TEST_PSA_SECRET' }, { env: 'TEST_PSA_NEW_SECRET' }] },
        ...others,
      ],
    },
  };
}

function onlyNewSecret(config: Config): Config {
  const [psa, ...others] = config.systems.psa;
  if (psa?.connector !== 'sandbox-psa') throw new Error('the harness has a sandbox PSA first');
  return {
    ...config,
    systems: {
      ...config.systems,
      psa: [{ ...psa, webhookSecret: { env: 'TEST_PSA_NEW_SECRET' } }, ...others],
    },
  };
}

interface Answer {
  readonly status: number;
  readonly contentType: string;
  readonly body: { readonly reasonCode?: string; readonly accepted?: number; readonly duplicates?: number };
}

describe('signed intake', () => {
  const h = useHarness({ configure: rotating, env: { TEST_PSA_NEW_SECRET: newSecret } });
  let receiver: WebhookReceiver;
  /** Genuine PSA activities (bodies), captured from the sandbox's own webhooks. */
  let activities: ReceivedWebhook[];
  const refusals: { reasonCode: string; status: number }[] = [];

  before(async () => {
    receiver = await startWebhookReceiver();
    h.psa.subscribeWebhook(receiver.url);
    h.psa.seed(tinyFirm());
    await receiver.waitFor(13);
    await h.psa.deliveriesSettled();
    activities = [...receiver.received];
    h.service.pipeline.bus.on('webhook.refused', (r) => refusals.push(r));
  });
  after(() => receiver.close());

  const activity = (n: number): ReceivedWebhook => {
    const found = activities[n];
    if (!found) throw new Error(`no activity ${n}`);
    return found;
  };
  const idOf = (delivery: ReceivedWebhook): string => delivery.headers['webhook-id'] ?? '';
  const sign = (secret: string, n: number, at?: Date) =>
    signedWebhook(secret, idOf(activity(n)), activity(n).rawBody, at);
  /** The service that started without the old secret, once it has (the harness's own is stopped). */
  let rotated: RunningService | undefined;
  after(() => rotated?.stop());
  const service = (): RunningService => rotated ?? h.service;
  const send = async (delivery: ReceivedWebhook): Promise<Answer> => {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    for (const [name, value] of Object.entries(delivery.headers))
      if (value !== undefined) headers[name] = value;
    const response = await fetch(`${service().url}/v1/webhooks/sandbox-psa`, {
      method: 'POST',
      headers,
      body: delivery.rawBody,
    });
    return {
      status: response.status,
      contentType: response.headers.get('content-type') ?? '',
      body: (await response.json()) as Answer['body'],
    };
  };
  const eventCount = async (): Promise<number> => {
    const stats = await service().store.stats();
    return Object.values(stats.events).reduce((a, b) => a + b, 0);
  };
  const refusedWith = (answer: Answer, status: number, reasonCode: string): void => {
    assert.equal(answer.status, status, JSON.stringify(answer.body));
    assert.match(answer.contentType, /^application\/problem\+json/);
    assert.equal(answer.body.reasonCode, reasonCode);
    assert.ok(
      refusals.some((r) => r.reasonCode === reasonCode && r.status === status),
      `webhook.refused was emitted for ${reasonCode}`,
    );
  };

  it('refuses a delivery signed with a secret it does not hold (401)', async () => {
    const before = await eventCount();
    const forged = sign(`whsec_${randomBytes(24).toString('base64')}`, 0);
    refusedWith(await send(forged), 401, 'webhook.signature_invalid');
    assert.equal(await eventCount(), before, 'nothing stored');
  });

  it('refuses a genuine delivery whose timestamp is more than 5 minutes old (401)', async () => {
    const stale = sign(h.secrets.webhookSecret, 0, new Date(Date.now() - 6 * 60_000));
    refusedWith(await send(stale), 401, 'webhook.timestamp_out_of_tolerance');
  });

  it('refuses an exact replay of a delivery with 409 and stores nothing; a re-signed retry is a duplicate', async () => {
    const original = sign(h.secrets.webhookSecret, 1);
    const first = await send(original);
    assert.equal(first.status, 202, JSON.stringify(first.body));
    const stored = await eventCount();
    const duplicatesBefore = (await h.service.store.stats()).duplicatesRefused;

    refusedWith(await send(original), 409, 'webhook.replayed');
    assert.equal(await eventCount(), stored);
    assert.equal(
      (await h.service.store.stats()).duplicatesRefused,
      duplicatesBefore,
      'the replay never reached the intake',
    );

    // The sender lost our answer and retries: Standard Webhooks senders sign each attempt afresh.
    const retry = sign(h.secrets.webhookSecret, 1, new Date(Date.now() + 2000));
    const answer = await send(retry);
    assert.equal(answer.status, 200, JSON.stringify(answer.body));
    assert.deepEqual(answer.body, { accepted: 0, duplicates: 1 });
    assert.equal(await eventCount(), stored);
  });

  it('remembers a delivery on the store, so a restarted node (or another) refuses its replay too', async () => {
    const original = sign(h.secrets.webhookSecret, 2);
    assert.equal((await send(original)).status, 202);
    await h.restart();
    h.service.pipeline.bus.on('webhook.refused', (r) => refusals.push(r));
    refusedWith(await send(original), 409, 'webhook.replayed');
  });

  it('takes both the old and the new secret while both are listed', async () => {
    assert.equal((await send(sign(h.secrets.webhookSecret, 3))).status, 202);
    assert.equal((await send(sign(newSecret, 4))).status, 202);
  });

  it('refuses the old secret once it is removed, and still takes the new one', async () => {
    await h.service.stop();
    rotated = await startService(onlyNewSecret(h.config), { logger: pino({ level: 'silent' }), env: h.env });
    rotated.pipeline.bus.on('webhook.refused', (r) => refusals.push(r));
    refusedWith(await send(sign(h.secrets.webhookSecret, 5)), 401, 'webhook.signature_invalid');
    assert.equal((await send(sign(newSecret, 6))).status, 202);
  });
});
