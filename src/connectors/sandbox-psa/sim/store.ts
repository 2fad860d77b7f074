// The PSA's in-memory database: records by native id, the append-only activity log (seq = index + 1) and
// webhook subscriptions. Publishing an activity snapshots the record, so later edits never rewrite history.
import { randomUUID } from 'node:crypto';
import type { FirmCompany } from '../firm.ts';
import type {
  ActivityKind,
  VendorActivity,
  VendorProject,
  VendorTimeEntry,
  VendorUser,
} from '../vendor/schemas.ts';

export interface WebhookSubscription {
  readonly id: string;
  readonly url: string;
  readonly created_at: string;
}

export interface WebhookStats {
  delivered: number;
  duplicatesSent: number;
  failed: number;
}

/** Everything the store holds, as written to and read from the state file. */
export interface StoreContents {
  readonly companies: readonly FirmCompany[];
  readonly users: readonly VendorUser[];
  readonly projects: readonly VendorProject[];
  readonly time_entries: readonly VendorTimeEntry[];
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
