// Delivery: lease due outbox rows in per-key order, then record each push's result and, in the same
// transaction, the confirmations of events whose deliveries are now all done.
//
// Leases live in memory: a SQLite store has one process (ADR 4), whose restart voids every lease anyway,
// so writing them to rows would only cost two row writes per posting.
import type { Lanes, QueueClass } from '../port.ts';
import type { CompletedEvent, Confirmation, DeliveryResult, StoredDelivery, StoredEvent } from '../port.ts';
import type { NewAuditEntry } from '../audit-port.ts';
import { postingsDelivered } from '../../audit/batches.ts';
import { deliveredRecordsDigest } from '../../audit/delivered-records.ts';
import type { DeliveryRecord } from '../provenance-port.ts';
import { deliveryRecordsSql } from './provenance.ts';
import { writeTransaction, type SqliteDatabase } from './database.ts';
import {
  deliveryColumns,
  eventColumns,
  toStoredDelivery,
  toStoredEvent,
  type DeliveryRow,
  type EventRow,
} from '../rows.ts';
import type { FieldSealer } from '../field-sealer.ts';

const allLanes: Lanes = { of: 1, index: 0 };

interface Lease {
  readonly until: number;
  readonly key: string;
  readonly target: string;
  readonly eventSeq: number;
  /** The row's payload as stored and as opened at claim time: recording its result reuses the opened
   * text when the stored one is unchanged, instead of decrypting it again under the write lock. */
  readonly payload: { readonly stored: string; readonly opened: string };
}

/** Events opened before the write lock, by seq, with the envelope text they were opened from. */
type OpenedEvents = ReadonlyMap<number, { readonly envelope: string; readonly event: StoredEvent['event'] }>;

export function createDelivery(
  db: SqliteDatabase,
  appendAudit: (entries: readonly NewAuditEntry[]) => void,
  sealer: FieldSealer,
) {
  const leases = new Map<number, Lease>();
  // A row waits while an earlier row of its ordering key is in flight (leased) or waiting to retry.
  // A row waits while an earlier row of its ordering key (in any queue) is in flight (leased) or waiting to
  // retry. One statement per queue keeps each on the (target, queue, seq) index; "any" serves callers that
  // drain every queue at once.
  const dueSql = (queueFilter: string) =>
    `SELECT ${deliveryColumns} FROM deliveries d
     WHERE d.target = @target ${queueFilter} AND (@of = 1 OR d.lane % @of = @index) AND d.state = 'pending'
       AND d.run_at <= @now AND d.seq > @after
       AND NOT EXISTS (
         SELECT 1 FROM deliveries b
         WHERE b.target = d.target AND b.ordering_key = d.ordering_key AND b.seq < d.seq
           AND b.state = 'pending' AND b.attempts > 0 AND b.run_at > @now)
     ORDER BY d.seq LIMIT @limit`;
  type DueParams = {
    target: string;
    queue?: string;
    of: number;
    index: number;
    now: number;
    after: number;
    limit: number;
  };
  const dueInQueue = db.prepare<[DueParams], DeliveryRow>(dueSql('AND d.queue = @queue'));
  const recordsOf = db.prepare<[string], DeliveryRecord>(deliveryRecordsSql);
  // Both queues merged in seq order, each side on its own index range and limit.
  const dueAny = db.prepare<[DueParams], DeliveryRow>(
    `SELECT * FROM (
       SELECT * FROM (${dueSql("AND d.queue = 'master'")})
       UNION ALL
       SELECT * FROM (${dueSql("AND d.queue = 'transactional'")})
     ) ORDER BY seq LIMIT @limit`,
  );
  // Only the first pending row of each ordering key can become claimable; later ones follow it.
  const firstSql = (queueFilter: string) =>
    `SELECT d.seq, d.run_at FROM deliveries d
     JOIN (SELECT min(seq) AS seq FROM deliveries
           WHERE target = @target ${queueFilter} AND state = 'pending' AND (@of = 1 OR lane % @of = @index)
           GROUP BY ordering_key) h
       ON h.seq = d.seq`;
  type FirstParams = { target: string; queue?: string; of: number; index: number };
  const firstInQueue = db.prepare<[FirstParams], { seq: number; run_at: number }>(
    firstSql('AND queue = @queue'),
  );
  const firstAny = db.prepare<[FirstParams], { seq: number; run_at: number }>(firstSql(''));

  const markDelivered = db.prepare<[string, number, number], { event_seq: number }>(
    `UPDATE deliveries SET state = 'delivered', external_refs = ?, delivered_at = ?, attempts = attempts + 1,
       last_error = NULL, reason_code = NULL
     WHERE seq = ? AND state = 'pending' RETURNING event_seq`,
  );
  // One write per event: count the deliveries down and, at zero, complete the event in the same update.
  const decrement = db.prepare<[{ n: number; now: number; seq: number }], { pending_deliveries: number }>(
    `UPDATE events SET pending_deliveries = pending_deliveries - @n,
       state = CASE WHEN pending_deliveries - @n = 0 THEN 'completed' ELSE state END,
       completed_at = CASE WHEN pending_deliveries - @n = 0 THEN @now ELSE completed_at END,
       reason = CASE WHEN pending_deliveries - @n = 0 THEN NULL ELSE reason END,
       reason_code = CASE WHEN pending_deliveries - @n = 0 THEN NULL ELSE reason_code END
     WHERE seq = @seq RETURNING pending_deliveries`,
  );
  const markRetry = db.prepare<[number, string, string, number]>(
    `UPDATE deliveries SET attempts = attempts + 1, run_at = ?, last_error = ?, reason_code = ?
     WHERE seq = ? AND state = 'pending'`,
  );
  const markDead = db.prepare<[string, string, number], { event_seq: number }>(
    `UPDATE deliveries SET state = 'dead', attempts = attempts + 1, last_error = ?, reason_code = ?
     WHERE seq = ? AND state = 'pending' RETURNING event_seq`,
  );
  const eventDead = db.prepare<[string, string, number]>(
    "UPDATE events SET state = 'dead', reason_code = ?, reason = ? WHERE seq = ?",
  );
  const insertDeadLetter = db.prepare<[number, number, string, string, number]>(
    "INSERT INTO dead_letters (event_seq, delivery_seq, reason_code, message, state, created_at) VALUES (?, ?, ?, ?, 'open', ?)",
  );
  const readEvents = db.prepare<[string], EventRow>(
    `SELECT ${eventColumns} FROM events WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq`,
  );
  const deliveriesOfMany = db.prepare<[string], DeliveryRow>(
    `SELECT ${deliveryColumns} FROM deliveries WHERE event_seq IN (SELECT value FROM json_each(?)) ORDER BY seq`,
  );
  // A follow-up confirmation is stored accepted, in its queue, for the processor to decide.
  const insertConfirmation = db.prepare<
    [string, string, string, string, string, string, string, number, number, number | null]
  >(
    `INSERT INTO events (source, event_id, type, subject, envelope, state, queue, causation_seq, received_at, completed_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (source, event_id) DO NOTHING`,
  );
  const insertXref = db.prepare<[string, string, string, number]>(
    `INSERT INTO xrefs (canonical_id, system, external_id, created_at) VALUES (?, ?, ?, ?)
     ON CONFLICT (canonical_id, system) DO NOTHING`,
  );
  const release = db.prepare<[string]>(
    `UPDATE events SET state = 'accepted', park_key = NULL, reason = NULL, reason_code = NULL
     WHERE park_key = ? AND state = 'parked'`,
  );
  const supersede = db.prepare<[number, string, string]>(
    `UPDATE dead_letters SET state = 'resolved', closed_at = ?, note = ?
     WHERE state = 'open' AND delivery_seq IS NULL
       AND event_seq IN (SELECT seq FROM events WHERE subject = ? AND state = 'rejected')`,
  );

  /** A row as the port returns it, its payload opened (from the lease's copy when the text is unchanged). */
  function storedDelivery(row: DeliveryRow, lease: Lease | undefined): StoredDelivery {
    const opened = lease?.payload.stored === row.payload ? lease.payload.opened : undefined;
    return toStoredDelivery(row, sealer, opened);
  }

  const complete = writeTransaction(
    db,
    (
      results: readonly DeliveryResult[],
      now: number,
      confirm: (completed: readonly CompletedEvent[]) => readonly Confirmation[],
      opened: { readonly leases: ReadonlyMap<number, Lease>; readonly events: OpenedEvents },
    ): number => {
      // Decrements are grouped per event and reads are one query per batch: at 1,000 results a batch,
      // statements per result, not per batch, are what bound throughput.
      const delivered = new Map<number, number>();
      const posted: number[] = [];
      for (const r of results) {
        leases.delete(r.seq);
        if (r.outcome === 'ok') {
          const row = markDelivered.get(JSON.stringify(r.externalRefs), now, r.seq);
          if (!row) continue; // already recorded: a result applied twice changes nothing
          delivered.set(row.event_seq, (delivered.get(row.event_seq) ?? 0) + 1);
          posted.push(r.seq);
        } else if (r.outcome === 'retry') {
          markRetry.run(r.runAt, r.message, r.reasonCode, r.seq);
        } else {
          const row = markDead.get(r.message, r.reasonCode, r.seq);
          if (!row) continue;
          eventDead.run(r.reasonCode, r.message, row.event_seq);
          insertDeadLetter.run(row.event_seq, r.seq, r.reasonCode, r.message, now);
        }
      }
      // The entry binds the delivered postings' decision records into the audit chain (delivered-records.ts).
      const records =
        posted.length === 0 ? undefined : deliveredRecordsDigest(recordsOf.all(JSON.stringify(posted)));
      appendAudit(postingsDelivered(posted, now, records));
      const finished: number[] = [];
      for (const [eventSeq, n] of delivered) {
        if (decrement.get({ n, now, seq: eventSeq })?.pending_deliveries === 0) finished.push(eventSeq);
      }
      if (finished.length === 0) return 0;
      const list = JSON.stringify(finished);
      const byEvent = new Map<number, StoredDelivery[]>();
      for (const d of deliveriesOfMany.all(list)) {
        const stored = storedDelivery(d, opened.leases.get(d.seq));
        const entry = byEvent.get(d.event_seq);
        if (entry) entry.push(stored);
        else byEvent.set(d.event_seq, [stored]);
      }
      const completed: CompletedEvent[] = readEvents.all(list).map((row) => {
        const early = opened.events.get(row.seq);
        return {
          seq: row.seq,
          event: early?.envelope === row.envelope ? early.event : toStoredEvent(row, sealer).event,
          deliveries: byEvent.get(row.seq) ?? [],
        };
      });
      const confirmations = confirm(completed);
      for (const c of confirmations) {
        const e = c.event;
        const followUp = c.followUpQueue;
        insertConfirmation.run(
          e.source,
          e.id,
          e.type,
          e.subject,
          sealer.sealEvent(e),
          followUp === undefined ? 'completed' : 'accepted',
          followUp ?? 'transactional',
          c.causeSeq,
          now,
          followUp === undefined ? now : null,
        );
        for (const x of c.xrefs) insertXref.run(x.canonicalId, x.system, x.externalId, now);
        for (const key of c.releases) release.run(key);
        if (c.supersedesRejectionsOf !== undefined)
          supersede.run(now, `superseded by event ${c.event.id}`, c.supersedesRejectionsOf);
      }
      return confirmations.length;
    },
  );

  return {
    claimDeliveries(
      target: string,
      limit: number,
      now: number,
      leaseMs: number,
      lanes: Lanes = allLanes,
      queue?: QueueClass,
    ): StoredDelivery[] {
      // Keys with a row in flight: later rows of those keys wait for it.
      const inFlight = new Map<string, number>();
      for (const [seq, lease] of leases) {
        if (lease.until <= now) leases.delete(seq);
        else if (lease.target === target)
          inFlight.set(lease.key, Math.min(seq, inFlight.get(lease.key) ?? seq));
      }
      const picked: DeliveryRow[] = [];
      let after = 0;
      for (;;) {
        const params = { target, of: lanes.of, index: lanes.index, now, after, limit };
        const page = queue === undefined ? dueAny.all(params) : dueInQueue.all({ ...params, queue });
        for (const row of page) {
          const first = inFlight.get(row.ordering_key);
          if (leases.has(row.seq) || (first !== undefined && first < row.seq)) continue;
          picked.push(row);
          if (picked.length === limit) break;
        }
        const last = page.at(-1);
        if (picked.length === limit || page.length < limit || !last) break;
        after = last.seq;
      }
      return picked.map((row) => {
        const stored = toStoredDelivery(row, sealer);
        leases.set(row.seq, {
          until: now + leaseMs,
          key: row.ordering_key,
          target,
          eventSeq: row.event_seq,
          payload: { stored: row.payload, opened: stored.payload },
        });
        return stored;
      });
    },
    nextDueAt(target: string, lanes: Lanes = allLanes, queue?: QueueClass): number | null {
      let next: number | null = null;
      const params = { target, of: lanes.of, index: lanes.index };
      const rows = queue === undefined ? firstAny.all(params) : firstInQueue.all({ ...params, queue });
      for (const row of rows) {
        const lease = leases.get(row.seq);
        const dueAt = Math.max(row.run_at, lease?.until ?? row.run_at);
        if (next === null || dueAt < next) next = dueAt;
      }
      return next;
    },
    completeDeliveries(
      results: readonly DeliveryResult[],
      now: number,
      confirm: (completed: readonly CompletedEvent[]) => readonly Confirmation[],
    ): number {
      // Decrypting is done before the write lock is taken (the other thread waits for every moment it is
      // held): the leases' opened payloads, and the envelopes of the events these results may complete,
      // read now and used under the lock only if their stored text has not changed meanwhile.
      const held = new Map<number, Lease>();
      const eventSeqs = new Set<number>();
      for (const r of results) {
        const lease = leases.get(r.seq);
        if (lease === undefined) continue;
        held.set(r.seq, lease);
        if (r.outcome === 'ok') eventSeqs.add(lease.eventSeq);
      }
      const events = new Map<number, { envelope: string; event: StoredEvent['event'] }>();
      if (eventSeqs.size > 0)
        for (const row of readEvents.all(JSON.stringify([...eventSeqs])))
          events.set(row.seq, { envelope: row.envelope, event: toStoredEvent(row, sealer).event });
      return complete(results, now, confirm, { leases: held, events });
    },
    releaseLeases(): number {
      const count = leases.size;
      leases.clear();
      return count;
    },
    renewLeases(seqs: readonly number[], until: number): number {
      let renewed = 0;
      for (const seq of seqs) {
        const lease = leases.get(seq);
        if (!lease) continue;
        leases.set(seq, { ...lease, until: Math.max(lease.until, until) });
        renewed += 1;
      }
      return renewed;
    },
  };
}
