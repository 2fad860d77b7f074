// Sends one notification to one channel, or throws: a webhook must answer 2xx, an SMTP server must
// accept the message. Retrying and rate limiting are the notifier's.
import nodemailer from 'nodemailer';
import type { ChannelSettings } from './settings.ts';
import { chatPayload, emailMessage, jsonPayload, type Notification } from './notification.ts';

export type Sender = (notification: Notification) => Promise<void>;

const webhookTimeoutMs = 10_000;

export function senderFor(channel: ChannelSettings): Sender {
  if (channel.type === 'webhook') {
    return async (n) => {
      const body = channel.format === 'chat' ? chatPayload(n) : jsonPayload(n);
      const response = await fetch(channel.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(channel.token === undefined ? {} : { authorization: `Bearer ${channel.token}` }),
        },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(webhookTimeoutMs),
      });
      await response.body?.cancel();
      if (!response.ok) throw new Error(`webhook answered ${response.status}`);
    };
  }
  const transport = nodemailer.createTransport({
    host: channel.host,
    port: channel.port,
    secure: channel.secure,
    ...(channel.auth ? { auth: channel.auth } : {}),
    connectionTimeout: webhookTimeoutMs,
  });
  return async (n) => {
    const { subject, text } = emailMessage(n);
    await transport.sendMail({ from: channel.from, to: [...channel.to], subject, text });
  };
}
