// Pushes every deal event to every subscriber, signed per Standard Webhooks. Deliveries leave in event
// order with bounded concurrency; a non-2xx or network error is retried with exponential backoff and,
// after the last attempt, given up and counted (the receiver can still pull the feed). Each attempt is
// signed afresh, so its timestamp is current, but keeps the event id as webhook-id.
import { Webhook } from 'standardwebhooks';
import { Agent, request } from 'undici';
import type { VendorDealEvent } from '../vendor/deal-events.ts';
import type { FaultInjector } from './faults.ts';
import { Fifo } from './fifo.ts';
import type { WebhookStats, WebhookSubscription } from './store.ts';

export interface DeliveryPolicy {
  /** Deliveries in flight at once. */
  readonly concurrency: number;
  /** Attempts per delivery, the first included. */
  readonly maxAttempts: number;
  /** Wait before the 2nd attempt; doubles each time. */
  readonly backoffMs: number;
}

export const defaultDeliveryPolicy: DeliveryPolicy = { concurrency: 8, maxAttempts: 4, backoffMs: 250 };

interface Delivery {
  readonly event: VendorDealEvent;
  readonly url: string;
  readonly attempt: number;
  readonly duplicate: boolean;
}

const TIMEOUT_MS = 10_000;

export class WebhookDispatcher {
  private readonly queue = new Fifo<Delivery>();
  private readonly retries = new Set<NodeJS.Timeout>();
  private readonly idleWaiters: (() => void)[] = [];
  private readonly agent: Agent;
  private readonly signer: Webhook;
  private inFlight = 0;
  private closed = false;

  constructor(
    secret: string,
    private readonly faults: FaultInjector,
    private readonly stats: WebhookStats,
    private readonly policy: DeliveryPolicy = defaultDeliveryPolicy,
  ) {
    this.signer = new Webhook(secret);
    this.agent = new Agent({ connections: policy.concurrency, keepAliveTimeout: 10_000 });
  }

  dispatch(event: VendorDealEvent, subscriptions: readonly WebhookSubscription[]): void {
    if (this.closed) return;
    for (const { url } of subscriptions)
      this.queue.push({ event, url, attempt: 1, duplicate: this.faults.drawDuplicate() });
    this.pump();
  }

  /** Drops queued deliveries and pending retries (on reset); deliveries in flight finish. */
  discardPending(): void {
    for (const timer of this.retries) clearTimeout(timer);
    this.retries.clear();
    this.queue.clear();
    this.settleIdle();
  }

  /** Resolves once nothing is queued, in flight or waiting for a retry. */
  idle(): Promise<void> {
    if (this.isIdle()) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
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

  private async deliver(delivery: Delivery): Promise<void> {
    const sentAt = new Date();
    const body = JSON.stringify({
      type: delivery.event.type,
      timestamp: sentAt.toISOString(),
      data: delivery.event,
    });
    if (!(await this.send(delivery, body))) {
      this.retryLater(delivery);
      return;
    }
    this.stats.delivered += 1;
    if (delivery.duplicate && !this.closed) {
      this.stats.duplicatesSent += 1;
      await this.send(delivery, body);
    }
  }

  /** True on a 2xx answer. */
  private async send(delivery: Delivery, body: string): Promise<boolean> {
    if (this.closed) return false;
    const sentAt = new Date();
    try {
      const response = await request(delivery.url, {
        method: 'POST',
        dispatcher: this.agent,
        headersTimeout: TIMEOUT_MS,
        bodyTimeout: TIMEOUT_MS,
        headers: {
          'content-type': 'application/json',
          'webhook-id': delivery.event.event_id,
          'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
          'webhook-signature': this.signer.sign(delivery.event.event_id, sentAt, body),
        },
        body,
      });
      await response.body.dump();
      return response.statusCode >= 200 && response.statusCode < 300;
    } catch {
      return false;
    }
  }

  private retryLater(delivery: Delivery): void {
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
