// The console's read models on SQLite (see ConsoleReads in the port): throughput, latencies, queue
// depths, parked events and look-ups for the admin API. Reads only; they never take the write lock.
import type {
  ActivityBucket,
  Completion,
  DeliveryTime,
  ConsoleReads,
  DeadLetter,
  EventState,
  ParkedEvent,
  QueueClass,
  QueueDepth,
  StoredEvent,
} from '../port.ts';
import type { SqliteDatabase } from './database.ts';
import { mergeBuckets, type BucketRow } from '../console-buckets.ts';
import { eventColumns, toDeadLetter, toStoredEvent, type DeadLetterRow, type EventRow } from '../rows.ts';
import type { FieldSealer } from '../field-sealer.ts';

type Sync<T> = {
  [K in keyof T]: T[K] extends (...args: infer A) => Promise<infer R> ? (...args: A) => R : never;
};

export function createConsoleReads(db: SqliteDatabase, sealer: FieldSealer): Sync<ConsoleReads> {
  const received = db.prepare<{ since: number; bucket: number }, BucketRow>(
    `SELECT CAST((received_at - @since) / @bucket AS INTEGER) AS bucket, count(*) AS n FROM events
     WHERE received_at >= @since AND causation_seq IS NULL GROUP BY 1`,
  );
  const completed = db.prepare<{ since: number; bucket: number }, BucketRow>(
    `SELECT CAST((completed_at - @since) / @bucket AS INTEGER) AS bucket, count(*) AS n FROM events
     WHERE completed_at >= @since AND state = 'completed' AND causation_seq IS NULL GROUP BY 1`,
  );
  const delivered = db.prepare<{ since: number; bucket: number }, BucketRow>(
    `SELECT CAST((delivered_at - @since) / @bucket AS INTEGER) AS bucket, count(*) AS n FROM deliveries
     WHERE delivered_at >= @since AND state = 'delivered' GROUP BY 1`,
  );
  const completions = db.prepare<[number, number], { type: string; completed_at: number; ms: number }>(
    `SELECT type, completed_at, completed_at - received_at AS ms FROM events
     WHERE completed_at >= ? AND state = 'completed' AND causation_seq IS NULL
     ORDER BY completed_at DESC LIMIT ?`,
  );
  const deliveryTimes = db.prepare<
    [number, number],
    { target: string; delivered_at: number; ms: number; attempts: number }
  >(
    `SELECT target, delivered_at, delivered_at - created_at AS ms, attempts FROM deliveries
     WHERE delivered_at >= ? AND state = 'delivered' ORDER BY delivered_at DESC LIMIT ?`,
  );
  const eventDepths = db.prepare<[], { queue: QueueClass; state: string; n: number; oldest: number }>(
    `SELECT queue, state, count(*) AS n, min(received_at) AS oldest FROM events
     WHERE state IN ('accepted', 'parked', 'delivering', 'dead') GROUP BY queue, state`,
  );
  const deliveryDepths = db.prepare<[], { queue: QueueClass; state: string; n: number; oldest: number }>(
    `SELECT queue, state, count(*) AS n, min(created_at) AS oldest FROM deliveries
     WHERE state IN ('pending', 'dead') GROUP BY queue, state`,
  );
  const parked = db.prepare<{ prefix: string; limit: number }, EventRow & { park_key: string }>(
    `SELECT ${eventColumns}, park_key FROM events
     WHERE state = 'parked' AND substr(park_key, 1, length(@prefix)) = @prefix ORDER BY seq LIMIT @limit`,
  );
  const atSeqs = db.prepare<[string], EventRow>(
    `SELECT ${eventColumns} FROM events WHERE seq IN (SELECT value FROM json_each(?)) ORDER BY seq`,
  );
  const ofTypes = db.prepare<{ types: string; states: string | null; limit: number }, EventRow>(
    `SELECT ${eventColumns} FROM events
     WHERE type IN (SELECT value FROM json_each(@types)) AND causation_seq IS NULL
       AND (@states IS NULL OR state IN (SELECT value FROM json_each(@states)))
     ORDER BY seq DESC LIMIT @limit`,
  );
  const deadLetter = db.prepare<[number], DeadLetterRow>(
    `SELECT d.id, d.event_seq, d.delivery_seq, d.reason_code, d.message, d.detail, d.state, d.created_at,
       d.closed_at, d.note, e.event_id, e.type, e.subject
     FROM dead_letters d JOIN events e ON e.seq = d.event_seq WHERE d.id = ?`,
  );

  return {
    activity(since: number, bucketMs: number): ActivityBucket[] {
      const args = { since, bucket: bucketMs };
      return mergeBuckets(since, bucketMs, {
        received: received.all(args),
        completed: completed.all(args),
        delivered: delivered.all(args),
      });
    },
    completions(since: number, limit: number): Completion[] {
      return completions
        .all(since, limit)
        .reverse()
        .map((r) => ({ type: r.type, completedAt: r.completed_at, latencyMs: r.ms }));
    },
    deliveryTimes(since: number, limit: number): DeliveryTime[] {
      return deliveryTimes
        .all(since, limit)
        .reverse()
        .map((r) => ({
          target: r.target,
          deliveredAt: r.delivered_at,
          latencyMs: r.ms,
          attempts: r.attempts,
        }));
    },
    queueDepths(): QueueDepth[] {
      return [
        ...eventDepths.all().map((r) => ({
          of: 'events' as const,
          queue: r.queue,
          state: r.state,
          count: r.n,
          oldestAt: r.oldest,
        })),
        ...deliveryDepths.all().map((r) => ({
          of: 'deliveries' as const,
          queue: r.queue,
          state: r.state,
          count: r.n,
          oldestAt: r.oldest,
        })),
      ];
    },
    listParked(filter: { readonly limit: number; readonly keyPrefix?: string }): ParkedEvent[] {
      return parked
        .all({ prefix: filter.keyPrefix ?? '', limit: filter.limit })
        .map((row) => ({ ...toStoredEvent(row, sealer), parkKey: row.park_key }));
    },
    eventsAt(seqs: readonly number[]): StoredEvent[] {
      return seqs.length === 0 ? [] : atSeqs.all(JSON.stringify(seqs)).map((r) => toStoredEvent(r, sealer));
    },
    eventsOfTypes(filter: {
      readonly types: readonly string[];
      readonly states?: readonly EventState[];
      readonly limit: number;
    }): StoredEvent[] {
      return ofTypes
        .all({
          types: JSON.stringify(filter.types),
          states: filter.states === undefined ? null : JSON.stringify(filter.states),
          limit: filter.limit,
        })
        .map((r) => toStoredEvent(r, sealer));
    },
    getDeadLetter(id: number): DeadLetter | undefined {
      const row = deadLetter.get(id);
      return row === undefined ? undefined : toDeadLetter(row, sealer);
    },
  };
}
