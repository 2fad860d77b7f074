// The CRM's in-memory database: accounts and deals by id, the append-only deal event log (seq = index + 1)
// and webhook subscriptions. Publishing an event snapshots the deal, so later changes never rewrite history.
import { randomUUID } from 'node:crypto';
import { eventIdOf, stageChangedType, type VendorDealEvent } from '../vendor/deal-events.ts';
import type { DealStage, VendorAccount, VendorDeal } from '../vendor/records.ts';
import type { WebhookStats } from '../../sandbox-kit/webhook-dispatcher.ts';

export interface WebhookSubscription {
  readonly id: string;
  readonly url: string;
  readonly created_at: string;
}

export class CrmStore {
  readonly accounts = new Map<string, VendorAccount>();
  readonly deals = new Map<string, VendorDeal>();
  readonly events: VendorDealEvent[] = [];
  readonly subscriptions: WebhookSubscription[] = [];
  readonly webhookStats: WebhookStats = { delivered: 0, duplicatesSent: 0, failed: 0 };
  private readonly eventListeners: ((event: VendorDealEvent) => void)[] = [];

  onEvent(listener: (event: VendorDealEvent) => void): void {
    this.eventListeners.push(listener);
  }

  /** Appends a stage change with a snapshot of `deal` (already in `to` stage) and notifies webhook dispatch. */
  publishStageChange(deal: VendorDeal, from: DealStage | null, occurredAt: string): VendorDealEvent {
    const event: VendorDealEvent = {
      event_id: eventIdOf(this.events.length + 1),
      type: stageChangedType,
      occurred_at: occurredAt,
      deal_id: deal.id,
      from_stage: from,
      to_stage: deal.stage,
      deal: { ...deal },
    };
    this.events.push(event);
    for (const listener of this.eventListeners) listener(event);
    return event;
  }

  addSubscription(url: string, createdAt: string): WebhookSubscription {
    const subscription = { id: `wh_${randomUUID().replaceAll('-', '')}`, url, created_at: createdAt };
    this.subscriptions.push(subscription);
    return subscription;
  }

  removeSubscription(id: string): boolean {
    const index = this.subscriptions.findIndex((s) => s.id === id);
    if (index < 0) return false;
    this.subscriptions.splice(index, 1);
    return true;
  }

  /** Forgets every record, event, subscription and counter. */
  clear(): void {
    this.accounts.clear();
    this.deals.clear();
    this.events.length = 0;
    this.subscriptions.length = 0;
    Object.assign(this.webhookStats, { delivered: 0, duplicatesSent: 0, failed: 0 });
  }
}
