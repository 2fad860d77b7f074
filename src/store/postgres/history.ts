// Reading history on PostgreSQL: an event and its lineage, the dead-letter queue, replay, counts and
// latencies.
import type pg from 'pg';
import type {
  DeadLetter,
  DeadLetterState,
  DeliveryState,
  EventLineage,
  EventState,
  ReplaySelection,
  StoreStats,
  StoredEvent,
  Xref,
} from '../port.ts';
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
import { transaction } from './database.ts';

const eventStates: EventState[] = ['accepted', 'parked', 'delivering', 'completed', 'rejected', 'dead'];
const deliveryStates: DeliveryState[] = ['pending', 'delivered', 'dead'];

const deadLetterSelect = `SELECT d.id, d.event_seq, d.delivery_seq, d.reason_code, d.message, d.detail, d.state,
  d.created_at, d.closed_at, d.note, e.event_id, e.type, e.subject
  FROM dead_letters d JOIN events e ON e.seq = d.event_seq`;

export function createHistory(pool: pg.Pool, sealer: FieldSealer) {
  async function eventBySeq(seq: number): Promise<(EventRow & { causation_seq: number | null }) | undefined> {
    const { rows } = await pool.query<EventRow & { causation_seq: number | null }>(
      `SELECT ${eventColumns}, causation_seq FROM events WHERE seq = $1`,
      [seq],
    );
    return rows[0];
  }

  return {
    async getEvent(id: string, source?: string): Promise<StoredEvent[]> {
      const { rows } =
        source === undefined
          ? await pool.query<EventRow>(
              `SELECT ${eventColumns} FROM events WHERE event_id = $1 ORDER BY seq`,
              [id],
            )
          : await pool.query<EventRow>(
              `SELECT ${eventColumns} FROM events WHERE event_id = $1 AND source = $2`,
              [id, source],
            );
      return rows.map((r) => toStoredEvent(r, sealer));
    },
    async lineage(seq: number): Promise<EventLineage | null> {
      const row = await eventBySeq(seq);
      if (!row) return null;
      const event = toStoredEvent(row, sealer);
      const causedBy = row.causation_seq === null ? undefined : await eventBySeq(row.causation_seq);
      const deliveries = (
        await pool.query<DeliveryRow>(
          `SELECT ${deliveryColumns} FROM deliveries WHERE event_seq = $1 ORDER BY seq`,
          [seq],
        )
      ).rows.map((r) => toStoredDelivery(r, sealer));
      const postings: Xref[] = deliveries.flatMap((d) =>
        d.kind === 'provisionProject'
          ? []
          : d.externalRefs.map((r) => ({ canonicalId: r.key, system: d.target, externalId: r.externalId })),
      );
      // The subject's own ids and those of its parts (`<time entry>/billable-line`, `<time entry>/cost`).
      const own = await pool.query<{ canonical_id: string; system: string; external_id: string }>(
        `SELECT canonical_id, system, external_id FROM xrefs
         WHERE canonical_id = $1 OR starts_with(canonical_id, $1 || '/') ORDER BY canonical_id, system`,
        [event.event.subject],
      );
      const deadLetters = await pool.query<DeadLetterRow>(
        `${deadLetterSelect} WHERE d.event_seq = $1 ORDER BY d.id`,
        [seq],
      );
      const caused = await pool.query<EventRow>(
        `SELECT ${eventColumns} FROM events WHERE causation_seq = $1 ORDER BY seq`,
        [seq],
      );
      return {
        event,
        deliveries,
        deadLetters: deadLetters.rows.map((r) => toDeadLetter(r, sealer)),
        caused: caused.rows.map((r) => toStoredEvent(r, sealer)),
        causedBy: causedBy ? toStoredEvent(causedBy, sealer) : null,
        xrefs: [
          ...own.rows.map((x) => ({
            canonicalId: x.canonical_id,
            system: x.system,
            externalId: x.external_id,
          })),
          ...postings,
        ],
      };
    },
    async listDeadLetters(filter: {
      readonly state?: DeadLetterState;
      readonly limit?: number;
      readonly reasonPrefix?: string;
    }): Promise<DeadLetter[]> {
      const { rows } = await pool.query<DeadLetterRow>(
        `${deadLetterSelect} WHERE ($1::text IS NULL OR d.state = $1) AND starts_with(d.reason_code, $2)
         ORDER BY d.id LIMIT $3`,
        [filter.state ?? null, filter.reasonPrefix ?? '', filter.limit ?? 100],
      );
      return rows.map((r) => toDeadLetter(r, sealer));
    },
    retryDeadLetter(id: number, now: number): Promise<boolean> {
      return transaction(pool, async (client) => {
        const { rows } = await client.query<{ event_seq: number; delivery_seq: number | null }>(
          `UPDATE dead_letters SET state = 'retried', closed_at = $2 WHERE id = $1 AND state = 'open'
           RETURNING event_seq, delivery_seq`,
          [id, now],
        );
        const row = rows[0];
        if (!row) return false;
        if (row.delivery_seq !== null) {
          await client.query(
            `UPDATE deliveries SET state = 'pending', attempts = 0, run_at = $1, last_error = NULL,
               reason_code = NULL, lease_until = 0 WHERE seq = $2 AND state = 'dead'`,
            [now, row.delivery_seq],
          );
          await client.query(
            `UPDATE events SET state = 'delivering', reason_code = NULL, reason = NULL
             WHERE seq = $1 AND state = 'dead'
               AND NOT EXISTS (SELECT 1 FROM deliveries WHERE event_seq = $1 AND state = 'dead')`,
            [row.event_seq],
          );
        } else {
          // A rejected or poisoned event is decided again from scratch, with today's master data.
          await client.query(
            `UPDATE events SET state = 'accepted', reason_code = NULL, reason = NULL, park_key = NULL
             WHERE seq = $1`,
            [row.event_seq],
          );
        }
        return true;
      });
    },
    async resolveDeadLetter(id: number, note: string, now: number): Promise<boolean> {
      const { rowCount } = await pool.query(
        "UPDATE dead_letters SET state = 'resolved', closed_at = $2, note = $3 WHERE id = $1 AND state = 'open'",
        [id, now, note],
      );
      return rowCount === 1;
    },
    replay(selection: ReplaySelection, now: number): Promise<number> {
      return transaction(pool, async (client) => {
        const replayable = "causation_seq IS NULL AND state IN ('completed', 'rejected', 'dead')";
        const picked: { seq: number; type: string }[] = [];
        if (selection.eventIds !== undefined && selection.eventIds.length > 0)
          picked.push(
            ...(
              await client.query<{ seq: number; type: string }>(
                `SELECT seq, type FROM events WHERE event_id = ANY($1::text[]) AND ${replayable}`,
                [selection.eventIds],
              )
            ).rows,
          );
        if (selection.fromSeq !== undefined || selection.toSeq !== undefined)
          picked.push(
            ...(
              await client.query<{ seq: number; type: string }>(
                `SELECT seq, type FROM events WHERE seq BETWEEN $1 AND $2 AND ${replayable}`,
                [selection.fromSeq ?? 0, selection.toSeq ?? Number.MAX_SAFE_INTEGER],
              )
            ).rows,
          );
        const seqs = [
          ...new Set(
            picked
              .filter((r) => selection.types === undefined || selection.types.includes(r.type))
              .map((r) => r.seq),
          ),
        ].sort((a, b) => a - b);
        if (seqs.length === 0) return 0;
        const reset = `UPDATE deliveries SET state = 'pending', run_at = $2, attempts = 0, last_error = NULL,
          reason_code = NULL, lease_until = 0 WHERE event_seq = ANY($1::bigint[])`;
        if (selection.redeliver) await client.query(`${reset} AND state = 'delivered'`, [seqs, now]);
        await client.query(`${reset} AND state = 'dead'`, [seqs, now]);
        await client.query(
          "UPDATE dead_letters SET state = 'retried', closed_at = $2 WHERE event_seq = ANY($1::bigint[]) AND state = 'open'",
          [seqs, now],
        );
        await client.query(
          `UPDATE events SET state = 'accepted', replays = replays + 1, completed_at = NULL, reason = NULL,
             reason_code = NULL, pending_deliveries = 0 WHERE seq = ANY($1::bigint[])`,
          [seqs],
        );
        return seqs.length;
      });
    },
    async stats(): Promise<StoreStats> {
      const events = Object.fromEntries(eventStates.map((s) => [s, 0])) as Record<EventState, number>;
      const eventsByType: Record<string, Record<string, number>> = {};
      const byType = await pool.query<{ type: string; state: EventState; n: number }>(
        'SELECT type, state, count(*)::int AS n FROM events GROUP BY type, state',
      );
      for (const r of byType.rows) {
        events[r.state] += r.n;
        (eventsByType[r.type] ??= {})[r.state] = r.n;
      }
      const deliveries = Object.fromEntries(deliveryStates.map((s) => [s, 0])) as Record<
        DeliveryState,
        number
      >;
      let deliveryAttempts = 0;
      const byState = await pool.query<{ state: DeliveryState; n: number; attempts: number }>(
        'SELECT state, count(*)::int AS n, coalesce(sum(attempts), 0)::bigint AS attempts FROM deliveries GROUP BY state',
      );
      for (const r of byState.rows) {
        deliveries[r.state] = r.n;
        deliveryAttempts += r.attempts;
      }
      const open = await pool.query<{ n: number }>(
        "SELECT count(*)::int AS n FROM dead_letters WHERE state = 'open'",
      );
      const duplicates = await pool.query<{ value: number }>(
        "SELECT value FROM counters WHERE name = 'duplicates_refused'",
      );
      return {
        events,
        eventsByType,
        deliveries,
        deliveryAttempts,
        deadLettersOpen: open.rows[0]?.n ?? 0,
        duplicatesRefused: duplicates.rows[0]?.value ?? 0,
      };
    },
    async latencies(types: readonly string[]): Promise<number[]> {
      const { rows } = await pool.query<{ ms: number }>(
        `SELECT completed_at - received_at AS ms FROM events
         WHERE state = 'completed' AND causation_seq IS NULL AND type = ANY($1::text[])`,
        [types],
      );
      return rows.map((r) => r.ms);
    },
  };
}
