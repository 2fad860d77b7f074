// The sandbox's behaviour behind both doors: the HTTP routes and the programmatic handle call the same
// methods, which take unchecked input and throw SandboxCrmError on refusal.
import { nowInstant } from './clock.ts';
import { SandboxCrmError } from './errors.ts';
import type { FaultInjector, FaultSettings } from './faults.ts';
import { dealEventsAfter, type DealEventPageBody } from './feed-page.ts';
import { moveDealToStage } from './move-stage.ts';
import { buildReport, type CrmReport } from './report.ts';
import { seedPipeline, type SeedSummary } from './seed.ts';
import type { CrmStore, WebhookSubscription } from './store.ts';
import { isHttpUrl } from '../../sandbox-kit/http-url.ts';
import type { WebhookDispatcher } from '../../sandbox-kit/webhook-dispatcher.ts';
import type { VendorDealEvent } from '../vendor/deal-events.ts';
import type { VendorDeal } from '../vendor/records.ts';

export class SandboxCore {
  constructor(
    readonly store: CrmStore,
    readonly faults: FaultInjector,
    private readonly dispatcher: WebhookDispatcher<VendorDealEvent>,
    /** Signs every delivery; handed to whoever subscribes. */
    readonly webhookSecret: string,
  ) {
    store.onEvent((event) => dispatcher.dispatch(event, store.subscriptions));
  }

  seed(pipeline: unknown): SeedSummary {
    return seedPipeline(this.store, pipeline, nowInstant());
  }

  moveDeal(dealId: string, move: unknown): VendorDeal {
    return moveDealToStage(this.store, dealId, move, nowInstant());
  }

  setFaults(settings: unknown): FaultSettings {
    return this.faults.set(settings);
  }

  report(): CrmReport {
    return buildReport(this.store);
  }

  /** Forgets every account, deal, event and subscription, drops undelivered webhooks, switches faults off. */
  reset(): void {
    this.dispatcher.discardPending();
    this.store.clear();
    this.faults.set({});
  }

  dealEventsAfter(after: string | undefined, limit: number): DealEventPageBody {
    return dealEventsAfter(this.store.events, after, limit);
  }

  subscribe(url: unknown): WebhookSubscription {
    if (typeof url !== 'string' || !isHttpUrl(url))
      throw new SandboxCrmError('invalid_request', 'url must be an absolute http(s) URL');
    return this.store.addSubscription(url, nowInstant());
  }
}
