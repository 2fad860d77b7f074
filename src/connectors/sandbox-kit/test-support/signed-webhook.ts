// A delivery signed as a Standard Webhooks sender would sign it, to hand straight to `receiveWebhook`.
import { Webhook } from 'standardwebhooks';
import type { ReceivedWebhook } from './webhook-receiver.ts';

export function signedWebhook(
  secret: string,
  id: string,
  body: string,
  at: Date = new Date(),
): ReceivedWebhook {
  return {
    rawBody: body,
    headers: {
      'webhook-id': id,
      'webhook-timestamp': String(Math.floor(at.getTime() / 1000)),
      'webhook-signature': new Webhook(secret).sign(id, at, body),
    },
  };
}
