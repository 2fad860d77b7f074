// The SLA monitor's and the alert router's queries (issue 7): open work by type and age, new and open
// dead letters, deliveries that keep failing, and the alerts table.
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
import { writeTransaction, type SqliteDatabase } from './database.ts';

// Must repeat the partial index's condition (events_open_by_type) word for word for SQLite to use it.
const open = "state IN ('accepted', 'parked', 'delivering')";

export function createOpsQueries(db: SqliteDatabase, sealer: FieldSealer) {
  const openWork = db.prepare<[], { type: string; open: number; oldest: number }>(
    `SELECT type, count(*) AS open, min(received_at) AS oldest FROM events WHERE ${open} GROUP BY type`,
  );
  const deadLettersAfter = db.prepare<[number, number], DeadLetterRow>(
    `SELECT d.id, d.event_seq, d.delivery_seq, d.reason_code, d.message, d.detail, d.state, d.created_at,
       d.closed_at, d.note, e.event_id, e.type, e.subject
     FROM dead_letters d JOIN events e ON e.seq = d.event_seq WHERE d.id > ? ORDER BY d.id LIMIT ?`,
  );
  const retrying = db.prepare<[], { target: string; reason_code: string; n: number }>(
    `SELECT target, reason_code, count(*) AS n FROM deliveries
     WHERE state = 'pending' AND attempts > 0 AND reason_code IS NOT NULL GROUP BY target, reason_code`,
  );
  const firing = db.prepare<[string], AlertRow>(
    `SELECT ${alertColumns} FROM alerts WHERE key = ? AND state = 'firing'`,
  );
  const byId = db.prepare<[number], AlertRow>(`SELECT ${alertColumns} FROM alerts WHERE id = ?`);
  const addTo = db.prepare<[number, number, string, number]>(
    'UPDATE alerts SET count = count + ?, last_at = max(last_at, ?), detail = ? WHERE id = ?',
  );
  const insert = db.prepare<[string, string, string, string, number, number, number, string]>(
    `INSERT INTO alerts (key, failure_domain, state, title, detail, first_at, last_at, count, routed_to)
     VALUES (?, ?, 'firing', ?, ?, ?, ?, ?, ?)`,
  );
  const resolve = db.prepare<[number, string], AlertRow>(
    `UPDATE alerts SET state = 'resolved', resolved_at = ? WHERE key = ? AND state = 'firing'
     RETURNING ${alertColumns}`,
  );
  const list = db.prepare<{ state: string | null; limit: number }, AlertRow>(
    `SELECT ${alertColumns} FROM alerts WHERE (@state IS NULL OR state = @state)
     ORDER BY last_at DESC, id DESC LIMIT @limit`,
  );

  return {
    openWorkByType: (): OpenWork[] =>
      openWork.all().map((r) => ({ type: r.type, open: r.open, oldestReceivedAt: r.oldest })),
    countOpenReceivedBefore(types: readonly string[], receivedBefore: number): number {
      if (types.length === 0) return 0;
      const row = db
        .prepare<unknown[], { n: number }>(
          `SELECT count(*) AS n FROM events WHERE ${open}
           AND type IN (${types.map(() => '?').join(', ')}) AND received_at < ?`,
        )
        .get(...types, receivedBefore);
      return row?.n ?? 0;
    },
    deadLettersAfter: (afterId: number, limit: number): DeadLetter[] =>
      deadLettersAfter.all(afterId, limit).map((r) => toDeadLetter(r, sealer)),
    openDeadLettersByReason(reasonCodes: readonly string[]): Map<string, number> {
      if (reasonCodes.length === 0) return new Map();
      const rows = db
        .prepare<string[], { reason_code: string; n: number }>(
          `SELECT reason_code, count(*) AS n FROM dead_letters WHERE state = 'open'
           AND reason_code IN (${reasonCodes.map(() => '?').join(', ')}) GROUP BY reason_code`,
        )
        .all(...reasonCodes);
      return new Map(rows.map((r) => [r.reason_code, r.n]));
    },
    retryingDeliveries: (): RetryingDeliveries[] =>
      retrying.all().map((r) => ({ target: r.target, reasonCode: r.reason_code, count: r.n })),
    raiseAlert: writeTransaction(db, (alert: NewAlert): RaisedAlert => {
      const current = firing.get(alert.key);
      if (current) {
        addTo.run(alert.occurrences, alert.at, alert.detail, current.id);
        const row = byId.get(current.id);
        if (!row) throw new Error(`alert ${current.id} vanished inside its transaction`);
        return { alert: toStoredAlert(row), opened: false };
      }
      const { lastInsertRowid } = insert.run(
        alert.key,
        alert.failureDomain,
        alert.title,
        alert.detail,
        alert.at,
        alert.at,
        alert.occurrences,
        JSON.stringify(alert.routedTo),
      );
      const row = byId.get(Number(lastInsertRowid));
      if (!row) throw new Error('the new alert was not found inside its transaction');
      return { alert: toStoredAlert(row), opened: true };
    }),
    resolveAlert: writeTransaction(db, (key: string, at: number): StoredAlert | undefined => {
      const row = resolve.get(at, key);
      return row ? toStoredAlert(row) : undefined;
    }),
    listAlerts: (filter: AlertFilter): StoredAlert[] =>
      list.all({ state: filter.state ?? null, limit: filter.limit }).map(toStoredAlert),
  };
}
