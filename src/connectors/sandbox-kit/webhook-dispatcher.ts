// Pushes every feed item to every subscriber, signed per Standard Webhooks. Deliveries leave in feed order
// with bounded concurrency; a non-2xx or network error is retried with exponential backoff and, after the
// last attempt, given up and counted (the receiver can still pull the feed). Each attempt is signed afresh,
// so its timestamp is current, but keeps the item's id as webhook-id. What an item looks like on the wire
// is the sandbox's business: it passes `toMessage`.
import { setTimeout as sleep } from 'node:timers/promises';
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import { Fifo } from './fifo.ts';

export interface DeliveryPolicy {
  /** Deliveries in flight at once. */
  readonly concurrency: number;
  /** Attempts per delivery, the first included. */
  readonly maxAttempts: number;
  /** Wait before the 2nd attempt; doubles each time. */
  readonly backoffMs: number;
}

export const defaultDeliveryPolicy: DeliveryPolicy = { concurrency: 8, maxAttempts: 4, backoffMs: 250 };

/** The default policy with `overrides`; a RangeError for one that could never deliver. */
export function deliveryPolicy(overrides: Partial<DeliveryPolicy> | undefined): DeliveryPolicy {
  const policy = { ...defaultDeliveryPolicy, ...overrides };
  if (!(policy.concurrency >= 1 && policy.maxAttempts >= 1 && policy.backoffMs >= 0))
    throw new RangeError('delivery needs concurrency >= 1, maxAttempts >= 1 and backoffMs >= 0');
  return policy;
}

/** Counted as deliveries settle; the sandbox's report shows them. */
export interface WebhookStats {
  delivered: number;
  duplicatesSent: number;
  failed: number;
}

/** The sandbox's switchable misbehaviour that touches deliveries. */
export interface DeliveryFaults {
  /** Drawn once per delivery, in dispatch order: true sends it twice with the same webhook-id. */
  drawDuplicate(): boolean;
  /** Wait before every delivery attempt, for a sandbox that can delay webhooks. */
  readonly webhookDelayMs?: number;
}

/** One delivery on the wire: its webhook-id and JSON body. */
export interface WebhookMessage {
  readonly id: string;
  readonly body: string;
}

/** Builds the message for an item, once per attempt; `now` is when the attempt starts. */
export type ToWebhookMessage<T> = (item: T, now: Date) => WebhookMessage;

interface Delivery<T> {
  readonly item: T;
  readonly url: string;
  readonly attempt: number;
  readonly duplicate: boolean;
}

const TIMEOUT_MS = 10_000;

export class WebhookDispatcher<T> {
  private readonly queue = new Fifo<Delivery<T>>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly agent: Agent;
  private readonly signer: Webhook;
  private inFlight = 0;
  private closed = false;

  constructor(
    secret: string,
    private readonly toMessage: ToWebhookMessage<T>,
    private readonly faults: DeliveryFaults,
    private readonly stats: WebhookStats,
    private readonly policy: DeliveryPolicy = defaultDeliveryPolicy,
  ) {
    this.signer = new Webhook(secret);
    this.agent = new Agent({ connections: policy.concurrency, keepAliveTimeout: 10_000 });
  }

  dispatch(item: T, subscriptions: readonly { readonly url: string }[]): void {
    if (this.closed) return;
    for (const { url } of subscriptions)
      this.queue.push({ item, url, attempt: 1, duplicate: this.faults.drawDuplicate() });
    this.pump();
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Drops queued deliveries and pending retries (on reset); deliveries in flight finish. */
  discardPending(): void {
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    this.queue.clear();
    this.settleIdle();
  }

  /** Drops whatever is not yet delivered; receivers catch up by pulling. */
  async close(): Promise<void> {
    this.closed = true;
    this.discardPending();
    await this.agent.destroy();
    this.settleIdle();
  }

  private isIdle(): boolean {
    return this.closed || (this.queue.size === 0 && this.inFlight === 0 && this.retries.size === 0);
  }

  private settleIdle(): void {
    if (!this.isIdle()) return;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }

  private pump(): void {
    while (!this.closed && this.inFlight < this.policy.concurrency) {
      const delivery = this.queue.take();
      if (!delivery) break;
      this.inFlight += 1;
      void this.deliver(delivery).finally(() => {
        this.inFlight -= 1;
        this.pump();
        this.settleIdle();
      });
    }
  }

  private async deliver(delivery: Delivery<T>): Promise<void> {
    const message = this.toMessage(delivery.item, new Date());
    const delayMs = this.faults.webhookDelayMs ?? 0;
    if (delayMs > 0) await sleep(delayMs);
    if (!(await this.send(delivery.url, message))) {
      this.retryLater(delivery);
      return;
    }
    this.stats.delivered += 1;
    if (delivery.duplicate && !this.closed) {
      this.stats.duplicatesSent += 1;
      await this.send(delivery.url, message);
    }
  }

  /** True on a 2xx answer; false without sending once closed. */
  private async send(url: string, { id, body }: WebhookMessage): Promise<boolean> {
    if (this.closed) return false;
    const sentAt = new Date();
    try {
      const response = await request(url, {
        method: 'POST',
        dispatcher: this.agent,
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          'webhook-id': id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': this.signer.sign(id, sentAt, body),
        },
        body,
      });
      await response.body.dump();
      return response.statusCode >= 200 && response.statusCode < 300;
    } catch {
      return false;
    }
  }

  private retryLater(delivery: Delivery<T>): void {
    if (this.closed) return;
    if (delivery.attempt >= this.policy.maxAttempts) {
      this.stats.failed += 1;
      return;
    }
    const timer = setTimeout(
      () => {
        this.retries.delete(timer);
        this.queue.push({ ...delivery, attempt: delivery.attempt + 1 });
        this.pump();
      },
      this.policy.backoffMs * 2 ** (delivery.attempt - 1),
    );
    this.retries.add(timer);
  }
}
