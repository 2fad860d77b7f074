// The SLA monitor's and the alert router's queries (issue 7): open work by type and age, new and open
// dead letters, deliveries that keep failing, and the alerts table. A firing alert is unique per key
// (alerts_firing_key), so processes raising the same condition at once meet on one row.
import type pg from 'pg';
import type { DeadLetter } from '../port.ts';
import {
  alertColumns,
  toStoredAlert,
  type AlertFilter,
  type AlertRow,
  type NewAlert,
  type OpenWork,
  type RaisedAlert,
  type RetryingDeliveries,
  type StoredAlert,
} from '../ops-port.ts';
import { toDeadLetter, type DeadLetterRow } from '../rows.ts';
import type { FieldSealer } from '../field-sealer.ts';

const open = "state IN ('accepted', 'parked', 'delivering')";

export function createOpsQueries(pool: pg.Pool, sealer: FieldSealer) {
  return {
    async openWorkByType(): Promise<OpenWork[]> {
      const { rows } = await pool.query<{ type: string; open: number; oldest: number }>(
        `SELECT type, count(*) AS open, min(received_at) AS oldest FROM events WHERE ${open} GROUP BY type`,
      );
      return rows.map((r) => ({ type: r.type, open: r.open, oldestReceivedAt: r.oldest }));
    },
    async countOpenReceivedBefore(types: readonly string[], receivedBefore: number): Promise<number> {
      if (types.length === 0) return 0;
      const { rows } = await pool.query<{ n: number }>(
        `SELECT count(*) AS n FROM events WHERE ${open} AND type = ANY($1::text[]) AND received_at < $2`,
        [types, receivedBefore],
      );
      return rows[0]?.n ?? 0;
    },
    async deadLettersAfter(afterId: number, limit: number): Promise<DeadLetter[]> {
      const { rows } = await pool.query<DeadLetterRow>(
        `SELECT d.id, d.event_seq, d.delivery_seq, d.reason_code, d.message, d.detail, d.state, d.created_at,
           d.closed_at, d.note, e.event_id, e.type, e.subject
         FROM dead_letters d JOIN events e ON e.seq = d.event_seq WHERE d.id > $1 ORDER BY d.id LIMIT $2`,
        [afterId, limit],
      );
      return rows.map((r) => toDeadLetter(r, sealer));
    },
    async openDeadLettersByReason(reasonCodes: readonly string[]): Promise<Map<string, number>> {
      if (reasonCodes.length === 0) return new Map();
      const { rows } = await pool.query<{ reason_code: string; n: number }>(
        `SELECT reason_code, count(*) AS n FROM dead_letters WHERE state = 'open'
         AND reason_code = ANY($1::text[]) GROUP BY reason_code`,
        [reasonCodes],
      );
      return new Map(rows.map((r) => [r.reason_code, r.n]));
    },
    async retryingDeliveries(): Promise<RetryingDeliveries[]> {
      const { rows } = await pool.query<{ target: string; reason_code: string; n: number }>(
        `SELECT target, reason_code, count(*) AS n FROM deliveries
         WHERE state = 'pending' AND attempts > 0 AND reason_code IS NOT NULL GROUP BY target, reason_code`,
      );
      return rows.map((r) => ({ target: r.target, reasonCode: r.reason_code, count: r.n }));
    },
    async raiseAlert(alert: NewAlert): Promise<RaisedAlert> {
      // xmax = 0 only on a row this statement inserted: the alert opened rather than grew.
      const { rows } = await pool.query<AlertRow & { inserted: boolean }>(
        `INSERT INTO alerts (key, failure_domain, state, title, detail, first_at, last_at, count, routed_to)
         VALUES ($1, $2, 'firing', $3, $4, $5, $5, $6, $7)
         ON CONFLICT (key) WHERE state = 'firing' DO UPDATE SET count = alerts.count + excluded.count,
           last_at = greatest(alerts.last_at, excluded.last_at), detail = excluded.detail
         RETURNING ${alertColumns}, (xmax = 0) AS inserted`,
        [
          alert.key,
          alert.failureDomain,
          alert.title,
          alert.detail,
          alert.at,
          alert.occurrences,
          JSON.stringify(alert.routedTo),
        ],
      );
      const row = rows[0];
      if (!row) throw new Error(`raising alert ${alert.key} returned no row`);
      return { alert: toStoredAlert(row), opened: row.inserted };
    },
    async resolveAlert(key: string, at: number): Promise<StoredAlert | undefined> {
      const { rows } = await pool.query<AlertRow>(
        `UPDATE alerts SET state = 'resolved', resolved_at = $2 WHERE key = $1 AND state = 'firing'
         RETURNING ${alertColumns}`,
        [key, at],
      );
      return rows[0] ? toStoredAlert(rows[0]) : undefined;
    },
    async listAlerts(filter: AlertFilter): Promise<StoredAlert[]> {
      const { rows } = await pool.query<AlertRow>(
        `SELECT ${alertColumns} FROM alerts WHERE ($1::text IS NULL OR state = $1)
         ORDER BY last_at DESC, id DESC LIMIT $2`,
        [filter.state ?? null, filter.limit],
      );
      return rows.map(toStoredAlert);
    },
  };
}
