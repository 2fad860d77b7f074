// Delivers notifications to channels in the background: a send never blocks or fails the caller (the
// pipeline); a failed send is retried a few times and logged. Each channel has a rate limit (a token
// bucket of `maxPerMinute`): a notification over it is dropped and counted, and the channel's next
// notification says how many were dropped.
import type { Logger } from 'pino';
import type { StoredAlert } from '../../store/ops-port.ts';
import { senderFor, type Sender } from './channel-senders.ts';
import type { Notification } from './notification.ts';
import type { ChannelSettings } from './settings.ts';

export interface ChannelStatus {
  readonly sent: number;
  readonly failed: number;
  /** Dropped by the rate limit. */
  readonly suppressed: number;
}

interface ChannelState {
  readonly settings: ChannelSettings;
  readonly send: Sender;
  tokens: number;
  refilledAt: number;
  sent: number;
  failed: number;
  suppressed: number;
  /** Dropped since the last notification that went out. */
  unreported: number;
}

/** Waits before the 2nd and 3rd attempt. */
const defaultRetryDelaysMs = [1_000, 5_000];

export class Notifier {
  readonly #channels = new Map<string, ChannelState>();
  readonly #logger: Logger;
  readonly #retryDelaysMs: readonly number[];
  readonly #inFlight = new Set<Promise<void>>();
  readonly #now: () => number;

  constructor(
    channels: ReadonlyMap<string, ChannelSettings>,
    logger: Logger,
    options: {
      readonly retryDelaysMs?: readonly number[];
      /** The clock the rate limits refill by (tests move it on instead of waiting a minute). */
      readonly now?: () => number;
    } = {},
  ) {
    this.#logger = logger;
    this.#retryDelaysMs = options.retryDelaysMs ?? defaultRetryDelaysMs;
    this.#now = options.now ?? Date.now;
    for (const [name, settings] of channels)
      this.#channels.set(name, {
        settings,
        send: senderFor(settings),
        tokens: settings.maxPerMinute,
        refilledAt: this.#now(),
        sent: 0,
        failed: 0,
        suppressed: 0,
        unreported: 0,
      });
  }

  /** Queues the notification to each named channel and returns at once. */
  notify(channelNames: readonly string[], kind: Notification['kind'], alert: StoredAlert): void {
    for (const name of channelNames) {
      const channel = this.#channels.get(name);
      if (!channel) {
        this.#logger.warn(
          { channel: name, alert: alert.key },
          'alert routed to a channel that is not configured',
        );
        continue;
      }
      if (!this.#take(channel)) {
        channel.suppressed += 1;
        channel.unreported += 1;
        this.#logger.warn(
          { channel: name, alert: alert.key, kind, maxPerMinute: channel.settings.maxPerMinute },
          'alert notification dropped by the channel rate limit',
        );
        continue;
      }
      const notification = { kind, alert, suppressed: channel.unreported };
      channel.unreported = 0;
      const sending = this.#deliver(name, channel, notification);
      this.#inFlight.add(sending);
      void sending.finally(() => this.#inFlight.delete(sending));
    }
  }

  /** Resolves once every notification queued so far has been sent or given up on. */
  async idle(): Promise<void> {
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
  }

  status(): Record<string, ChannelStatus> {
    return Object.fromEntries(
      [...this.#channels].map(([name, c]) => [
        name,
        { sent: c.sent, failed: c.failed, suppressed: c.suppressed },
      ]),
    );
  }

  #take(channel: ChannelState): boolean {
    const now = this.#now();
    const perMs = channel.settings.maxPerMinute / 60_000;
    channel.tokens = Math.min(
      channel.settings.maxPerMinute,
      channel.tokens + (now - channel.refilledAt) * perMs,
    );
    channel.refilledAt = now;
    if (channel.tokens < 1) return false;
    channel.tokens -= 1;
    return true;
  }

  async #deliver(name: string, channel: ChannelState, notification: Notification): Promise<void> {
    const attempts = this.#retryDelaysMs.length + 1;
    for (let attempt = 1; ; attempt += 1) {
      try {
        await channel.send(notification);
        channel.sent += 1;
        return;
      } catch (error) {
        const context = {
          channel: name,
          alert: notification.alert.key,
          kind: notification.kind,
          attempt,
          err: error,
        };
        if (attempt >= attempts) {
          channel.failed += 1;
          this.#logger.error(context, `alert notification failed ${attempts} times; giving up`);
          return;
        }
        this.#logger.warn(context, 'alert notification failed; it will be sent again');
        // Unref'd: a notification waiting to retry never keeps a stopping process alive.
        await new Promise((resolve) => setTimeout(resolve, this.#retryDelaysMs[attempt - 1]).unref());
      }
    }
  }
}
