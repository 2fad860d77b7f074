// Several keys on our side while a secret is rotated: Standard Webhooks and Xero's signature each verify
// with any listed key and with none that is not listed; a verified delivery carries its id and timestamp.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { signedWebhook } from '../sandbox-kit/test-support/signed-webhook.ts';
import { verifyWebhook } from './verify-webhook.ts';
import { decodeWebhookSecrets } from './webhook-secret.ts';
import { readXeroWebhook, signXeroWebhook } from './xero-webhook.ts';

const whsec = () => `whsec_${randomBytes(24).toString('base64')}`;
const now = () => Math.floor(Date.now() / 1000);

describe('webhook verification with several keys', () => {
  const [oldSecret, newSecret, otherSecret] = [whsec(), whsec(), whsec()];
  const body = '{"activity":{"id":"act_1"}}';

  it('takes a delivery signed with any listed secret, and carries its id and timestamp', () => {
    const keys = decodeWebhookSecrets([oldSecret, newSecret]);
    for (const secret of [oldSecret, newSecret]) {
      const delivery = signedWebhook(secret, 'act_1', body);
      const check = verifyWebhook(keys, delivery.headers, body, now());
      assert.ok(check.ok, JSON.stringify(check));
      assert.equal(check.webhookId, 'act_1');
      assert.equal(check.timestamp, Number(delivery.headers['webhook-timestamp']));
    }
  });

  it('refuses a secret that is not listed', () => {
    const keys = decodeWebhookSecrets([newSecret]);
    const check = verifyWebhook(keys, signedWebhook(oldSecret, 'act_1', body).headers, body, now());
    assert.deepEqual(check.ok ? 'ok' : check.reasonCode, 'webhook.signature_invalid');
    const other = verifyWebhook(keys, signedWebhook(otherSecret, 'act_1', body).headers, body, now());
    assert.equal(other.ok, false);
  });

  it('refuses an empty list of secrets at configuration time', () => {
    assert.throws(() => decodeWebhookSecrets([]), /at least one webhook secret/);
  });

  it("verifies Xero's signature with any listed key", () => {
    const events = JSON.stringify({ events: [] });
    const signed = (key: string) => ({
      headers: { 'x-xero-signature': signXeroWebhook(key, events) },
      rawBody: events,
    });
    assert.ok(readXeroWebhook(['old-key', 'new-key'], signed('old-key')).ok);
    assert.ok(readXeroWebhook(['old-key', 'new-key'], signed('new-key')).ok);
    const refused = readXeroWebhook(['new-key'], signed('old-key'));
    assert.equal(refused.ok ? 'ok' : refused.reasonCode, 'webhook.bad_signature');
  });
});
