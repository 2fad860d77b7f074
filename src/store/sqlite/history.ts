// Reading history: an event and its lineage, replay, counts and latencies.
import type {
  DeliveryState,
  EventLineage,
  EventState,
  ReplaySelection,
  StoreStats,
  StoredEvent,
  Xref,
} from '../port.ts';
import { writeTransaction, type SqliteDatabase } from './database.ts';
import { createDeadLetters } from './dead-letters.ts';
import {
  deliveryColumns,
  eventColumns,
  toDeadLetter,
  toStoredDelivery,
  toStoredEvent,
  type DeadLetterRow,
  type DeliveryRow,
  type EventRow,
} from '../rows.ts';
import type { FieldSealer } from '../field-sealer.ts';

const eventStates: EventState[] = ['accepted', 'parked', 'delivering', 'completed', 'rejected', 'dead'];
const deliveryStates: DeliveryState[] = ['pending', 'delivered', 'dead'];

export function createHistory(db: SqliteDatabase, sealer: FieldSealer) {
  const byId = db.prepare<[string], EventRow>(
    `SELECT ${eventColumns} FROM events WHERE event_id = ? ORDER BY seq`,
  );
  const byIdAndSource = db.prepare<[string, string], EventRow>(
    `SELECT ${eventColumns} FROM events WHERE event_id = ? AND source = ?`,
  );
  const bySeq = db.prepare<[number], EventRow & { causation_seq: number | null }>(
    `SELECT ${eventColumns}, causation_seq FROM events WHERE seq = ?`,
  );
  const caused = db.prepare<[number], EventRow>(
    `SELECT ${eventColumns} FROM events WHERE causation_seq = ? ORDER BY seq`,
  );
  const deliveriesOf = db.prepare<[number], DeliveryRow>(
    `SELECT ${deliveryColumns} FROM deliveries WHERE event_seq = ? ORDER BY seq`,
  );
  const deadLettersOf = db.prepare<[number], DeadLetterRow>(
    `SELECT d.id, d.event_seq, d.delivery_seq, d.reason_code, d.message, d.detail, d.state, d.created_at, d.closed_at, d.note,
       e.event_id, e.type, e.subject FROM dead_letters d JOIN events e ON e.seq = d.event_seq WHERE d.event_seq = ? ORDER BY d.id`,
  );
  // The subject's own ids and those of its parts (`<time entry>/billable-line`, `<time entry>/cost`).
  const xrefsOf = db.prepare<
    [string, string, string],
    { canonical_id: string; system: string; external_id: string }
  >(
    `SELECT canonical_id, system, external_id FROM xrefs
     WHERE canonical_id = ? OR (canonical_id >= ? || '/' AND canonical_id < ? || '0') ORDER BY canonical_id, system`,
  );
  const selectForReplay = db.prepare<
    [number, number],
    { seq: number; type: string; event_id: string; state: EventState }
  >(
    "SELECT seq, type, event_id, state FROM events WHERE seq BETWEEN ? AND ? AND causation_seq IS NULL AND state IN ('completed', 'rejected', 'dead')",
  );
  const selectIdForReplay = db.prepare<
    [string],
    { seq: number; type: string; event_id: string; state: EventState }
  >(
    "SELECT seq, type, event_id, state FROM events WHERE event_id = ? AND causation_seq IS NULL AND state IN ('completed', 'rejected', 'dead')",
  );
  const resetDeliveries = db.prepare<[number, number]>(
    `UPDATE deliveries SET state = 'pending', run_at = ?, attempts = 0, last_error = NULL, reason_code = NULL
     WHERE event_seq = ? AND state = 'delivered'`,
  );
  const reviveDead = db.prepare<[number, number]>(
    `UPDATE deliveries SET state = 'pending', run_at = ?, attempts = 0, last_error = NULL, reason_code = NULL
     WHERE event_seq = ? AND state = 'dead'`,
  );
  const closeOpenLetters = db.prepare<[number, number]>(
    "UPDATE dead_letters SET state = 'retried', closed_at = ? WHERE event_seq = ? AND state = 'open'",
  );
  const markReplayed = db.prepare<[number]>(
    `UPDATE events SET state = 'accepted', replays = replays + 1, completed_at = NULL, reason = NULL, reason_code = NULL,
       pending_deliveries = 0 WHERE seq = ?`,
  );
  const eventCounts = db.prepare<[], { type: string; state: EventState; n: number }>(
    'SELECT type, state, count(*) AS n FROM events GROUP BY type, state',
  );
  const deliveryCounts = db.prepare<[], { state: DeliveryState; n: number; attempts: number }>(
    'SELECT state, count(*) AS n, sum(attempts) AS attempts FROM deliveries GROUP BY state',
  );
  const openDeadLetters = db.prepare<[], { n: number }>(
    "SELECT count(*) AS n FROM dead_letters WHERE state = 'open'",
  );
  const counter = db.prepare<[string], { value: number }>('SELECT value FROM counters WHERE name = ?');
  const deadLetters = createDeadLetters(db, sealer);

  return {
    getEvent(id: string, source?: string): StoredEvent[] {
      const rows = source === undefined ? byId.all(id) : byIdAndSource.all(id, source);
      return rows.map((r) => toStoredEvent(r, sealer));
    },
    lineage(seq: number): EventLineage | null {
      const row = bySeq.get(seq);
      if (!row) return null;
      const event = toStoredEvent(row, sealer);
      const causedBy = row.causation_seq === null ? undefined : bySeq.get(row.causation_seq);
      const deliveries = deliveriesOf.all(seq).map((r) => toStoredDelivery(r, sealer));
      // Postings are cross-referenced by their delivery rows: idempotency key <-> the target's id.
      const postings: Xref[] = deliveries.flatMap((d) =>
        d.kind === 'provisionProject'
          ? []
          : d.externalRefs.map((r) => ({ canonicalId: r.key, system: d.target, externalId: r.externalId })),
      );
      const xrefs: Xref[] = [
        ...xrefsOf
          .all(event.event.subject, event.event.subject, event.event.subject)
          .map((x) => ({ canonicalId: x.canonical_id, system: x.system, externalId: x.external_id })),
        ...postings,
      ];
      return {
        event,
        deliveries,
        deadLetters: deadLettersOf.all(seq).map((r) => toDeadLetter(r, sealer)),
        caused: caused.all(seq).map((r) => toStoredEvent(r, sealer)),
        causedBy: causedBy ? toStoredEvent(causedBy, sealer) : null,
        xrefs,
      };
    },
    replay: writeTransaction(db, (selection: ReplaySelection, now: number): number => {
      const rows = [
        ...(selection.eventIds ?? []).flatMap((id) => selectIdForReplay.all(id)),
        ...(selection.fromSeq !== undefined || selection.toSeq !== undefined
          ? selectForReplay.all(selection.fromSeq ?? 0, selection.toSeq ?? Number.MAX_SAFE_INTEGER)
          : []),
      ].filter((r) => selection.types === undefined || selection.types.includes(r.type));
      const seqs = [...new Set(rows.map((r) => r.seq))].sort((a, b) => a - b);
      for (const seq of seqs) {
        if (selection.redeliver) resetDeliveries.run(now, seq);
        reviveDead.run(now, seq);
        closeOpenLetters.run(now, seq);
        markReplayed.run(seq);
      }
      return seqs.length;
    }),
    stats(): StoreStats {
      const events = Object.fromEntries(eventStates.map((s) => [s, 0])) as Record<EventState, number>;
      const eventsByType: Record<string, Record<string, number>> = {};
      for (const r of eventCounts.all()) {
        events[r.state] += r.n;
        (eventsByType[r.type] ??= {})[r.state] = r.n;
      }
      const deliveries = Object.fromEntries(deliveryStates.map((s) => [s, 0])) as Record<
        DeliveryState,
        number
      >;
      let deliveryAttempts = 0;
      for (const r of deliveryCounts.all()) {
        deliveries[r.state] = r.n;
        deliveryAttempts += r.attempts;
      }
      return {
        events,
        eventsByType,
        deliveries,
        deliveryAttempts,
        deadLettersOpen: openDeadLetters.get()?.n ?? 0,
        duplicatesRefused: counter.get('duplicates_refused')?.value ?? 0,
      };
    },
    latencies(types: readonly string[]): number[] {
      const placeholders = types.map(() => '?').join(', ');
      const rows = db
        .prepare<string[], { ms: number }>(
          `SELECT completed_at - received_at AS ms FROM events WHERE state = 'completed' AND causation_seq IS NULL AND type IN (${placeholders})`,
        )
        .all(...types);
      return rows.map((r) => r.ms);
    },
    deadLetters,
  };
}
