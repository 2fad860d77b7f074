// Read-only queries for telemetry on PostgreSQL: what waits in each queue (gauges read at scrape time)
// and where delivered events came from (delivery latency, trace context).
import type pg from 'pg';
import { parkedByReason, type EventOrigin, type OpsSnapshot, type QueueClass } from '../port.ts';

export function createTelemetryQueries(pool: pg.Pool) {
  return {
    async opsSnapshot(): Promise<OpsSnapshot> {
      const [events, pending, parkKeys, letters] = await Promise.all([
        pool.query<{ queue: QueueClass; state: 'accepted' | 'parked'; n: number; oldest: number | null }>(
          // One arm per state, so each is answered from its state's partial index.
          `SELECT queue, 'accepted' AS state, count(*)::int AS n, min(received_at) AS oldest FROM events
           WHERE state = 'accepted' GROUP BY queue
           UNION ALL
           SELECT queue, 'parked' AS state, count(*)::int AS n, min(received_at) AS oldest FROM events
           WHERE state = 'parked' GROUP BY queue`,
        ),
        pool.query<{ queue: QueueClass; n: number; oldest: number | null }>(
          `SELECT queue, count(*)::int AS n, min(created_at) AS oldest FROM deliveries
           WHERE state = 'pending' GROUP BY queue`,
        ),
        pool.query<{ park_key: string | null; n: number }>(
          "SELECT park_key, count(*)::int AS n FROM events WHERE state = 'parked' GROUP BY park_key",
        ),
        pool.query<{ reason_code: string; n: number }>(
          "SELECT reason_code, count(*)::int AS n FROM dead_letters WHERE state = 'open' GROUP BY reason_code",
        ),
      ]);
      return {
        queues: [
          ...events.rows.map((r) => ({ queue: r.queue, state: r.state, count: r.n, oldestAt: r.oldest })),
          ...pending.rows.map((r) => ({
            queue: r.queue,
            state: 'pending' as const,
            count: r.n,
            oldestAt: r.oldest,
          })),
        ],
        parked: parkedByReason(parkKeys.rows),
        openDeadLetters: letters.rows.map((r) => ({ reasonCode: r.reason_code, count: r.n })),
      };
    },
    async eventOrigins(seqs: readonly number[]): Promise<Map<number, EventOrigin>> {
      const out = new Map<number, EventOrigin>();
      if (seqs.length === 0) return out;
      const { rows } = await pool.query<{
        seq: number;
        received_at: number;
        traceparent: string | null;
        tracestate: string | null;
      }>(
        `SELECT seq, received_at, envelope::jsonb ->> 'traceparent' AS traceparent,
           envelope::jsonb ->> 'tracestate' AS tracestate
         FROM events WHERE seq = ANY($1::bigint[])`,
        [[...new Set(seqs)]],
      );
      for (const r of rows)
        out.set(r.seq, { receivedAt: r.received_at, traceparent: r.traceparent, tracestate: r.tracestate });
      return out;
    },
  };
}
