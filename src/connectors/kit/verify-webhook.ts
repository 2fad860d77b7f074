// Standard Webhooks verification: HMAC-SHA256 over "<id>.<timestamp>.<raw body>" with the decoded secret,
// any of the space-separated "v1,<base64>" signatures may match (secret rotation), compared in constant
// time. Authenticity is checked before freshness so a stale but genuine delivery is reported as stale.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export type WebhookCheck =
  | { readonly ok: true; readonly webhookId: string }
  | {
      readonly ok: false;
      readonly reasonCode: 'webhook.signature_invalid' | 'webhook.timestamp_out_of_tolerance';
      readonly message: string;
    };

export function verifyWebhook(
  key: Buffer,
  headers: Readonly<Record<string, string | undefined>>,
  rawBody: string,
  nowSeconds: number,
): WebhookCheck {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (!id || !timestamp || !signatures)
    return invalid('webhook-id, webhook-timestamp and webhook-signature headers are required');
  if (!/^[0-9]{1,12}$/.test(timestamp)) return invalid('webhook-timestamp is not unix seconds');

  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  const matches = signatures.split(' ').some((candidate) => {
    const [version, signature] = candidate.split(',', 2);
    if (version !== 'v1' || signature === undefined) return false;
    const given = Buffer.from(signature, 'base64');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  if (!matches) return invalid('no webhook-signature matches the body');

  if (Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS)
    return {
      ok: false,
      reasonCode: 'webhook.timestamp_out_of_tolerance',
      message: `webhook-timestamp is more than ${TIMESTAMP_TOLERANCE_SECONDS} s away from now`,
    };
  return { ok: true, webhookId: id };
}

function invalid(message: string): WebhookCheck {
  return { ok: false, reasonCode: 'webhook.signature_invalid', message };
}
