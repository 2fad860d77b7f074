// The vendor-neutral start of `receiveWebhook`: a Standard Webhooks signature and timestamp (401 when
// either fails), then a JSON body (400 when not). What the body must hold is the connector's business.
// The verified id and timestamp travel on as `delivery`, so the intake can refuse a replayed delivery.
import type { IncomingWebhook, SignedDelivery, WebhookOutcome } from './connector.ts';
import { verifyWebhook } from './verify-webhook.ts';

export type Refusal = Extract<WebhookOutcome, { ok: false }>;

export type ReadWebhook =
  | {
      readonly ok: true;
      readonly webhookId: string;
      readonly delivery: SignedDelivery;
      readonly body: unknown;
    }
  | { readonly ok: false; readonly refusal: Refusal };

export function readSignedWebhook(keys: Buffer | readonly Buffer[], webhook: IncomingWebhook): ReadWebhook {
  const check = verifyWebhook(keys, webhook.headers, webhook.rawBody, Math.floor(Date.now() / 1000));
  if (!check.ok)
    return {
      ok: false,
      refusal: { ok: false, status: 401, reasonCode: check.reasonCode, message: check.message },
    };
  try {
    return {
      ok: true,
      webhookId: check.webhookId,
      delivery: { id: check.webhookId, timestamp: check.timestamp },
      body: JSON.parse(webhook.rawBody) as unknown,
    };
  } catch {
    return { ok: false, refusal: malformedWebhook('the body is not JSON') };
  }
}

export function malformedWebhook(message: string): Refusal {
  return { ok: false, status: 400, reasonCode: 'webhook.malformed', message };
}
