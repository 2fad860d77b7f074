// Xero's signed webhooks (xero-webhooks.yaml): `x-xero-signature` is the base64 HMAC-SHA256 of the raw
// body with the app's webhook key. Xero first sends an "intent to receive" (no events) with good and bad
// signatures and expects 200 for a good one and 401 for a bad one; every delivery is checked the same way.
// An event only names the changed resource (resourceUrl, resourceId, eventCategory), so a connector reads
// the resource itself: here the delivery is verified and acknowledged, and the next pull fetches it.
// Several keys may be held while the app's key is rotated; any one matching will do. Xero signs no id or
// timestamp, so a replay cannot be told from a delivery; it is harmless, as it only triggers a read.
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { IncomingWebhook, WebhookOutcome } from './connector.ts';

export interface XeroWebhookEvent {
  readonly resourceUrl: string;
  readonly resourceId: string;
  readonly tenantId: string;
  readonly eventCategory: string;
  readonly eventType: string;
  readonly eventDateUtc: string;
}

export type XeroWebhookCheck =
  | { readonly ok: true; readonly events: readonly XeroWebhookEvent[] }
  | Extract<WebhookOutcome, { ok: false }>;

export function signXeroWebhook(webhookKey: string, rawBody: string): string {
  return createHmac('sha256', webhookKey).update(rawBody, 'utf8').digest('base64');
}

export function readXeroWebhook(
  webhookKeys: string | readonly string[],
  webhook: IncomingWebhook,
): XeroWebhookCheck {
  const given = webhook.headers['x-xero-signature'];
  const actual = Buffer.from(given ?? '', 'base64');
  const matches = (typeof webhookKeys === 'string' ? [webhookKeys] : webhookKeys).some((key) => {
    const expected = Buffer.from(signXeroWebhook(key, webhook.rawBody), 'base64');
    return actual.length === expected.length && timingSafeEqual(actual, expected);
  });
  if (given === undefined || !matches)
    return {
      ok: false,
      status: 401,
      reasonCode: 'webhook.bad_signature',
      message: 'x-xero-signature does not match',
    };
  let body: unknown;
  try {
    body = JSON.parse(webhook.rawBody);
  } catch {
    return { ok: false, status: 400, reasonCode: 'webhook.malformed', message: 'the body is not JSON' };
  }
  const events = (body as { events?: unknown } | null)?.events;
  if (!Array.isArray(events))
    return {
      ok: false,
      status: 400,
      reasonCode: 'webhook.malformed',
      message: 'the body has no events array',
    };
  const parsed: XeroWebhookEvent[] = [];
  for (const e of events) {
    const r = e as Record<string, unknown>;
    const fields = ['resourceUrl', 'resourceId', 'tenantId', 'eventCategory', 'eventType', 'eventDateUtc'];
    if (typeof e !== 'object' || e === null || !fields.every((f) => typeof r[f] === 'string'))
      return {
        ok: false,
        status: 422,
        reasonCode: 'webhook.unknown_event',
        message: 'an event lacks its fields',
      };
    parsed.push(e as XeroWebhookEvent);
  }
  return { ok: true, events: parsed };
}
