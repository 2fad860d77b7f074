// The dead-letter queue: list, send back into the pipeline, or close with a note.
import type { DeadLetter, DeadLetterState } from '../port.ts';
import { writeTransaction, type SqliteDatabase } from './database.ts';
import { toDeadLetter, type DeadLetterRow } from '../rows.ts';
import type { FieldSealer } from '../field-sealer.ts';

const select = `SELECT d.id, d.event_seq, d.delivery_seq, d.reason_code, d.message, d.detail, d.state, d.created_at,
  d.closed_at, d.note, e.event_id, e.type, e.subject
  FROM dead_letters d JOIN events e ON e.seq = d.event_seq`;

export function createDeadLetters(db: SqliteDatabase, sealer: FieldSealer) {
  const list = db.prepare<{ state: string | null; prefix: string; limit: number }, DeadLetterRow>(
    `${select} WHERE (@state IS NULL OR d.state = @state)
       AND substr(d.reason_code, 1, length(@prefix)) = @prefix ORDER BY d.id LIMIT @limit`,
  );
  const byId = db.prepare<[number], DeadLetterRow>(`${select} WHERE d.id = ?`);
  const close = db.prepare<[string, number, string | null, number]>(
    "UPDATE dead_letters SET state = ?, closed_at = ?, note = ? WHERE id = ? AND state = 'open'",
  );
  const redeliver = db.prepare<[number, number]>(
    `UPDATE deliveries SET state = 'pending', attempts = 0, run_at = ?, last_error = NULL, reason_code = NULL
     WHERE seq = ? AND state = 'dead'`,
  );
  const stillDead = db.prepare<[number], { n: number }>(
    "SELECT count(*) AS n FROM deliveries WHERE event_seq = ? AND state = 'dead'",
  );
  const eventDelivering = db.prepare<[number]>(
    "UPDATE events SET state = 'delivering', reason_code = NULL, reason = NULL WHERE seq = ? AND state = 'dead'",
  );
  const eventReprocess = db.prepare<[number]>(
    "UPDATE events SET state = 'accepted', reason_code = NULL, reason = NULL, park_key = NULL WHERE seq = ?",
  );

  return {
    list(filter: {
      readonly state?: DeadLetterState;
      readonly limit?: number;
      readonly reasonPrefix?: string;
    }): DeadLetter[] {
      return list
        .all({ state: filter.state ?? null, prefix: filter.reasonPrefix ?? '', limit: filter.limit ?? 100 })
        .map((r) => toDeadLetter(r, sealer));
    },
    retry: writeTransaction(db, (id: number, now: number): boolean => {
      const row = byId.get(id);
      if (row?.state !== 'open') return false;
      close.run('retried', now, null, id);
      if (row.delivery_seq !== null) {
        redeliver.run(now, row.delivery_seq);
        if ((stillDead.get(row.event_seq)?.n ?? 0) === 0) eventDelivering.run(row.event_seq);
      } else {
        // A rejected or poisoned event is decided again from scratch, with today's master data.
        eventReprocess.run(row.event_seq);
      }
      return true;
    }),
    resolve: writeTransaction(
      db,
      (id: number, note: string, now: number): boolean => close.run('resolved', now, note, id).changes === 1,
    ),
  };
}
