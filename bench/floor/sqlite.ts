// The raw-store floor on SQLite: a file of its own with Ledgerline's settings (WAL, synchronous=FULL,
// a 16 MB page cache; src/store/sqlite/database.ts), tables with the same keys and indexes as Ledgerline's
// events and deliveries, and the plainest batched statements: insert 1,000 events and their outbox rows
// per transaction; claim 1,000 pending rows by index and mark them (one UPDATE ... RETURNING); complete
// them (mark delivered, mark their events completed: two UPDATEs) in one transaction. One connection:
// one process owns a SQLite store.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { floorBatch, floorRows, floorTarget } from './rows.ts';
import { showProgress, type FloorContext, type FloorMeasure } from './measure.ts';

const schema = `
CREATE TABLE events (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  source TEXT NOT NULL,
  event_id TEXT NOT NULL,
  type TEXT NOT NULL,
  subject TEXT NOT NULL,
  envelope TEXT NOT NULL,
  state TEXT NOT NULL,
  queue TEXT NOT NULL,
  pending_deliveries INTEGER NOT NULL DEFAULT 0,
  received_at INTEGER NOT NULL,
  completed_at INTEGER,
  UNIQUE (event_id, source)
);
CREATE INDEX events_accepted ON events (queue, seq) WHERE state = 'accepted';
CREATE TABLE deliveries (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  event_seq INTEGER NOT NULL REFERENCES events (seq),
  target TEXT NOT NULL,
  ordering_key TEXT NOT NULL,
  idempotency_key TEXT NOT NULL,
  payload TEXT NOT NULL,
  state TEXT NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  run_at INTEGER NOT NULL,
  created_at INTEGER NOT NULL,
  delivered_at INTEGER,
  UNIQUE (target, idempotency_key)
);
CREATE INDEX deliveries_pending ON deliveries (target, seq) WHERE state = 'pending';
CREATE INDEX deliveries_event ON deliveries (event_seq);
`;

export function sqliteFloor(dir: string, context: FloorContext): FloorMeasure {
  const db = new Database(join(dir, 'floor.sqlite'));
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma('cache_size = -16384');
    db.pragma('temp_store = memory');
    db.exec(schema);
    const version = db.prepare<[], { v: string }>('SELECT sqlite_version() AS v').get()?.v ?? '?';

    const insertEvent = db.prepare<[string, string, string, string, string, number], { seq: number }>(
      `INSERT INTO events (source, event_id, type, subject, envelope, state, queue, pending_deliveries, received_at)
       VALUES (?, ?, ?, ?, ?, 'delivering', 'transactional', 1, ?)
       ON CONFLICT (event_id, source) DO NOTHING RETURNING seq`,
    );
    const insertDelivery = db.prepare<[number, string, string, string, string, number, number]>(
      `INSERT INTO deliveries (event_seq, target, ordering_key, idempotency_key, payload, state, run_at, created_at)
       VALUES (?, ?, ?, ?, ?, 'pending', ?, ?)`,
    );
    const insertBatch = db.transaction((rows: ReturnType<typeof floorRows>, now: number) => {
      for (const r of rows) {
        const inserted = insertEvent.get(r.source, r.eventId, r.type, r.subject, r.envelope, now);
        if (inserted)
          insertDelivery.run(inserted.seq, floorTarget, r.orderingKey, r.idempotencyKey, r.payload, now, now);
      }
    });
    const claim = db.prepare<
      [{ target: string; until: number; limit: number }],
      { seq: number; event_seq: number; payload: string }
    >(
      `UPDATE deliveries SET state = 'leased', attempts = attempts + 1, run_at = @until
       WHERE seq IN (SELECT seq FROM deliveries WHERE target = @target AND state = 'pending' ORDER BY seq LIMIT @limit)
       RETURNING seq, event_seq, payload`,
    );
    const markDelivered = db.prepare<[number, string]>(
      "UPDATE deliveries SET state = 'delivered', delivered_at = ? WHERE seq IN (SELECT value FROM json_each(?))",
    );
    const markCompleted = db.prepare<[number, string]>(
      `UPDATE events SET state = 'completed', pending_deliveries = 0, completed_at = ?
       WHERE seq IN (SELECT value FROM json_each(?))`,
    );
    const complete = db.transaction((deliverySeqs: string, eventSeqs: string, now: number) => {
      markDelivered.run(now, deliverySeqs);
      markCompleted.run(now, eventSeqs);
    });
    const claimBatch = db.transaction((now: number) =>
      claim.all({ target: floorTarget, until: now + 30_000, limit: floorBatch }),
    );

    let insertMs = 0;
    const insertStart = performance.now();
    for (let n = 0; n < context.events; n += floorBatch) {
      const rows = floorRows(n, Math.min(floorBatch, context.events - n));
      const t = performance.now();
      insertBatch.immediate(rows, Date.now());
      insertMs += performance.now() - t;
      showProgress(context, 'Floor in', n + rows.length, insertStart);
    }

    let claims = 0;
    let done = 0;
    const drainStart = performance.now();
    for (;;) {
      const rows = claimBatch.immediate(Date.now());
      if (rows.length === 0) break;
      claims += 1;
      complete.immediate(
        JSON.stringify(rows.map((r) => r.seq)),
        JSON.stringify(rows.map((r) => r.event_seq)),
        Date.now(),
      );
      done += rows.length;
      showProgress(context, 'Floor out', done, drainStart);
    }
    const drainMs = performance.now() - drainStart;
    context.progress.finish();

    const count = (sql: string) => db.prepare<[], { n: number }>(sql).get()?.n ?? 0;
    return {
      engine: `SQLite ${version} (WAL, synchronous=FULL, own file)`,
      events: context.events,
      connections: 1,
      insertSeconds: insertMs / 1000,
      drainSeconds: drainMs / 1000,
      claims,
      completedEvents: count("SELECT COUNT(*) AS n FROM events WHERE state = 'completed'"),
      deliveredRows: count("SELECT COUNT(*) AS n FROM deliveries WHERE state = 'delivered'"),
    };
  } finally {
    db.close();
  }
}
