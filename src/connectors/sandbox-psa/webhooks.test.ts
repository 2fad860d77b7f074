// Webhook delivery from a real sandbox to a real receiver: Standard Webhooks signatures (checked by the
// connector and by the reference library), refusals, duplicates, retries, give-ups and a large backlog.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Webhook } from 'standardwebhooks';
import { validateEvent } from '../../contracts/index.ts';
import { createSandboxPsaConnector, type SandboxPsaConnector } from './connector.ts';
import { generateFirm } from './generate-firm.ts';
import { startSandboxPsa } from './server.ts';
import { requestJson, testSecret } from './test-support/http.ts';
import { tinyFirm } from './test-support/tiny-firm.ts';
import { signedWebhook } from '../sandbox-kit/test-support/signed-webhook.ts';
import { startWebhookReceiver, type ReceivedWebhook } from '../sandbox-kit/test-support/webhook-receiver.ts';

const fastRetries = { backoffMs: 20, maxAttempts: 3 };

const signed = (id: string, body: string, at?: Date): ReceivedWebhook =>
  signedWebhook(testSecret, id, body, at);

describe('webhooks', () => {
  let connector: SandboxPsaConnector;

  before(() => {
    connector = createSandboxPsaConnector({
      system: 'sandbox-psa',
      baseUrl: 'http://127.0.0.1:9',
      webhookSecret: testSecret,
    });
  });
  after(() => connector.close());

  test('every activity is pushed, signed, and maps to the same event as the feed', async () => {
    const receiver = await startWebhookReceiver();
    const psa = await startSandboxPsa({ webhookSecret: testSecret });
    const puller = createSandboxPsaConnector({
      system: 'sandbox-psa',
      baseUrl: psa.url,
      webhookSecret: testSecret,
    });
    try {
      const subscribed = await requestJson('POST', `${psa.url}/api/v2/webhook_subscriptions`, {
        url: receiver.url,
      });
      assert.equal(subscribed.status, 201);
      psa.seed(tinyFirm());
      await receiver.waitFor(13);
      await psa.deliveriesSettled();

      const reference = new Webhook(testSecret);
      const pushed = receiver.received.map((delivery) => {
        assert.equal(delivery.headers['content-type'], 'application/json');
        assert.doesNotThrow(() =>
          reference.verify(delivery.rawBody, delivery.headers as Record<string, string>),
        );
        const outcome = connector.receiveWebhook(delivery);
        assert.ok(outcome.ok, JSON.stringify(outcome));
        assert.equal(outcome.events.length, 1);
        const [event] = outcome.events;
        assert.equal(event?.id, delivery.headers['webhook-id']);
        assert.ok(validateEvent(event).ok);
        return event;
      });
      const pulled = (await puller.pull(undefined, 100)).events;
      const byId = new Map(pushed.map((e) => [e?.id, e]));
      assert.equal(byId.size, pulled.length);
      for (const event of pulled) assert.deepEqual(byId.get(event.id), event);
      assert.deepEqual(psa.report().webhooks, { delivered: 13, duplicatesSent: 0, failed: 0 });
    } finally {
      await puller.close();
      await psa.close();
      await receiver.close();
    }
  });

  test('a tampered body, a wrong key or missing headers are refused as signature_invalid', () => {
    const body = JSON.stringify({
      activity: {
        id: 'act_1',
        seq: 1,
        kind: 'user.updated',
        occurred_at: '2026-07-01T09:00:00+01:00',
        object: {},
      },
    });
    const good = signed('act_1', body);
    const cases: ReceivedWebhook[] = [
      { ...good, rawBody: body.replace('act_1', 'act_2') },
      { ...good, headers: { ...good.headers, 'webhook-id': 'act_2' } },
      { ...good, headers: { ...good.headers, 'webhook-signature': 'v1,AAAA' } },
      { ...good, headers: { ...good.headers, 'webhook-signature': undefined } },
      { ...good, headers: { ...good.headers, 'webhook-timestamp': 'yesterday' } },
      {
        ...good,
        headers: {
          ...good.headers,
          'webhook-signature': new Webhook(
            `whsec_${Buffer.from('another-secret-entirely!').toString('base64')}`,
          ).sign('act_1', new Date(), body),
        },
      },
    ];
    for (const delivery of cases) {
      const outcome = connector.receiveWebhook(delivery);
      assert.equal(outcome.ok, false);
      if (!outcome.ok) {
        assert.equal(outcome.status, 401);
        assert.equal(outcome.reasonCode, 'webhook.signature_invalid');
      }
    }
  });

  test('a genuine but stale delivery is refused as timestamp_out_of_tolerance', () => {
    const body = JSON.stringify({ activity: {} });
    for (const minutes of [-6, 6]) {
      const outcome = connector.receiveWebhook(
        signed('act_1', body, new Date(Date.now() + minutes * 60_000)),
      );
      assert.deepEqual(
        outcome.ok ? outcome : { ok: outcome.ok, status: outcome.status, reasonCode: outcome.reasonCode },
        { ok: false, status: 401, reasonCode: 'webhook.timestamp_out_of_tolerance' },
      );
    }
    const recent = connector.receiveWebhook(signed('act_1', body, new Date(Date.now() - 4 * 60_000)));
    assert.equal(
      recent.ok ? 'ok' : recent.reasonCode,
      'webhook.malformed',
      'within tolerance, judged on content',
    );
  });

  test('signed but unreadable content is refused with the matching reason', () => {
    const activity = (kind: string, object: unknown) =>
      JSON.stringify({
        activity: { id: 'act_9', seq: 9, kind, occurred_at: '2026-07-01T09:00:00+01:00', object },
      });
    const user = {
      id: 'U-1',
      name: 'Amelia Smith',
      email: 'a@b.example',
      cost_rate: '62.50',
      cost_currency: 'GBP',
    };
    const cases: [ReceivedWebhook, number, string][] = [
      [signed('act_9', '{"activity": '), 400, 'webhook.malformed'],
      [signed('act_9', '[]'), 400, 'webhook.malformed'],
      [signed('act_9', JSON.stringify({ activity: { id: 'act_9' } })), 400, 'webhook.malformed'],
      [signed('act_9', activity('invoice.paid', {})), 422, 'webhook.unknown_kind'],
      [
        signed('act_9', activity('user.updated', { ...user, cost_rate: 62.5 })),
        422,
        'webhook.invalid_record',
      ],
      [signed('act_8', activity('user.updated', user)), 400, 'webhook.malformed'],
    ];
    for (const [delivery, status, reasonCode] of cases) {
      const outcome = connector.receiveWebhook(delivery);
      assert.deepEqual(
        outcome.ok ? outcome : [outcome.status, outcome.reasonCode],
        [status, reasonCode],
        delivery.rawBody,
      );
    }
    const accepted = connector.receiveWebhook(signed('act_9', activity('user.updated', user)));
    assert.equal(accepted.ok, true);
  });

  test('duplicateWebhooks sends the same webhook-id twice, reproducibly from a seed', async () => {
    const duplicatedIds = async (probability: number): Promise<string[]> => {
      const receiver = await startWebhookReceiver();
      const psa = await startSandboxPsa({ webhookSecret: testSecret });
      try {
        psa.setFaults({ duplicateWebhooks: probability, seed: 1234 });
        psa.subscribeWebhook(receiver.url);
        psa.seed(tinyFirm());
        await psa.deliveriesSettled();
        const { duplicatesSent, delivered } = psa.report().webhooks;
        assert.equal(delivered, 13);
        assert.equal(receiver.received.length, 13 + duplicatesSent);
        const counts = new Map<string, number>();
        for (const d of receiver.received) {
          const id = d.headers['webhook-id'] ?? '';
          counts.set(id, (counts.get(id) ?? 0) + 1);
          assert.ok(connector.receiveWebhook(d).ok, 'a duplicate is as genuine as the original');
        }
        return [...counts]
          .filter(([, n]) => n === 2)
          .map(([id]) => id)
          .sort();
      } finally {
        await psa.close();
        await receiver.close();
      }
    };
    const all = await duplicatedIds(1);
    assert.equal(all.length, 13);
    const some = await duplicatedIds(0.5);
    assert.ok(some.length > 0 && some.length < 13, `got ${some.length}`);
    assert.deepEqual(await duplicatedIds(0.5), some);
  });

  test('a failed delivery is retried with the same webhook-id, then given up and counted', async () => {
    const flaky = await startWebhookReceiver((_, arrival) => (arrival === 1 ? 500 : 204));
    const down = await startWebhookReceiver(() => 503);
    const psa = await startSandboxPsa({ webhookSecret: testSecret, delivery: fastRetries });
    try {
      psa.subscribeWebhook(flaky.url);
      psa.subscribeWebhook(down.url);
      psa.seed({ ...tinyFirm(), projects: [], time_entries: [] });
      await psa.deliveriesSettled();
      const flakyIds = flaky.received.map((d) => d.headers['webhook-id']);
      assert.equal(flakyIds.length, 4, 'three users, one retried');
      assert.equal(new Set(flakyIds).size, 3);
      assert.equal(down.received.length, 3 * fastRetries.maxAttempts);
      assert.deepEqual(psa.report().webhooks, { delivered: 3, duplicatesSent: 0, failed: 3 });
    } finally {
      await psa.close();
      await flaky.close();
      await down.close();
    }
  });

  test('webhookDelayMs holds each delivery back', async () => {
    const receiver = await startWebhookReceiver();
    const psa = await startSandboxPsa({ webhookSecret: testSecret });
    try {
      psa.setFaults({ webhookDelayMs: 200 });
      psa.subscribeWebhook(receiver.url);
      const started = performance.now();
      psa.seed({ ...tinyFirm(), users: tinyFirm().users.slice(0, 1), projects: [], time_entries: [] });
      await receiver.waitFor(1);
      assert.ok(performance.now() - started >= 190);
    } finally {
      await psa.close();
      await receiver.close();
    }
  });

  test('a backlog of thousands of activities is delivered quickly', async () => {
    const receiver = await startWebhookReceiver();
    const psa = await startSandboxPsa({ webhookSecret: testSecret });
    try {
      psa.subscribeWebhook(receiver.url);
      const firm = generateFirm({ seed: 99, projects: 40, consultants: 60, entries: 5200 });
      const started = performance.now();
      const { activities } = psa.seed(firm);
      assert.ok(activities >= 5000, `only ${activities} activities`);
      await receiver.waitFor(activities, 55_000);
      const seconds = (performance.now() - started) / 1000;
      assert.ok(seconds < 30, `took ${seconds.toFixed(1)} s`);
      const ids = new Set(receiver.received.map((d) => d.headers['webhook-id']));
      assert.equal(ids.size, activities);
      await psa.deliveriesSettled();
      assert.deepEqual(psa.report().webhooks, { delivered: activities, duplicatesSent: 0, failed: 0 });
    } finally {
      await psa.close();
      await receiver.close();
    }
  });
});
