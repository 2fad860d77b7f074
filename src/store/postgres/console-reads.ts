// The console's read models on PostgreSQL (see ConsoleReads in the port): throughput, latencies, queue
// depths, parked events and look-ups for the admin API.
import type pg from 'pg';
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
import { mergeBuckets, type BucketRow } from '../console-buckets.ts';
import { eventColumns, toDeadLetter, toStoredEvent, type DeadLetterRow, type EventRow } from '../rows.ts';
import type { FieldSealer } from '../field-sealer.ts';

interface DepthRow {
  queue: QueueClass;
  state: string;
  n: number;
  oldest: number;
}

export function createConsoleReads(pool: pg.Pool, sealer: FieldSealer): ConsoleReads {
  const buckets = async (sql: string, since: number, bucketMs: number): Promise<BucketRow[]> =>
    (await pool.query<BucketRow>(sql, [since, bucketMs])).rows;

  return {
    async activity(since: number, bucketMs: number): Promise<ActivityBucket[]> {
      const [received, completed, delivered] = await Promise.all([
        buckets(
          `SELECT (received_at - $1) / $2 AS bucket, count(*) AS n FROM events
           WHERE received_at >= $1 AND causation_seq IS NULL GROUP BY 1`,
          since,
          bucketMs,
        ),
        buckets(
          `SELECT (completed_at - $1) / $2 AS bucket, count(*) AS n FROM events
           WHERE completed_at >= $1 AND state = 'completed' AND causation_seq IS NULL GROUP BY 1`,
          since,
          bucketMs,
        ),
        buckets(
          `SELECT (delivered_at - $1) / $2 AS bucket, count(*) AS n FROM deliveries
           WHERE delivered_at >= $1 AND state = 'delivered' GROUP BY 1`,
          since,
          bucketMs,
        ),
      ]);
      return mergeBuckets(since, bucketMs, { received, completed, delivered });
    },
    async completions(since: number, limit: number): Promise<Completion[]> {
      const { rows } = await pool.query<{ type: string; completed_at: number; ms: number }>(
        `SELECT type, completed_at, completed_at - received_at AS ms FROM events
         WHERE completed_at >= $1 AND state = 'completed' AND causation_seq IS NULL
         ORDER BY completed_at DESC LIMIT $2`,
        [since, limit],
      );
      return rows.reverse().map((r) => ({ type: r.type, completedAt: r.completed_at, latencyMs: r.ms }));
    },
    async deliveryTimes(since: number, limit: number): Promise<DeliveryTime[]> {
      const { rows } = await pool.query<{
        target: string;
        delivered_at: number;
        ms: number;
        attempts: number;
      }>(
        `SELECT target, delivered_at, delivered_at - created_at AS ms, attempts FROM deliveries
         WHERE delivered_at >= $1 AND state = 'delivered' ORDER BY delivered_at DESC LIMIT $2`,
        [since, limit],
      );
      return rows.reverse().map((r) => ({
        target: r.target,
        deliveredAt: r.delivered_at,
        latencyMs: r.ms,
        attempts: r.attempts,
      }));
    },
    async queueDepths(): Promise<QueueDepth[]> {
      const [events, deliveries] = await Promise.all([
        pool.query<DepthRow>(
          `SELECT queue, state, count(*) AS n, min(received_at) AS oldest FROM events
           WHERE state IN ('accepted', 'parked', 'delivering', 'dead') GROUP BY queue, state`,
        ),
        pool.query<DepthRow>(
          `SELECT queue, state, count(*) AS n, min(created_at) AS oldest FROM deliveries
           WHERE state IN ('pending', 'dead') GROUP BY queue, state`,
        ),
      ]);
      const depth = (of: 'events' | 'deliveries') => (r: DepthRow) => ({
        of,
        queue: r.queue,
        state: r.state,
        count: r.n,
        oldestAt: r.oldest,
      });
      return [...events.rows.map(depth('events')), ...deliveries.rows.map(depth('deliveries'))];
    },
    async listParked(filter: {
      readonly limit: number;
      readonly keyPrefix?: string;
    }): Promise<ParkedEvent[]> {
      const { rows } = await pool.query<EventRow & { park_key: string }>(
        `SELECT ${eventColumns}, park_key FROM events
         WHERE state = 'parked' AND starts_with(park_key, $1) ORDER BY seq LIMIT $2`,
        [filter.keyPrefix ?? '', filter.limit],
      );
      return rows.map((row) => ({ ...toStoredEvent(row, sealer), parkKey: row.park_key }));
    },
    async eventsAt(seqs: readonly number[]): Promise<StoredEvent[]> {
      if (seqs.length === 0) return [];
      const { rows } = await pool.query<EventRow>(
        `SELECT ${eventColumns} FROM events WHERE seq = ANY($1::bigint[]) ORDER BY seq`,
        [seqs],
      );
      return rows.map((r) => toStoredEvent(r, sealer));
    },
    async eventsOfTypes(filter: {
      readonly types: readonly string[];
      readonly states?: readonly EventState[];
      readonly limit: number;
    }): Promise<StoredEvent[]> {
      const { rows } = await pool.query<EventRow>(
        `SELECT ${eventColumns} FROM events
         WHERE type = ANY($1::text[]) AND causation_seq IS NULL
           AND ($2::text[] IS NULL OR state = ANY($2::text[]))
         ORDER BY seq DESC LIMIT $3`,
        [filter.types, filter.states ?? null, filter.limit],
      );
      return rows.map((r) => toStoredEvent(r, sealer));
    },
    async getDeadLetter(id: number): Promise<DeadLetter | undefined> {
      const { rows } = await pool.query<DeadLetterRow>(
        `SELECT d.id, d.event_seq, d.delivery_seq, d.reason_code, d.message, d.detail, d.state, d.created_at,
           d.closed_at, d.note, e.event_id, e.type, e.subject
         FROM dead_letters d JOIN events e ON e.seq = d.event_seq WHERE d.id = $1`,
        [id],
      );
      const row = rows[0];
      return row === undefined ? undefined : toDeadLetter(row, sealer);
    },
  };
}
