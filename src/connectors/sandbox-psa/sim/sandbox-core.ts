// The sandbox's behaviour behind both doors: the HTTP routes and the programmatic handle call the same
// methods, which take unchecked input and throw SandboxPsaError on refusal.
import { approveTimeEntry, completeProjectSetup } from './admin-actions.ts';
import { nowInstant } from './clock.ts';
import {
  approveExpense,
  changeRateCard,
  changeTaskPlan,
  closeProject,
  completeMilestone,
  rejectExpense,
} from './delivery-actions.ts';
import { requestFingerprint } from './fingerprint.ts';
import { applyOnce, type WriteAnswer, type WriteOutcome } from './idempotency.ts';
import { upsertClient } from './writes/clients.ts';
import { createEngagement } from './writes/engagements.ts';
import { recordInvoice } from './writes/invoices.ts';
import { recordPayment } from './writes/payments.ts';
import { SandboxPsaError } from './errors.ts';
import type { FaultInjector, FaultSettings } from './faults.ts';
import { buildReport, type PsaReport } from './report.ts';
import { seedFirm, type SeedSummary } from './seed.ts';
import type { PsaStore, WebhookSubscription } from './store.ts';
import { isHttpUrl } from '../../sandbox-kit/http-url.ts';
import type { WebhookDispatcher } from '../../sandbox-kit/webhook-dispatcher.ts';
import type {
  VendorExpense,
  VendorMilestone,
  VendorRateCard,
  VendorTaskPlan,
} from '../vendor/delivery-records.ts';
import type { VendorActivity, VendorProject, VendorTimeEntry } from '../vendor/schemas.ts';

/** The write API's operations; `target` is the client reference or the project id of the path. */
export type WriteKind = 'client' | 'engagement' | 'invoice' | 'payment';

export interface ActivityPageBody {
  readonly activities: readonly VendorActivity[];
  readonly next_after: number;
  readonly has_more: boolean;
}

export class SandboxCore {
  constructor(
    readonly store: PsaStore,
    readonly faults: FaultInjector,
    readonly dispatcher: WebhookDispatcher<VendorActivity>,
  ) {
    store.onActivity((activity) => dispatcher.dispatch(activity, store.subscriptions));
  }

  seed(firm: unknown): SeedSummary {
    return seedFirm(this.store, firm, nowInstant());
  }

  setFaults(settings: unknown): FaultSettings {
    return this.faults.update(settings);
  }

  report(): PsaReport {
    return buildReport(this.store);
  }

  completeProjectSetup(projectId: string, setup: unknown): VendorProject {
    return completeProjectSetup(this.store, projectId, setup, nowInstant());
  }

  approveTime(entryId: number, approval: unknown): VendorTimeEntry {
    return approveTimeEntry(this.store, entryId, approval, nowInstant());
  }

  approveExpense(id: string, approval: unknown): VendorExpense {
    return approveExpense(this.store, id, approval, nowInstant());
  }

  rejectExpense(id: string, rejection: unknown): VendorExpense {
    return rejectExpense(this.store, id, rejection, nowInstant());
  }

  completeMilestone(id: string, completion: unknown): VendorMilestone {
    return completeMilestone(this.store, id, completion, nowInstant());
  }

  changeTaskPlan(projectId: string, plan: unknown): VendorTaskPlan {
    return changeTaskPlan(this.store, projectId, plan, nowInstant());
  }

  changeRateCard(id: string, card: unknown): VendorRateCard {
    return changeRateCard(this.store, id, card, nowInstant());
  }

  closeProject(projectId: string, closure: unknown): VendorProject {
    return closeProject(this.store, projectId, closure, nowInstant());
  }

  /** Applies a write once per idempotency key; `route` ("PUT /api/v2/clients/X") is part of what the key binds. */
  write(kind: WriteKind, target: string, body: unknown, key: string, route: string): WriteOutcome {
    return applyOnce(this.store, key, requestFingerprint(route, body), (): WriteAnswer => {
      const now = nowInstant();
      switch (kind) {
        case 'client':
          return upsertClient(this.store, target, body);
        case 'engagement':
          return createEngagement(this.store, body);
        case 'invoice':
          return recordInvoice(this.store, target, body, now);
        case 'payment':
          return recordPayment(this.store, target, body, now);
      }
    });
  }

  /** Activities with seq > after; seq is contiguous from 1, so the page is a slice. */
  activitiesAfter(after: number, limit: number): ActivityPageBody {
    const all = this.store.activities;
    const page = all.slice(after, after + limit);
    const last = page.at(-1);
    return {
      activities: page,
      next_after: last ? last.seq : after,
      has_more: after + page.length < all.length,
    };
  }

  subscribe(url: unknown): WebhookSubscription {
    if (typeof url !== 'string' || !isHttpUrl(url))
      throw new SandboxPsaError('invalid_request', 'url must be an absolute http(s) URL');
    return this.store.addSubscription(url, nowInstant());
  }
}
