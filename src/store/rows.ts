// Row shapes as both adapters return them (the same columns in SQLite and PostgreSQL), and their
// conversion to the port's types.
import type { CanonicalEvent } from '../contracts/index.ts';
import type { AuditEntry, StoredAuditAnchor } from './audit-port.ts';
import type { FieldSealer } from './field-sealer.ts';
import type {
  DeadLetter,
  ExternalRef,
  DeadLetterState,
  DeliveryKind,
  DeliveryState,
  QueueClass,
  EventState,
  StoredDelivery,
  StoredEvent,
  StoredSignOff,
  StoredReconciliationDifference,
  StoredReconciliationRun,
} from './port.ts';

export interface EventRow {
  seq: number;
  envelope: string;
  queue: QueueClass;
  state: EventState;
  received_at: number;
  completed_at: number | null;
  reason_code: string | null;
  reason: string | null;
  replays: number;
}

export const eventColumns =
  'seq, envelope, queue, state, received_at, completed_at, reason_code, reason, replays';

export function toStoredEvent(row: EventRow, sealer: FieldSealer): StoredEvent {
  return {
    seq: row.seq,
    event: sealer.openEvent(row.envelope),
    queue: row.queue,
    state: row.state,
    receivedAt: row.received_at,
    completedAt: row.completed_at,
    reasonCode: row.reason_code,
    reason: row.reason,
    replays: row.replays,
  };
}

export interface DeliveryRow {
  seq: number;
  event_seq: number;
  target: string;
  kind: DeliveryKind;
  queue: QueueClass;
  ordering_key: string;
  idempotency_key: string;
  payload: string;
  state: DeliveryState;
  attempts: number;
  run_at: number;
  last_error: string | null;
  reason_code: string | null;
  external_refs: string | null;
  delivered_at: number | null;
}

export const deliveryColumns =
  'seq, event_seq, target, kind, queue, ordering_key, idempotency_key, payload, state, attempts, run_at, last_error, reason_code, external_refs, delivered_at';

/** `openedPayload`: the row's payload already opened from this very text (e.g. when it was claimed). */
export function toStoredDelivery(
  row: DeliveryRow,
  sealer: FieldSealer,
  openedPayload?: string,
): StoredDelivery {
  return {
    seq: row.seq,
    eventSeq: row.event_seq,
    target: row.target,
    kind: row.kind,
    queue: row.queue,
    orderingKey: row.ordering_key,
    idempotencyKey: row.idempotency_key,
    payload: openedPayload ?? sealer.openOpaque(row.payload),
    state: row.state,
    attempts: row.attempts,
    runAt: row.run_at,
    lastError: row.last_error,
    reasonCode: row.reason_code,
    externalRefs: row.external_refs === null ? [] : (JSON.parse(row.external_refs) as ExternalRef[]),
    deliveredAt: row.delivered_at,
  };
}

export interface DeadLetterRow {
  id: number;
  event_seq: number;
  delivery_seq: number | null;
  reason_code: string;
  message: string;
  detail: string | null;
  state: DeadLetterState;
  created_at: number;
  closed_at: number | null;
  note: string | null;
  event_id: string;
  type: string;
  subject: string;
}

export function toDeadLetter(row: DeadLetterRow, sealer: FieldSealer): DeadLetter {
  return {
    id: row.id,
    eventSeq: row.event_seq,
    deliverySeq: row.delivery_seq,
    reasonCode: row.reason_code,
    message: row.message,
    detail: row.detail === null ? null : (JSON.parse(sealer.openOpaque(row.detail)) as unknown),
    state: row.state,
    createdAt: row.created_at,
    closedAt: row.closed_at,
    note: row.note,
    eventId: row.event_id,
    eventType: row.type,
    subject: row.subject,
  };
}

export interface SignOffRow {
  seq: number;
  period: string;
  entity: string | null;
  signed_by: string;
  signed_at: string;
  totals: string;
  totals_sha256: string;
  differences: number;
  accepted_differences: string | null;
  previous_sha256: string;
  sha256: string;
}

export const signOffColumns =
  'seq, period, entity, signed_by, signed_at, totals, totals_sha256, differences, accepted_differences, previous_sha256, sha256';

export function toStoredSignOff(row: SignOffRow): StoredSignOff {
  return {
    seq: row.seq,
    period: row.period,
    entity: row.entity,
    signedBy: row.signed_by,
    signedAt: row.signed_at,
    totals: row.totals,
    totalsSha256: row.totals_sha256,
    differences: row.differences,
    acceptedDifferences: row.accepted_differences,
    previousSha256: row.previous_sha256,
    sha256: row.sha256,
  };
}

/** An event as intake has just written it: accepted, undecided, never replayed. */
export function acceptedEvent(
  seq: number,
  event: CanonicalEvent,
  queue: QueueClass,
  receivedAt: number,
): StoredEvent {
  return {
    seq,
    event,
    queue,
    state: 'accepted',
    receivedAt,
    completedAt: null,
    reasonCode: null,
    reason: null,
    replays: 0,
  };
}

export interface AuditRow {
  seq: number;
  at: string;
  actor: string;
  action: string;
  subject: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

export const auditColumns = 'seq, at, actor, action, subject, detail, prev_hash, hash';

export function toAuditEntry(row: AuditRow): AuditEntry {
  return {
    seq: row.seq,
    at: row.at,
    actor: row.actor,
    action: row.action,
    subject: row.subject,
    detail: row.detail,
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}

export interface AuditAnchorRow {
  id: number;
  anchored_at: string;
  seq: number;
  hash: string;
  at: string;
}

export const auditAnchorColumns = 'id, anchored_at, seq, hash, at';

export function toAuditAnchor(row: AuditAnchorRow): StoredAuditAnchor {
  return { id: row.id, anchoredAt: row.anchored_at, seq: row.seq, hash: row.hash, at: row.at };
}

/** A stored period reconciliation run: SQLite answers its flags as 0/1, PostgreSQL as booleans. */
export interface ReconciliationRunRow {
  id: number;
  period: string;
  entity: string | null;
  ran_at: string;
  ran_by: string;
  source_system: string;
  target_system: string;
  totals: string;
  counts: string;
  ok: number | boolean;
  truncated: number | boolean;
}

export interface ReconciliationDifferenceRow {
  run_id: number;
  class: string;
  key: string;
  entity: string;
  source: string | null;
  target: string | null;
  amount_difference: string;
}

export const reconciliationRunColumns =
  'id, period, entity, ran_at, ran_by, source_system, target_system, totals, counts, ok, truncated';
export const reconciliationDifferenceColumns =
  'run_id, class, key, entity, source, target, amount_difference';

export function toReconciliationRun(row: ReconciliationRunRow): StoredReconciliationRun {
  return {
    id: row.id,
    period: row.period,
    entity: row.entity,
    ranAt: row.ran_at,
    ranBy: row.ran_by,
    sourceSystem: row.source_system,
    targetSystem: row.target_system,
    totals: row.totals,
    counts: JSON.parse(row.counts) as Record<string, number>,
    ok: row.ok === true || row.ok === 1,
    truncated: row.truncated === true || row.truncated === 1,
  };
}

export function toReconciliationDifference(row: ReconciliationDifferenceRow): StoredReconciliationDifference {
  return {
    runId: row.run_id,
    class: row.class,
    key: row.key,
    entity: row.entity,
    source: row.source,
    target: row.target,
    amountDifference: row.amount_difference,
  };
}
