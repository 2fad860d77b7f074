// The storage port. The pipeline speaks only to this interface; each adapter (SQLite now, PostgreSQL
// later) implements it and passes the same store test suite. Every method that changes state does so in
// one transaction, so a crash between two calls never leaves half a step behind.
import type {
  CanonicalEvent,
  Customer,
  IssuedInvoice,
  Opportunity,
  Resource,
  Project,
  TaskPlan,
} from '../contracts/index.ts';
import type { RateCardBook } from '../domain/rate-card-pricing.ts';
import type { FxRateBook } from '../domain/finance/fx.ts';
import type { TaxRateBook } from '../domain/finance/tax-rates.ts';
import type { PeriodBook } from '../domain/finance/periods.ts';
import type { MemoryChange, Remembered } from '../connectors/kit/connector.ts';
import type {
  AlertFilter,
  NewAlert,
  OpenWork,
  RaisedAlert,
  RetryingDeliveries,
  StoredAlert,
} from './ops-port.ts';
import type { AuditEntry, NewAuditEntry, StoredAuditAnchor } from './audit-port.ts';
import type { DeliveryProvenance, DeliveryRecord, StoredProvenance } from './provenance-port.ts';
import type { ProtectionPort } from './protection-port.ts';
import type { ApiKeyStore } from './api-key-port.ts';

export type EventState = 'accepted' | 'parked' | 'delivering' | 'completed' | 'rejected' | 'dead';
export type DeliveryState = 'pending' | 'delivered' | 'dead';
export type DeadLetterState = 'open' | 'retried' | 'resolved';

/** Something a parked event waits for. Its `key` is what releases it. */
export type Dependency =
  | {
      readonly kind: 'xref';
      readonly canonicalId: string;
      readonly system: string;
      readonly awaiting: string;
    }
  | {
      readonly kind: 'master';
      readonly objectKind: MasterKind;
      readonly id: string;
      readonly awaiting: string;
      /**
       * The record as the decision saw it (its data as JSON), when it exists but lacks what is needed (a
       * rate for the date, a reopened period): the dependency holds once the record differs, not merely
       * once it exists.
       */
      readonly seen?: string;
    };

export type MasterKind =
  | 'project'
  | 'resource'
  | 'customer'
  | 'invoice'
  | 'opportunity'
  | 'rate-card'
  | 'task-plan'
  | 'fx-rates'
  | 'tax-rates'
  | 'periods';
export type MasterRecord =
  | { readonly kind: 'project'; readonly id: string; readonly data: Project }
  | { readonly kind: 'resource'; readonly id: string; readonly data: Resource }
  | { readonly kind: 'customer'; readonly id: string; readonly data: Customer }
  | { readonly kind: 'invoice'; readonly id: string; readonly data: IssuedInvoice }
  | { readonly kind: 'opportunity'; readonly id: string; readonly data: Opportunity }
  /** A legal entity's rate cards, keyed by the legal entity. */
  | { readonly kind: 'rate-card'; readonly id: string; readonly data: RateCardBook }
  /** A project's task tree, keyed by the project. */
  | { readonly kind: 'task-plan'; readonly id: string; readonly data: TaskPlan }
  /** Every exchange rate into one functional currency, keyed by that currency. */
  | { readonly kind: 'fx-rates'; readonly id: string; readonly data: FxRateBook }
  /** A legal entity's dated tax rates, keyed by the legal entity. */
  | { readonly kind: 'tax-rates'; readonly id: string; readonly data: TaxRateBook }
  /** A legal entity's closed accounting periods, keyed by the legal entity. */
  | { readonly kind: 'periods'; readonly id: string; readonly data: PeriodBook };

/** Master data and transactions wait in separate queues, so a backlog of one never delays the other. */
export type QueueClass = 'master' | 'transactional';

export interface NewEvent {
  readonly event: CanonicalEvent;
  /** Wall-clock ms when Ledgerline received it. */
  readonly receivedAt: number;
  readonly queue: QueueClass;
}

export type IngestOutcome =
  | { readonly status: 'accepted'; readonly seq: number }
  | {
      readonly status: 'duplicate';
      readonly seq: number;
      readonly state: EventState;
      readonly receivedAt: number;
    };

export interface StoredEvent {
  readonly seq: number;
  readonly event: CanonicalEvent;
  readonly queue: QueueClass;
  readonly state: EventState;
  readonly receivedAt: number;
  readonly completedAt: number | null;
  readonly reasonCode: string | null;
  readonly reason: string | null;
  readonly replays: number;
}

/**
 * What one outbox row carries: the commands sent together to a target (a project set-up; a time entry's
 * billable line and cost posting). One row per unit of work, not per command, halves the rows a time entry
 * writes; each command keeps its own idempotency key at the target.
 */
export type DeliveryKind =
  | 'provisionProject'
  | 'postTimeEntry'
  | 'revisePostedTime'
  | 'withdrawPostedTime'
  | 'postExpense'
  | 'reviseExpense'
  | 'withdrawExpense'
  | 'releaseBillingItem'
  | 'upsertCustomer'
  | 'createDeliveryProject'
  | 'recordInvoiceStatus'
  | 'recordPayment'
  | 'createContract'
  | 'closeProject';

export interface NewDelivery {
  readonly target: string;
  readonly kind: DeliveryKind;
  readonly queue: QueueClass;
  /** Deliveries with the same ordering key are sent in creation order (one project's postings). */
  readonly orderingKey: string;
  /** Unique per target: the same decision made twice finds its row instead of writing another. */
  readonly idempotencyKey: string;
  /** The canonical commands as JSON, opaque to the store. */
  readonly payload: string;
  /** What the decision read to make it (issue 8, `ledgerline explain`); kept beside the row. */
  readonly provenance?: DeliveryProvenance;
}

/** What the target answered for one command of a delivery: its idempotency key and the target's own id. */
export interface ExternalRef {
  readonly key: string;
  readonly externalId: string;
}

export type Decision =
  | {
      readonly seq: number;
      readonly kind: 'deliver';
      readonly deliveries: readonly NewDelivery[];
      readonly upserts?: readonly MasterRecord[];
    }
  | {
      readonly seq: number;
      readonly kind: 'park';
      readonly dependency: Dependency;
      readonly upserts?: readonly MasterRecord[];
    }
  | {
      readonly seq: number;
      readonly kind: 'reject';
      readonly reasonCode: string;
      readonly reason: string;
      readonly detail?: unknown;
    }
  | {
      readonly seq: number;
      readonly kind: 'complete';
      readonly note?: string;
      readonly upserts?: readonly MasterRecord[];
    };

export interface StoredDelivery {
  readonly seq: number;
  readonly eventSeq: number;
  readonly target: string;
  readonly kind: DeliveryKind;
  readonly queue: QueueClass;
  readonly orderingKey: string;
  readonly idempotencyKey: string;
  readonly payload: string;
  readonly state: DeliveryState;
  readonly attempts: number;
  readonly runAt: number;
  readonly lastError: string | null;
  readonly reasonCode: string | null;
  /** One per command once delivered, in payload order; empty before. */
  readonly externalRefs: readonly ExternalRef[];
  readonly deliveredAt: number | null;
}

export type DeliveryResult =
  | {
      readonly seq: number;
      readonly outcome: 'ok';
      readonly externalRefs: readonly ExternalRef[];
      readonly replayed: boolean;
    }
  | {
      readonly seq: number;
      readonly outcome: 'retry';
      readonly runAt: number;
      readonly reasonCode: string;
      readonly message: string;
    }
  | { readonly seq: number; readonly outcome: 'dead'; readonly reasonCode: string; readonly message: string };

/** An event whose deliveries all succeeded in this transaction. */
export interface CompletedEvent {
  readonly seq: number;
  readonly event: CanonicalEvent;
  readonly deliveries: readonly StoredDelivery[];
}

export interface Xref {
  readonly canonicalId: string;
  readonly system: string;
  readonly externalId: string;
}

/** What confirming a completed event writes, in the same transaction. */
export interface Confirmation {
  /** Seq of the completed event that this confirms (its cause). */
  readonly causeSeq: number;
  readonly event: CanonicalEvent;
  readonly xrefs: readonly Xref[];
  /** Dependency keys this confirmation satisfies; parked events waiting on them are released. */
  readonly releases: readonly string[];
  /** Open readiness dead letters about this subject are resolved as superseded. */
  readonly supersedesRejectionsOf?: string;
  /**
   * The confirmation starts further work: it is stored accepted in this queue and decided like any event
   * (a won deal's project, once provisioned, gets its contract).
   */
  readonly followUpQueue?: QueueClass;
}

export interface ProcessingContext {
  /** `${canonicalId}|${system}` -> external id */
  readonly xrefs: ReadonlyMap<string, string>;
  /** `${kind}|${system}|${externalId}` -> the canonical id that system's record was written for. */
  readonly canonical: ReadonlyMap<string, string>;
  /** `${kind}|${id}` -> record */
  readonly master: ReadonlyMap<string, MasterRecord>;
}

export interface DeadLetter {
  readonly id: number;
  readonly eventSeq: number;
  readonly deliverySeq: number | null;
  readonly reasonCode: string;
  readonly message: string;
  readonly detail: unknown;
  readonly state: DeadLetterState;
  readonly createdAt: number;
  readonly closedAt: number | null;
  readonly note: string | null;
  readonly eventId: string;
  readonly eventType: string;
  readonly subject: string;
}

export interface EventLineage {
  readonly event: StoredEvent;
  readonly deliveries: readonly StoredDelivery[];
  readonly deadLetters: readonly DeadLetter[];
  /** Events this one caused (confirmations), and the event that caused it. */
  readonly caused: readonly StoredEvent[];
  readonly causedBy: StoredEvent | null;
  readonly xrefs: readonly Xref[];
}

export interface StoreStats {
  readonly events: Readonly<Record<EventState, number>>;
  readonly eventsByType: Readonly<Record<string, Readonly<Record<string, number>>>>;
  readonly deliveries: Readonly<Record<DeliveryState, number>>;
  readonly deliveryAttempts: number;
  readonly deadLettersOpen: number;
  readonly duplicatesRefused: number;
}

export interface ReplaySelection {
  readonly eventIds?: readonly string[];
  readonly fromSeq?: number;
  readonly toSeq?: number;
  readonly types?: readonly string[];
  /** Reset the event's delivered deliveries to pending, so they are pushed again with the same keys. */
  readonly redeliver: boolean;
}

/** Delivered outbox rows to read back (a parallel run compares what Ledgerline posted). */
export interface DeliveredFilter {
  readonly target: string;
  readonly kinds: readonly DeliveryKind[];
  /** Rows after this delivery seq (0 from the start), in seq order. */
  readonly afterSeq: number;
  readonly limit: number;
}

/** A signed-off period reconciliation; rows are chained by SHA-256 and never change (see reconcile/). */
export interface SignOff {
  /** YYYY-MM. */
  readonly period: string;
  /** null: every entity. */
  readonly entity: string | null;
  readonly signedBy: string;
  /** ISO 8601 instant. */
  readonly signedAt: string;
  /** The signed totals, canonical JSON. */
  readonly totals: string;
  readonly totalsSha256: string;
  /** Differences open when signed. */
  readonly differences: number;
  /** Why it was signed with differences open; null when there were none. */
  readonly acceptedDifferences: string | null;
  readonly previousSha256: string;
  readonly sha256: string;
}

export interface StoredSignOff extends SignOff {
  readonly seq: number;
}

/** A rate limit as a token bucket: units per second, and how many may be saved up for a burst. */
export interface RateBudget {
  readonly perSecond: number;
  readonly burst: number;
}

/** Tokens in a bucket last seen holding `tokens` at `since`, refilled until `now` (never above the burst). */
export function refilled(tokens: number, since: number, now: number, budget: RateBudget): number {
  return Math.min(budget.burst, tokens + (Math.max(0, now - since) * budget.perSecond) / 1000);
}

export interface Lanes {
  readonly of: number;
  readonly index: number;
}

export const laneCount = 64;

/** FNV-1a of the ordering key, folded into one of `laneCount` lanes. Stable across processes. */
export function laneOf(orderingKey: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < orderingKey.length; i += 1) {
    hash ^= orderingKey.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % laneCount;
}

export interface ContextKeys {
  readonly xrefs: readonly string[];
  readonly master: readonly string[];
  /** Reverse look-ups, `${kind}|${system}|${externalId}` (see `canonicalKey`). */
  readonly canonical?: readonly string[];
}

/**
 * Decides newly accepted events inside the intake transaction, so an event is written once and its
 * deliveries with it instead of waiting for the processor to read it back.
 */
export interface IntakeDecider {
  keys(events: readonly StoredEvent[]): ContextKeys;
  decide(events: readonly StoredEvent[], context: ProcessingContext): readonly Decision[];
  /** The decisions could not be written: the events stay accepted for the processor. */
  discard?(): void;
}

/** Machine API keys (issue 8, auth) are in ApiKeyStore (api-key-port.ts). */
export interface Store extends ConsoleReads, ProtectionPort, ApiKeyStore {
  readonly dialect: 'sqlite' | 'postgres';
  /** Where the store is, for logs and messages (never a password). */
  readonly location: string;
  /**
   * Inserts new events; a known (source, id) is a duplicate and answers with the original's state. With a
   * `decider`, the accepted events are decided in the same transaction, unless older events still await a
   * decision (then the processor decides them all in seq order), or deciding throws (then they stay
   * accepted and the processor meets the error).
   */
  ingest(events: readonly NewEvent[], decider?: IntakeDecider): Promise<IngestOutcome[]>;
  /** Oldest accepted events first; of one queue only when `queue` is given. */
  claimAccepted(limit: number, queue?: QueueClass): Promise<StoredEvent[]>;
  loadContext(keys: ContextKeys): Promise<ProcessingContext>;
  applyDecisions(decisions: readonly Decision[], now: number): Promise<void>;
  /**
   * Leases due deliveries of one target, oldest first, never two of one ordering key out of order. With
   * `lanes`, only deliveries whose lane (a stable hash of the ordering key, 0..63) satisfies
   * `lane % lanes.of === lanes.index`: each of `of` deliverers then owns its keys outright. With `queue`,
   * only that queue's deliveries (ordering still holds across queues).
   */
  claimDeliveries(
    target: string,
    limit: number,
    now: number,
    leaseMs: number,
    lanes?: Lanes,
    queue?: QueueClass,
  ): Promise<StoredDelivery[]>;
  /** Earliest time a pending delivery of `target` becomes due, or null if none is pending. */
  nextDueAt(target: string, lanes?: Lanes, queue?: QueueClass): Promise<number | null>;
  /**
   * Records push results and, in the same transaction, the confirmations of events whose deliveries are now
   * all done; answers how many confirmations it recorded.
   */
  completeDeliveries(
    results: readonly DeliveryResult[],
    now: number,
    confirm: (completed: readonly CompletedEvent[]) => readonly Confirmation[],
  ): Promise<number>;
  /** Makes every lease available again (a single-process store after a restart). */
  releaseLeases(): Promise<number>;
  /**
   * Extends the leases of deliveries this store handle claimed and has not completed (a push that outlasts
   * its lease keeps it); answers how many it extended.
   */
  renewDeliveryLeases(seqs: readonly number[], until: number): Promise<number>;
  /**
   * Takes or renews the named lease for `owner` until `now + ttlMs`; false while another owner holds it
   * unexpired. It keeps work that must not run twice at once (deciding a queue in seq order, polling a
   * source) to one process; a holder that stops renewing loses it once it expires.
   */
  holdLease(name: string, owner: string, now: number, ttlMs: number): Promise<boolean>;
  /**
   * Spends `amount` from the named token bucket (refilled at `budget.perSecond`, holding at most
   * `budget.burst`) and answers what is left; below zero, the spenders owe and wait. One bucket per name
   * for every process sharing the store: a target's rate limit is one budget however many deliverers.
   */
  spendBudget(name: string, amount: number, budget: RateBudget, now: number): Promise<number>;

  getEvent(id: string, source?: string): Promise<StoredEvent[]>;
  lineage(seq: number): Promise<EventLineage | null>;
  /** `reasonPrefix` selects by reason code, e.g. `governance.` for every governance conflict. */
  listDeadLetters(filter: {
    readonly state?: DeadLetterState;
    readonly limit?: number;
    readonly reasonPrefix?: string;
  }): Promise<DeadLetter[]>;
  /** Sends a dead letter back into the pipeline. Answers false if it is not open. */
  retryDeadLetter(id: number, now: number): Promise<boolean>;
  resolveDeadLetter(id: number, note: string, now: number): Promise<boolean>;
  replay(selection: ReplaySelection, now: number): Promise<number>;
  stats(): Promise<StoreStats>;
  /** Intake-to-completion latencies (ms) of completed events of the given types. */
  latencies(types: readonly string[]): Promise<number[]>;
  /** What a source connector remembered (see `SourceMemory` in the connector kit). */
  recallSource(
    system: string,
    kind: string,
    nativeIds: readonly string[],
  ): Promise<ReadonlyMap<string, Remembered>>;
  recallSourceScope(system: string, kind: string, scope: string): Promise<ReadonlyMap<string, Remembered>>;
  rememberSource(system: string, changes: readonly MemoryChange[]): Promise<void>;
  /** Delivered outbox rows of some kinds to one target, oldest first (see DeliveredFilter). */
  listDelivered(filter: DeliveredFilter): Promise<StoredDelivery[]>;
  /** Events received from systems (not confirmations Ledgerline wrote) about these subjects, in seq order. */
  sourceEventsAbout(subjects: readonly string[]): Promise<StoredEvent[]>;
  /**
   * Appends a sign-off built from the latest one (undefined for the first), in one transaction, so two
   * sign-offs can never chain to the same predecessor.
   */
  appendSignOff(build: (previous: StoredSignOff | undefined) => SignOff): Promise<StoredSignOff>;
  /** Every sign-off, oldest first. */
  listSignOffs(): Promise<StoredSignOff[]>;
  // --- Signed intake (issue 8): deliveries already taken, so a replay is refused on every API node.
  /** Whether this system's delivery (webhook-id and webhook-timestamp) was taken before and not expired. */
  webhookDeliverySeen(delivery: WebhookDelivery, now: number): Promise<boolean>;
  /** Remembers a delivery taken until `expiresAt` (epoch ms); drops the expired ones. */
  rememberWebhookDelivery(delivery: WebhookDelivery, now: number, expiresAt: number): Promise<void>;
  getCursor(name: string): Promise<string | undefined>;
  setCursor(name: string, cursor: string): Promise<void>;
  close(): Promise<void>;

  // --- SLA timers and alert routing (issue 7, alerts; types in ops-port.ts) ---
  /** Events not yet completed (accepted, parked, delivering), per type: how many, and the oldest receipt. */
  openWorkByType(): Promise<OpenWork[]>;
  /** How many events of these types, not yet completed, were received before `receivedBefore`. */
  countOpenReceivedBefore(types: readonly string[], receivedBefore: number): Promise<number>;
  /** Dead letters with an id above `afterId`, in id order: a cursor over new failures. */
  deadLettersAfter(afterId: number, limit: number): Promise<DeadLetter[]>;
  /** Open dead letters per reason code, of the given codes only (absent: none open). */
  openDeadLettersByReason(reasonCodes: readonly string[]): Promise<ReadonlyMap<string, number>>;
  /** Pending deliveries that failed at least once, per target and last reason code. */
  retryingDeliveries(): Promise<RetryingDeliveries[]>;
  /** Opens an alert for `key`, or adds to the one firing (count, lastAt, detail), in one transaction. */
  raiseAlert(alert: NewAlert): Promise<RaisedAlert>;
  /** Resolves the firing alert of `key`; undefined when none is firing. */
  resolveAlert(key: string, at: number): Promise<StoredAlert | undefined>;
  /** Newest (last raised) first. */
  listAlerts(filter: AlertFilter): Promise<StoredAlert[]>;
  // --- Telemetry (issue 7): read-only, for /metrics gauges (at scrape time) and delivery measurements.
  /** Waiting work per queue, parked events by reason and open dead letters by reason code. */
  opsSnapshot(): Promise<OpsSnapshot>;
  /** When each event was received and the trace context its envelope carries, by event seq. */
  eventOrigins(seqs: readonly number[]): Promise<ReadonlyMap<number, EventOrigin>>;
  // --- Audit log (issue 8; types in audit-port.ts, chain in src/audit/). Postings are appended by
  // completeDeliveries itself, in its transaction.
  /** Chains the entries after the head, in one transaction: two appenders never share a predecessor. */
  appendAudit(entries: readonly NewAuditEntry[]): Promise<AuditEntry[]>;
  /** Entries with seq above `afterSeq`, in seq order. */
  listAudit(afterSeq: number, limit: number): Promise<AuditEntry[]>;
  /** The newest entry; undefined while the log is empty. */
  auditHead(): Promise<AuditEntry | undefined>;
  /** Records the current head in the anchors table; undefined (nothing written) while the log is empty. */
  anchorAudit(anchoredAt: string): Promise<StoredAuditAnchor | undefined>;
  /** Newest first. */
  listAuditAnchors(limit: number): Promise<StoredAuditAnchor[]>;
  // --- Posting provenance (issue 8, `ledgerline explain`; types in provenance-port.ts).
  /**
   * Deliveries a reference names: a delivery seq, a row's or a command's idempotency key, or an id the
   * target answered with; in seq order.
   */
  findDeliveries(ref: string): Promise<StoredDelivery[]>;
  /** The decision record kept with a delivery and the inputs it names; undefined for rows without one. */
  deliveryProvenance(target: string, idempotencyKey: string): Promise<StoredProvenance | undefined>;
  /** The decision records of these deliveries as stored now (null where none was kept), for checking a
   * `posting.delivered` audit entry's digest of them. */
  deliveryRecords(deliverySeqs: readonly number[]): Promise<DeliveryRecord[]>;
  // --- Reconciliation runs (issue 7, console drill-down): each period run and its first differences.
  /** Stores a run and its differences (already capped by the caller) in one transaction. */
  recordReconciliationRun(
    run: NewReconciliationRun,
    differences: readonly NewReconciliationDifference[],
  ): Promise<StoredReconciliationRun>;
  /** Newest first; of one period when given. */
  listReconciliationRuns(filter: ReconciliationRunFilter): Promise<StoredReconciliationRun[]>;
  getReconciliationRun(id: number): Promise<StoredReconciliationRun | undefined>;
  /** In stored order (class precedence, then key); of one class when given. */
  listReconciliationDifferences(
    filter: ReconciliationDifferenceFilter,
  ): Promise<StoredReconciliationDifference[]>;
}

/** A Standard Webhooks delivery from a system: its webhook-id and webhook-timestamp (unix seconds). */
export interface WebhookDelivery {
  readonly system: string;
  readonly id: string;
  readonly timestamp: number;
}

/** What is waiting, as the telemetry gauges show it (see `opsSnapshot`). */
export interface OpsSnapshot {
  /**
   * Per queue class: `accepted` events waiting to be decided, `parked` events waiting on a dependency,
   * `pending` outbox rows waiting to be delivered; `oldestAt` is when the oldest of them arrived (ms).
   */
  readonly queues: readonly {
    readonly queue: QueueClass;
    readonly state: 'accepted' | 'parked' | 'pending';
    readonly count: number;
    readonly oldestAt: number | null;
  }[];
  /** Parked events by `parkReasonOf` their dependency key. */
  readonly parked: readonly { readonly reason: string; readonly count: number }[];
  readonly openDeadLetters: readonly { readonly reasonCode: string; readonly count: number }[];
}

export interface EventOrigin {
  readonly receivedAt: number;
  readonly traceparent: string | null;
  readonly tracestate: string | null;
}

/**
 * A parked event's reason as a low-cardinality label: what kind of thing it waits for, never which one
 * (`xref|project:psa:P-1|sandbox-erp` -> `xref:project@sandbox-erp`, `master|rate-card|LL-UK` ->
 * `master:rate-card`).
 */
export function parkReasonOf(parkKey: string | null): string {
  if (parkKey === null) return 'unknown';
  const [kind, first = '', ...rest] = parkKey.split('|');
  if (kind === 'xref') return `xref:${first.split(':')[0] ?? ''}@${rest[rest.length - 1] ?? ''}`;
  if (kind === 'master') return `master:${first}`;
  return 'unknown';
}

/** Folds parked counts per dependency key into counts per reason. */
export function parkedByReason(
  rows: readonly { readonly park_key: string | null; readonly n: number }[],
): OpsSnapshot['parked'] {
  const counts = new Map<string, number>();
  for (const r of rows) {
    const reason = parkReasonOf(r.park_key);
    counts.set(reason, (counts.get(reason) ?? 0) + r.n);
  }
  return [...counts].map(([reason, count]) => ({ reason, count }));
}

export function xrefKey(canonicalId: string, system: string): string {
  return `${canonicalId}|${system}`;
}
export function canonicalKey(kind: string, system: string, externalId: string): string {
  return `${kind}|${system}|${externalId}`;
}
export function masterKey(kind: MasterKind, id: string): string {
  return `${kind}|${id}`;
}
export function dependencyKey(d: Dependency): string {
  return d.kind === 'xref' ? `xref|${d.canonicalId}|${d.system}` : `master|${d.objectKind}|${d.id}`;
}

// --- Issue 7, the console: read models behind the admin API (/v1/admin/...). Both adapters implement
// them in console-reads.ts; test/store/console-suite.ts is their conformance suite.

/** One time bucket of the overview's throughput chart (only buckets with something in them). */
export interface ActivityBucket {
  /** Start of the bucket, epoch ms. */
  readonly at: number;
  /** Events received from systems (not confirmations Ledgerline wrote). */
  readonly received: number;
  /** Of those, completed in this bucket. */
  readonly completed: number;
  /** Deliveries the targets accepted in this bucket. */
  readonly delivered: number;
}

/** A source event's intake-to-completion time. */
export interface Completion {
  readonly type: string;
  readonly completedAt: number;
  readonly latencyMs: number;
}

/** A delivery the target accepted: from its creation (the decision) to the target's answer. */
export interface DeliveryTime {
  readonly target: string;
  readonly deliveredAt: number;
  readonly latencyMs: number;
  readonly attempts: number;
}

/** How many events or deliveries sit in one queue class and state, and since when the oldest. */
export interface QueueDepth {
  readonly of: 'events' | 'deliveries';
  readonly queue: QueueClass;
  readonly state: string;
  readonly count: number;
  /** Received (events) or created (deliveries), epoch ms. */
  readonly oldestAt: number;
}

/** A parked event and the dependency key that will release it (`xref|...` or `master|...`). */
export interface ParkedEvent extends StoredEvent {
  readonly parkKey: string;
}

export interface ConsoleReads {
  /** Throughput per `bucketMs` from `since`, buckets in time order. */
  activity(since: number, bucketMs: number): Promise<ActivityBucket[]>;
  /** Source events completed from `since`, oldest first, at most `limit` (the newest are kept). */
  completions(since: number, limit: number): Promise<Completion[]>;
  /** Deliveries accepted from `since`, oldest first, at most `limit` (the newest are kept). */
  deliveryTimes(since: number, limit: number): Promise<DeliveryTime[]>;
  /** Events not yet done and deliveries per queue class and state. */
  queueDepths(): Promise<QueueDepth[]>;
  /** Parked events, oldest first; `keyPrefix` selects by what they wait for, e.g. `xref|project:`. */
  listParked(filter: { readonly limit: number; readonly keyPrefix?: string }): Promise<ParkedEvent[]>;
  /** The events with these seqs, in seq order; unknown seqs are left out. */
  eventsAt(seqs: readonly number[]): Promise<StoredEvent[]>;
  /** Events received from systems of these types (in these states when given), newest first. */
  eventsOfTypes(filter: {
    readonly types: readonly string[];
    readonly states?: readonly EventState[];
    readonly limit: number;
  }): Promise<StoredEvent[]>;
  getDeadLetter(id: number): Promise<DeadLetter | undefined>;
}

/** One period reconciliation as it ran (`ledgerline reconcile --period P --config F`). */
export interface NewReconciliationRun {
  /** YYYY-MM. */
  readonly period: string;
  /** null: every entity. */
  readonly entity: string | null;
  /** ISO 8601 UTC. */
  readonly ranAt: string;
  readonly ranBy: string;
  readonly sourceSystem: string;
  readonly targetSystem: string;
  /** The control totals as JSON (the report's totals rows). */
  readonly totals: string;
  /** Differences per class, all of them (stored or not). */
  readonly counts: Readonly<Record<string, number>>;
  readonly ok: boolean;
  /** More differences than were stored: `counts` has them all, the differences table the first ones. */
  readonly truncated: boolean;
}

export interface StoredReconciliationRun extends NewReconciliationRun {
  readonly id: number;
}

export interface NewReconciliationDifference {
  readonly class: string;
  /** `type:ref`, unique within a run. */
  readonly key: string;
  readonly entity: string;
  /** The side's summary as JSON; null when the side holds no record of the key. */
  readonly source: string | null;
  readonly target: string | null;
  /** target - source, a decimal string (money is never a JS number). */
  readonly amountDifference: string;
}

export interface StoredReconciliationDifference extends NewReconciliationDifference {
  readonly runId: number;
}

export interface ReconciliationRunFilter {
  readonly period?: string;
  readonly limit: number;
}

export interface ReconciliationDifferenceFilter {
  readonly runId: number;
  readonly class?: string;
  readonly limit: number;
  readonly offset: number;
}
