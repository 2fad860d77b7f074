// The notifier against real local receivers: a channel's rate limit drops and counts what goes over it
// (the next notification says how many), a failed send is retried, and a channel that cannot be reached
// never throws into the caller.
import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { pino } from 'pino';
import { Notifier } from '../../src/ops/alerts/notifier.ts';
import type { ChannelSettings } from '../../src/ops/alerts/settings.ts';
import type { StoredAlert } from '../../src/store/ops-port.ts';
import {
  startWebhookReceiver,
  type WebhookReceiver,
} from '../../src/connectors/sandbox-kit/test-support/webhook-receiver.ts';

const logger = pino({ level: 'silent' });

function alert(key: string): StoredAlert {
  return {
    id: 1,
    key,
    failureDomain: 'mapping',
    state: 'firing',
    title: `about ${key}`,
    detail: 'detail',
    firstAt: Date.UTC(2026, 10, 26, 9),
    lastAt: Date.UTC(2026, 10, 26, 9),
    count: 1,
    routedTo: ['hook'],
    resolvedAt: null,
  };
}

function webhook(receiver: WebhookReceiver, maxPerMinute = 10): Map<string, ChannelSettings> {
  return new Map([
    ['hook', { name: 'hook', type: 'webhook', url: receiver.url, format: 'json', maxPerMinute }],
  ]);
}

describe('the notifier', () => {
  const receivers: WebhookReceiver[] = [];
  after(async () => {
    for (const r of receivers) await r.close();
  });

  it('drops what goes over the rate limit, counts it, and says so in the next notification', async () => {
    const receiver = await startWebhookReceiver();
    receivers.push(receiver);
    let now = 1_000_000;
    const notifier = new Notifier(webhook(receiver, 2), logger, { now: () => now });
    for (const key of ['a', 'b', 'c', 'd']) notifier.notify(['hook'], 'firing', alert(key));
    await notifier.idle();
    assert.deepEqual(notifier.status(), { hook: { sent: 2, failed: 0, suppressed: 2 } });
    now += 30_000; // half a minute refills one of the two
    notifier.notify(['hook'], 'firing', alert('e'));
    await notifier.idle();
    const bodies = receiver.received.map(
      (r) => JSON.parse(r.rawBody) as { alert: { key: string }; suppressed: number },
    );
    // The first two went out together, in either order; the last one after them.
    const seen = bodies.map((b) => [b.alert.key, b.suppressed]);
    assert.deepEqual(seen.slice(0, 2).sort(), [
      ['a', 0],
      ['b', 0],
    ]);
    assert.deepEqual(seen[2], ['e', 2]);
  });

  it('sends again after a failed attempt', async () => {
    const receiver = await startWebhookReceiver((_delivery, arrival) => (arrival === 1 ? 503 : 204));
    receivers.push(receiver);
    const notifier = new Notifier(webhook(receiver), logger, { retryDelaysMs: [10, 10] });
    notifier.notify(['hook'], 'resolved', alert('a'));
    await notifier.idle();
    assert.equal(receiver.received.length, 2);
    assert.deepEqual(notifier.status(), { hook: { sent: 1, failed: 0, suppressed: 0 } });
    assert.equal((JSON.parse(receiver.received[1]?.rawBody ?? '{}') as { kind: string }).kind, 'resolved');
  });

  it('gives up on a channel that cannot be reached without throwing, and counts it', async () => {
    const gone = await startWebhookReceiver();
    await gone.close();
    const notifier = new Notifier(webhook(gone), logger, { retryDelaysMs: [10, 10] });
    assert.doesNotThrow(() => notifier.notify(['hook', 'not-configured'], 'firing', alert('a')));
    await notifier.idle();
    assert.deepEqual(notifier.status(), { hook: { sent: 0, failed: 1, suppressed: 0 } });
  });
});
