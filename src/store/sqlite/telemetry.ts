// Read-only queries for telemetry: what waits in each queue (gauges read at scrape time) and where
// delivered events came from (delivery latency, trace context). Each uses a partial index of its state.
import { parkedByReason, type EventOrigin, type OpsSnapshot, type QueueClass } from '../port.ts';
import type { SqliteDatabase } from './database.ts';

interface QueueRow {
  readonly queue: QueueClass;
  readonly n: number;
  readonly oldest: number | null;
}

export function createTelemetryQueries(db: SqliteDatabase) {
  const accepted = db.prepare<[], QueueRow>(
    "SELECT queue, count(*) AS n, min(received_at) AS oldest FROM events WHERE state = 'accepted' GROUP BY queue",
  );
  const parked = db.prepare<[], QueueRow>(
    "SELECT queue, count(*) AS n, min(received_at) AS oldest FROM events WHERE state = 'parked' GROUP BY queue",
  );
  const pending = db.prepare<[], QueueRow>(
    "SELECT queue, count(*) AS n, min(created_at) AS oldest FROM deliveries WHERE state = 'pending' GROUP BY queue",
  );
  const parkKeys = db.prepare<[], { park_key: string | null; n: number }>(
    "SELECT park_key, count(*) AS n FROM events WHERE state = 'parked' GROUP BY park_key",
  );
  const openLetters = db.prepare<[], { reason_code: string; n: number }>(
    "SELECT reason_code, count(*) AS n FROM dead_letters WHERE state = 'open' GROUP BY reason_code",
  );
  const origin = db.prepare<[number], { received_at: number; traceparent: unknown; tracestate: unknown }>(
    "SELECT received_at, json_extract(envelope, '$.traceparent') AS traceparent, json_extract(envelope, '$.tracestate') AS tracestate FROM events WHERE seq = ?",
  );
  const text = (value: unknown) => (typeof value === 'string' ? value : null);

  return {
    opsSnapshot(): OpsSnapshot {
      const queues = (state: OpsSnapshot['queues'][number]['state'], rows: readonly QueueRow[]) =>
        rows.map((r) => ({ queue: r.queue, state, count: r.n, oldestAt: r.oldest }));
      return {
        queues: [
          ...queues('accepted', accepted.all()),
          ...queues('parked', parked.all()),
          ...queues('pending', pending.all()),
        ],
        parked: parkedByReason(parkKeys.all()),
        openDeadLetters: openLetters.all().map((r) => ({ reasonCode: r.reason_code, count: r.n })),
      };
    },
    eventOrigins(seqs: readonly number[]): Map<number, EventOrigin> {
      const out = new Map<number, EventOrigin>();
      for (const seq of new Set(seqs)) {
        const row = origin.get(seq);
        if (row)
          out.set(seq, {
            receivedAt: row.received_at,
            traceparent: text(row.traceparent),
            tracestate: text(row.tracestate),
          });
      }
      return out;
    },
  };
}
