// Standard Webhooks verification: HMAC-SHA256 over "<id>.<timestamp>.<raw body>" with the decoded secret,
// any of the space-separated "v1,<base64>" signatures may match (secret rotation), compared in constant
// time. Authenticity is checked before freshness so a stale but genuine delivery is reported as stale.
// Rotation works on both sides: the sender may sign with several secrets, and we may hold several keys
// (the old and the new while a source's secret is rotated); any key matching any signature will do.
import { createHmac, timingSafeEqual } from 'node:crypto';

export const TIMESTAMP_TOLERANCE_SECONDS = 5 * 60;

export type WebhookCheck =
  | { readonly ok: true; readonly webhookId: string; readonly timestamp: number }
  | {
      readonly ok: false;
      readonly reasonCode: 'webhook.signature_invalid' | 'webhook.timestamp_out_of_tolerance';
      readonly message: string;
    };

export function verifyWebhook(
  keys: Buffer | readonly Buffer[],
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

  const given = signatures.split(' ').flatMap((candidate) => {
    const [version, signature] = candidate.split(',', 2);
    return version === 'v1' && signature !== undefined ? [Buffer.from(signature, 'base64')] : [];
  });
  const matches = (Buffer.isBuffer(keys) ? [keys] : keys).some((key) => {
    const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
    return given.some((g) => g.length === expected.length && timingSafeEqual(g, expected));
  });
  if (!matches) return invalid('no webhook-signature matches the body');

  if (Math.abs(nowSeconds - Number(timestamp)) > TIMESTAMP_TOLERANCE_SECONDS)
    return {
      ok: false,
      reasonCode: 'webhook.timestamp_out_of_tolerance',
      message: `webhook-timestamp is more than ${TIMESTAMP_TOLERANCE_SECONDS} s away from now`,
    };
  return { ok: true, webhookId: id, timestamp: Number(timestamp) };
}

function invalid(message: string): WebhookCheck {
  return { ok: false, reasonCode: 'webhook.signature_invalid', message };
}
