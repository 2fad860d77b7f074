// The bare SQLite floor: the same rows and statements as the raw-store floor (sqlite.ts), on the plainest
// schema that still dedupes and queues: an inbox unique on (event_id, source) and an outbox with one
// partial index of pending rows, nothing else (the kind of floor ENGINEERING.md quotes). It tells what
// the machine's SQLite can do at all, apart from what Ledgerline's own tables and indexes cost.
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { floorBatch, type FloorRow } from './rows.ts';
import { driveSqliteFloor } from './sqlite-drive.ts';
import type { FloorContext, FloorMeasure } from './measure.ts';

const schema = `
CREATE TABLE events (
  seq INTEGER PRIMARY KEY, source TEXT NOT NULL, event_id TEXT NOT NULL, envelope TEXT NOT NULL,
  state TEXT NOT NULL, UNIQUE (event_id, source));
CREATE TABLE deliveries (
  seq INTEGER PRIMARY KEY, event_seq INTEGER NOT NULL, ordering_key TEXT NOT NULL, payload TEXT NOT NULL,
  state TEXT NOT NULL, run_at INTEGER NOT NULL);
CREATE INDEX deliveries_pending ON deliveries (seq) WHERE state = 'pending';`;

export function sqliteBareFloor(dir: string, context: FloorContext): FloorMeasure {
  const db = new Database(join(dir, 'bare-floor.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec(schema);
    const version = db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()?.v ?? '?';
    const insertEvent = db.prepare<[string, string, string], { seq: number }>(
      `INSERT INTO events (source, event_id, envelope, state) VALUES (?, ?, ?, 'delivering')
       ON CONFLICT (event_id, source) DO NOTHING RETURNING seq`,
    );
    const insertDelivery = db.prepare<[number, string, string, number]>(
      `INSERT INTO deliveries (event_seq, ordering_key, payload, state, run_at) VALUES (?, ?, ?, 'pending', ?)`,
    );
    const insertBatch = db.transaction((rows: readonly FloorRow[], now: number) => {
      for (const r of rows) {
        const inserted = insertEvent.get(r.source, r.eventId, r.envelope);
        if (inserted) insertDelivery.run(inserted.seq, r.orderingKey, r.payload, now);
      }
    });
    const claim = db.prepare<
      [{ now: number; until: number; limit: number }],
      { seq: number; event_seq: number }
    >(
      `UPDATE deliveries SET run_at = @until
       WHERE seq IN (SELECT seq FROM deliveries WHERE state = 'pending' AND run_at <= @now ORDER BY seq LIMIT @limit)
       RETURNING seq, event_seq`,
    );
    const markDelivered = db.prepare<[string]>(
      `UPDATE deliveries SET state = 'delivered' WHERE seq IN (SELECT value FROM json_each(?))`,
    );
    const markCompleted = db.prepare<[string]>(
      `UPDATE events SET state = 'completed' WHERE seq IN (SELECT value FROM json_each(?))`,
    );
    const complete = db.transaction((deliverySeqs: string, eventSeqs: string, _now: number) => {
      markDelivered.run(deliverySeqs);
      markCompleted.run(eventSeqs);
    });
    const claimBatch = db.transaction((now: number) =>
      claim.all({ now, until: now + 30_000, limit: floorBatch }),
    );

    return driveSqliteFloor(db, { insert: insertBatch, claim: claimBatch, complete }, context, {
      progress: 'Bare floor',
      engine: `SQLite ${version} (WAL, synchronous=FULL; two bare tables)`,
    });
  } finally {
    db.close();
  }
}
