// The PSA's in-memory database: records by native id, the append-only activity log (seq = index + 1),
// webhook subscriptions and the answers remembered under idempotency keys. Publishing an activity
// snapshots the record, so later edits never rewrite history.
import { randomUUID } from 'node:crypto';
import type { FirmCompany } from '../firm.ts';
import type { VendorClient, VendorInvoice, VendorPayment } from '../vendor/billing-records.ts';
import type {
  VendorExpense,
  VendorMilestone,
  VendorRateCard,
  VendorTaskPlan,
} from '../vendor/delivery-records.ts';
import type {
  ActivityKind,
  VendorActivity,
  VendorProject,
  VendorTimeEntry,
  VendorUser,
} from '../vendor/schemas.ts';
import type { WebhookStats } from '../../sandbox-kit/webhook-dispatcher.ts';

export interface WebhookSubscription {
  readonly id: string;
  readonly url: string;
  readonly created_at: string;
}

/** A write's answer, kept under its idempotency key with the fingerprint of the request it answered. */
export interface IdempotentAnswer {
  readonly key: string;
  readonly fingerprint: string;
  readonly status: number;
  readonly body: unknown;
}

/** Everything the store holds, as written to and read from the state file. */
export interface StoreContents {
  readonly companies: readonly FirmCompany[];
  readonly users: readonly VendorUser[];
  readonly projects: readonly VendorProject[];
  readonly time_entries: readonly VendorTimeEntry[];
  readonly clients: readonly VendorClient[];
  readonly expenses: readonly VendorExpense[];
  readonly milestones: readonly VendorMilestone[];
  readonly task_plans: readonly VendorTaskPlan[];
  readonly rate_cards: readonly VendorRateCard[];
  readonly invoices: readonly VendorInvoice[];
  readonly payments: readonly VendorPayment[];
  readonly idempotency: readonly IdempotentAnswer[];
  readonly activities: readonly VendorActivity[];
  readonly subscriptions: readonly WebhookSubscription[];
  readonly webhooks: WebhookStats;
}

type ObjectOf<K extends ActivityKind> = Extract<VendorActivity, { kind: K }>['object'];

export class PsaStore {
  readonly companies = new Map<string, FirmCompany>();
  readonly users = new Map<string, VendorUser>();
  readonly projects = new Map<string, VendorProject>();
  readonly entries = new Map<number, VendorTimeEntry>();
  readonly clients = new Map<string, VendorClient>();
  readonly expenses = new Map<string, VendorExpense>();
  readonly milestones = new Map<string, VendorMilestone>();
  /** By project id. */
  readonly taskPlans = new Map<string, VendorTaskPlan>();
  readonly rateCards = new Map<string, VendorRateCard>();
  readonly invoices = new Map<string, VendorInvoice>();
  readonly payments = new Map<string, VendorPayment>();
  readonly idempotency = new Map<string, IdempotentAnswer>();
  readonly activities: VendorActivity[] = [];
  readonly subscriptions: WebhookSubscription[] = [];
  readonly webhookStats: WebhookStats = { delivered: 0, duplicatesSent: 0, failed: 0 };
  private readonly activityListeners: ((activity: VendorActivity) => void)[] = [];
  private readonly changeListeners: (() => void)[] = [];

  static from(contents: StoreContents): PsaStore {
    const store = new PsaStore();
    for (const c of contents.companies) store.companies.set(c.code, c);
    for (const u of contents.users) store.users.set(u.id, u);
    for (const p of contents.projects) store.projects.set(p.id, p);
    for (const e of contents.time_entries) store.entries.set(e.id, e);
    for (const c of contents.clients) store.clients.set(c.id, c);
    for (const e of contents.expenses) store.expenses.set(e.id, e);
    for (const m of contents.milestones) store.milestones.set(m.id, m);
    for (const t of contents.task_plans) store.taskPlans.set(t.project_id, t);
    for (const r of contents.rate_cards) store.rateCards.set(r.id, r);
    for (const i of contents.invoices) store.invoices.set(i.id, i);
    for (const p of contents.payments) store.payments.set(p.id, p);
    for (const a of contents.idempotency) store.idempotency.set(a.key, a);
    store.activities.push(...contents.activities);
    store.subscriptions.push(...contents.subscriptions);
    Object.assign(store.webhookStats, contents.webhooks);
    return store;
  }

  contents(): StoreContents {
    return {
      companies: [...this.companies.values()],
      users: [...this.users.values()],
      projects: [...this.projects.values()],
      time_entries: [...this.entries.values()],
      clients: [...this.clients.values()],
      expenses: [...this.expenses.values()],
      milestones: [...this.milestones.values()],
      task_plans: [...this.taskPlans.values()],
      rate_cards: [...this.rateCards.values()],
      invoices: [...this.invoices.values()],
      payments: [...this.payments.values()],
      idempotency: [...this.idempotency.values()],
      activities: this.activities,
      subscriptions: this.subscriptions,
      webhooks: { ...this.webhookStats },
    };
  }

  onActivity(listener: (activity: VendorActivity) => void): void {
    this.activityListeners.push(listener);
  }

  onChange(listener: () => void): void {
    this.changeListeners.push(listener);
  }

  /** Records that state changed outside `publish` (records, subscriptions), so it gets persisted. */
  changed(): void {
    for (const listener of this.changeListeners) listener();
  }

  /** Appends an activity with a snapshot of `object` and notifies webhook dispatch and persistence. */
  publish<K extends ActivityKind>(kind: K, object: ObjectOf<K>, occurredAt: string): VendorActivity {
    const seq = this.activities.length + 1;
    const activity = { id: `act_${seq}`, seq, kind, occurred_at: occurredAt, object: { ...object } };
    // The generic `K` cannot narrow the union by itself; the signature already ties object to kind.
    const published = activity as VendorActivity;
    this.activities.push(published);
    for (const listener of this.activityListeners) listener(published);
    this.changed();
    return published;
  }

  addSubscription(url: string, createdAt: string): WebhookSubscription {
    const subscription = { id: `whs_${randomUUID().replaceAll('-', '')}`, url, created_at: createdAt };
    this.subscriptions.push(subscription);
    this.changed();
    return subscription;
  }

  removeSubscription(id: string): boolean {
    const index = this.subscriptions.findIndex((s) => s.id === id);
    if (index < 0) return false;
    this.subscriptions.splice(index, 1);
    this.changed();
    return true;
  }
}
