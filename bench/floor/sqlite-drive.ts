// The timed part of a SQLite floor, whichever tables it runs on: insert the bench's rows in batches, then
// claim and complete them until none is left, each step in its own IMMEDIATE transaction.
import type Database from 'better-sqlite3';
import { floorBatch, floorRows, type FloorRow } from './rows.ts';
import { showProgress, type FloorContext, type FloorMeasure } from './measure.ts';

type Transaction<A extends unknown[], R> = Database.Transaction<(...args: A) => R>;

export interface SqliteFloorSteps {
  readonly insert: Transaction<[readonly FloorRow[], number], void>;
  readonly claim: Transaction<[number], readonly { seq: number; event_seq: number }[]>;
  /** Delivered outbox seqs and their events' seqs, each a JSON array, and the time. */
  readonly complete: Transaction<[string, string, number], void>;
}

/** Runs the steps on `db` (tables `events` and `deliveries` with a `state` each) and counts what completed. */
export function driveSqliteFloor(
  db: Database.Database,
  steps: SqliteFloorSteps,
  context: FloorContext,
  labels: { readonly progress: string; readonly engine: string },
): FloorMeasure {
  const label = labels.progress;
  let insertMs = 0;
  const insertStart = performance.now();
  for (let n = 0; n < context.events; n += floorBatch) {
    const rows = floorRows(n, Math.min(floorBatch, context.events - n));
    const t = performance.now();
    steps.insert.immediate(rows, Date.now());
    insertMs += performance.now() - t;
    showProgress(context, `${label} in`, n + rows.length, insertStart);
  }
  let claims = 0;
  let done = 0;
  const drainStart = performance.now();
  for (;;) {
    const rows = steps.claim.immediate(Date.now());
    if (rows.length === 0) break;
    claims += 1;
    steps.complete.immediate(
      JSON.stringify(rows.map((r) => r.seq)),
      JSON.stringify(rows.map((r) => r.event_seq)),
      Date.now(),
    );
    done += rows.length;
    showProgress(context, `${label} out`, done, drainStart);
  }
  const drainMs = performance.now() - drainStart;
  context.progress.finish();
  const count = (sql: string) => db.prepare<[], { n: number }>(sql).get()?.n ?? 0;
  return {
    engine: labels.engine,
    events: context.events,
    connections: 1,
    insertSeconds: insertMs / 1000,
    drainSeconds: drainMs / 1000,
    claims,
    completedEvents: count("SELECT COUNT(*) AS n FROM events WHERE state = 'completed'"),
    deliveredRows: count("SELECT COUNT(*) AS n FROM deliveries WHERE state = 'delivered'"),
  };
}
