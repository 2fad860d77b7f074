// The raw-store floor on SQLite: a file of its own opened as Ledgerline opens its store (openDatabase:
// WAL, synchronous=FULL, a 16 MB page cache, its migrations, so the very tables, keys and indexes), and
// the plainest batched statements on it: insert 1,000 events and their outbox rows per transaction;
// claim 1,000 due rows by the pending index and mark them (one UPDATE ... RETURNING); complete them (mark
// delivered, mark their events completed: two UPDATEs) in one transaction. One connection: one process
// owns a SQLite store.
import { join } from 'node:path';
import { openDatabase } from '../../src/store/sqlite/database.ts';
import { floorBatch, floorTarget, type FloorRow } from './rows.ts';
import { driveSqliteFloor } from './sqlite-drive.ts';
import type { FloorContext, FloorMeasure } from './measure.ts';

export function sqliteFloor(dir: string, context: FloorContext): FloorMeasure {
  const db = openDatabase(join(dir, 'floor.sqlite'));
  try {
    const version = db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()?.v ?? '?';

    const insertEvent = db.prepare<[string, string, string, string, string, number], { seq: number }>(
      `INSERT INTO events (source, event_id, type, subject, envelope, state, queue, pending_deliveries, received_at)
       VALUES (?, ?, ?, ?, ?, 'delivering', 'transactional', 1, ?)
       ON CONFLICT (event_id, source) DO NOTHING RETURNING seq`,
    );
    const insertDelivery = db.prepare<[number, string, string, number, string, string, number, number]>(
      `INSERT INTO deliveries (event_seq, target, kind, queue, ordering_key, lane, idempotency_key, payload, state,
         run_at, created_at)
       VALUES (?, ?, 'postTime', 'transactional', ?, ?, ?, ?, 'pending', ?, ?)`,
    );
    const insertBatch = db.transaction((rows: readonly FloorRow[], now: number) => {
      for (const r of rows) {
        const inserted = insertEvent.get(r.source, r.eventId, r.type, r.subject, r.envelope, now);
        if (inserted)
          insertDelivery.run(
            inserted.seq,
            floorTarget,
            r.orderingKey,
            r.lane,
            r.idempotencyKey,
            r.payload,
            now,
            now,
          );
      }
    });
    // Ledgerline's SQLite store leases in memory (one process); here the claim marks the rows, pushing
    // their run_at past the lease, which hides them from the next claim.
    const claim = db.prepare<
      [{ target: string; now: number; until: number; limit: number }],
      { seq: number; event_seq: number; payload: string }
    >(
      `UPDATE deliveries SET run_at = @until
       WHERE seq IN (
         SELECT seq FROM deliveries
         WHERE target = @target AND queue = 'transactional' AND state = 'pending' AND run_at <= @now
         ORDER BY seq LIMIT @limit)
       RETURNING seq, event_seq, payload`,
    );
    const markDelivered = db.prepare<[number, string]>(
      `UPDATE deliveries SET state = 'delivered', delivered_at = ?, attempts = attempts + 1
       WHERE seq IN (SELECT value FROM json_each(?))`,
    );
    const markCompleted = db.prepare<[number, string]>(
      `UPDATE events SET state = 'completed', pending_deliveries = pending_deliveries - 1, completed_at = ?
       WHERE seq IN (SELECT value FROM json_each(?))`,
    );
    const complete = db.transaction((deliverySeqs: string, eventSeqs: string, now: number) => {
      markDelivered.run(now, deliverySeqs);
      markCompleted.run(now, eventSeqs);
    });
    const claimBatch = db.transaction((now: number) =>
      claim.all({ target: floorTarget, now, until: now + 30_000, limit: floorBatch }),
    );

    return driveSqliteFloor(db, { insert: insertBatch, claim: claimBatch, complete }, context, {
      progress: 'Floor',
      engine: `SQLite ${version} (WAL, synchronous=FULL; Ledgerline's tables in a file of their own)`,
    });
  } finally {
    db.close();
  }
}
