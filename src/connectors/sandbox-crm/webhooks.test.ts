// Webhook delivery from a real sandbox to a real receiver: Standard Webhooks signatures (checked by the
// connector and by the reference library), tampering, staleness, refusals of bad content, duplicates
// and retries.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { validateEvent, type CanonicalEvent } from '../../contracts/index.ts';
import { createSandboxCrmConnector, type SandboxCrmConnector } from './connector.ts';
import { startSandboxCrm } from './server.ts';
import { wonDealEvent } from './test-support/fake-vendor.ts';
import { requestJson, testApiKey, testSecret } from './test-support/http.ts';
import { tinyPipeline } from './test-support/tiny-pipeline.ts';
import { signedWebhook } from '../sandbox-kit/test-support/signed-webhook.ts';
import { startWebhookReceiver, type ReceivedWebhook } from '../sandbox-kit/test-support/webhook-receiver.ts';

const fastRetries = { backoffMs: 20, maxAttempts: 3 };
const STAGE_CHANGES = 18;

const signed = (id: string, body: string, at?: Date, secret = testSecret): ReceivedWebhook =>
  signedWebhook(secret, id, body, at);

const payload = (data: unknown, type = 'deal.stage_changed'): string =>
  JSON.stringify({ type, timestamp: '2026-05-04T10:00:01.000Z', data });

describe('webhooks', () => {
  let connector: SandboxCrmConnector;

  before(() => {
    connector = createSandboxCrmConnector({
      system: 'sandbox-crm',
      baseUrl: 'http://127.0.0.1:9',
      apiKey: testApiKey,
      webhookSecret: testSecret,
    });
  });
  after(() => connector.close());

  test('every stage change is pushed, signed; wins map to the very events the feed gives', async () => {
    const receiver = await startWebhookReceiver();
    const crm = await startSandboxCrm({ apiKey: testApiKey, webhookSecret: testSecret });
    const puller = createSandboxCrmConnector({ system: 'sandbox-crm', baseUrl: crm.url, apiKey: testApiKey });
    try {
      const subscribed = await requestJson('POST', `${crm.url}/crm/v2/webhooks`, { url: receiver.url });
      assert.equal(subscribed.status, 201);
      assert.equal((subscribed.body as { secret: string }).secret, testSecret);
      crm.seed(tinyPipeline());
      await receiver.waitFor(STAGE_CHANGES);
      await crm.deliveriesSettled();

      const reference = new Webhook(testSecret);
      const pushed: CanonicalEvent[] = [];
      for (const delivery of receiver.received) {
        assert.equal(delivery.headers['content-type'], 'application/json');
        assert.doesNotThrow(() =>
          reference.verify(delivery.rawBody, delivery.headers as Record<string, string>),
        );
        const outcome = connector.receiveWebhook(delivery);
        assert.ok(outcome.ok, JSON.stringify(outcome));
        for (const event of outcome.events) {
          assert.equal(event.id, delivery.headers['webhook-id']);
          assert.ok(validateEvent(event).ok);
        }
        pushed.push(...outcome.events);
      }
      assert.equal(receiver.received.length, STAGE_CHANGES);
      const pulled = (await puller.pull(undefined, 100)).events;
      assert.equal(pulled.length, 4);
      assert.deepEqual(
        pushed.sort((a, b) => a.id.localeCompare(b.id)),
        pulled,
      );
      assert.deepEqual(crm.report().webhooks, { delivered: STAGE_CHANGES, duplicatesSent: 0, failed: 0 });
    } finally {
      await puller.close();
      await crm.close();
      await receiver.close();
    }
  });

  test('a tampered body, a wrong key or missing headers are refused as signature_invalid', () => {
    const body = payload(wonDealEvent(15));
    const good = signed('DE-000000015', body);
    assert.equal(connector.receiveWebhook(good).ok, true, 'the untampered delivery is accepted');
    const cases: ReceivedWebhook[] = [
      { ...good, rawBody: body.replace('12000000', '13000000') },
      { ...good, headers: { ...good.headers, 'webhook-id': 'DE-000000016' } },
      { ...good, headers: { ...good.headers, 'webhook-signature': 'v1,AAAA' } },
      { ...good, headers: { ...good.headers, 'webhook-signature': undefined } },
      { ...good, headers: { ...good.headers, 'webhook-timestamp': 'yesterday' } },
      signed(
        'DE-000000015',
        body,
        new Date(),
        `whsec_${Buffer.from('another-secret-entirely!').toString('base64')}`,
      ),
    ];
    for (const delivery of cases) {
      const outcome = connector.receiveWebhook(delivery);
      assert.deepEqual(outcome.ok ? outcome : [outcome.status, outcome.reasonCode], [
        401,
        'webhook.signature_invalid',
      ]);
    }
  });

  test('a genuine but stale delivery is refused as timestamp_out_of_tolerance', () => {
    const body = payload(wonDealEvent(15));
    for (const minutes of [-6, 6]) {
      const outcome = connector.receiveWebhook(
        signed('DE-000000015', body, new Date(Date.now() + minutes * 60_000)),
      );
      assert.deepEqual(outcome.ok ? outcome : [outcome.status, outcome.reasonCode], [
        401,
        'webhook.timestamp_out_of_tolerance',
      ]);
    }
    assert.equal(
      connector.receiveWebhook(signed('DE-000000015', body, new Date(Date.now() - 4 * 60_000))).ok,
      true,
    );
  });

  test('signed but unreadable content is refused with the matching reason', () => {
    const cases: [ReceivedWebhook, number, string][] = [
      [signed('DE-000000015', '{"type": '), 400, 'webhook.malformed'],
      [signed('DE-000000015', '[]'), 400, 'webhook.malformed'],
      [signed('DE-000000015', payload({ event_id: 'DE-000000015' })), 400, 'webhook.malformed'],
      [
        signed('DE-000000015', payload({ ...wonDealEvent(15), type: 'deal.deleted' })),
        400,
        'webhook.malformed',
      ],
      [signed('DE-000000015', payload(wonDealEvent(15), 'account.merged')), 422, 'webhook.unknown_kind'],
      [
        signed('DE-000000015', payload(wonDealEvent(15, { deal_value_minor: 1.5 }))),
        422,
        'webhook.invalid_record',
      ],
      [signed('DE-000000014', payload(wonDealEvent(15))), 400, 'webhook.malformed'],
    ];
    for (const [delivery, status, reasonCode] of cases) {
      const outcome = connector.receiveWebhook(delivery);
      assert.deepEqual(
        outcome.ok ? outcome : [outcome.status, outcome.reasonCode],
        [status, reasonCode],
        delivery.rawBody,
      );
    }
  });

  test('a stage change other than a win is accepted with nothing to ingest', () => {
    const proposal = {
      ...wonDealEvent(8, { stage: 'proposal' }),
      from_stage: 'qualification',
      to_stage: 'proposal',
    };
    const delivery = signed('DE-000000008', payload(proposal));
    // The verified id and timestamp travel on, so the intake can refuse a replay of it (ADR 23).
    assert.deepEqual(connector.receiveWebhook(delivery), {
      ok: true,
      events: [],
      delivery: { id: 'DE-000000008', timestamp: Number(delivery.headers['webhook-timestamp']) },
    });
  });

  test('without a webhook secret every delivery is refused, and pull still works', async () => {
    const crm = await startSandboxCrm({ apiKey: testApiKey });
    const feedOnly = createSandboxCrmConnector({
      system: 'sandbox-crm',
      baseUrl: crm.url,
      apiKey: testApiKey,
    });
    try {
      crm.seed(tinyPipeline());
      const outcome = feedOnly.receiveWebhook(signed('DE-000000015', payload(wonDealEvent(15))));
      assert.deepEqual(outcome.ok ? outcome : [outcome.status, outcome.reasonCode], [
        401,
        'webhook.secret_not_configured',
      ]);
      assert.equal((await feedOnly.pull(undefined, 100)).events.length, 4);
      assert.match(crm.webhookSecret, /^whsec_[A-Za-z0-9+/]+={0,2}$/, 'the sandbox made up its own secret');
    } finally {
      await feedOnly.close();
      await crm.close();
    }
  });

  test('duplicateWebhooks sends the same webhook-id twice, both map to one event id, reproducibly', async () => {
    const duplicatedIds = async (probability: number): Promise<string[]> => {
      const receiver = await startWebhookReceiver();
      const crm = await startSandboxCrm({ apiKey: testApiKey, webhookSecret: testSecret });
      try {
        crm.setFaults({ duplicateWebhooks: probability, seed: 1234 });
        crm.subscribeWebhook(receiver.url);
        crm.seed(tinyPipeline());
        await crm.deliveriesSettled();
        const { duplicatesSent, delivered } = crm.report().webhooks;
        assert.equal(delivered, STAGE_CHANGES);
        assert.equal(receiver.received.length, STAGE_CHANGES + duplicatesSent);
        const outcomes = new Map<string, (readonly CanonicalEvent[])[]>();
        for (const delivery of receiver.received) {
          const outcome = connector.receiveWebhook(delivery);
          assert.ok(outcome.ok, 'a duplicate is as genuine as the original');
          const id = delivery.headers['webhook-id'] ?? '';
          outcomes.set(id, [...(outcomes.get(id) ?? []), outcome.events]);
        }
        const twice = [...outcomes].filter(([, seen]) => seen.length === 2);
        for (const [id, [first, second]] of twice) {
          assert.deepEqual(second, first, `${id} maps to the same events both times`);
          for (const event of first ?? []) assert.equal(event.id, id);
        }
        return twice.map(([id]) => id).sort();
      } finally {
        await crm.close();
        await receiver.close();
      }
    };
    const all = await duplicatedIds(1);
    assert.equal(all.length, STAGE_CHANGES);
    const some = await duplicatedIds(0.5);
    assert.ok(some.length > 0 && some.length < STAGE_CHANGES, `got ${some.length}`);
    assert.deepEqual(await duplicatedIds(0.5), some);
  });

  test('a failed delivery is retried with the same webhook-id, then given up and counted', async () => {
    const flaky = await startWebhookReceiver((_, arrival) => (arrival === 1 ? 500 : 204));
    const down = await startWebhookReceiver(() => 503);
    const crm = await startSandboxCrm({
      apiKey: testApiKey,
      webhookSecret: testSecret,
      delivery: fastRetries,
    });
    try {
      crm.subscribeWebhook(flaky.url);
      crm.subscribeWebhook(down.url);
      const pipeline = tinyPipeline();
      crm.seed({ ...pipeline, deals: pipeline.deals.filter((d) => d.id === 'D-000003') });
      await crm.deliveriesSettled();
      const flakyIds = flaky.received.map((d) => d.headers['webhook-id']);
      assert.equal(flakyIds.length, 3, 'two stage changes, one retried');
      assert.deepEqual([...new Set(flakyIds)].sort(), ['DE-000000001', 'DE-000000002']);
      assert.equal(down.received.length, 2 * fastRetries.maxAttempts);
      assert.deepEqual(crm.report().webhooks, { delivered: 2, duplicatesSent: 0, failed: 2 });
    } finally {
      await crm.close();
      await flaky.close();
      await down.close();
    }
  });
});
