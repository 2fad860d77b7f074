// What reconciliation reads and writes: delivered postings (a parallel run), the events received about a
// subject (a repair finds what to replay), and the append-only, chained sign-offs.
import type { DeliveredFilter, SignOff, StoredDelivery, StoredEvent, StoredSignOff } from '../port.ts';
import { writeTransaction, type SqliteDatabase } from './database.ts';
import {
  deliveryColumns,
  eventColumns,
  signOffColumns,
  toStoredDelivery,
  toStoredEvent,
  toStoredSignOff,
  type DeliveryRow,
  type EventRow,
  type SignOffRow,
} from '../rows.ts';
import type { FieldSealer } from '../field-sealer.ts';

export function createReconciliationStore(db: SqliteDatabase, sealer: FieldSealer) {
  const delivered = db.prepare<[string, number, string, number], DeliveryRow>(
    `SELECT ${deliveryColumns} FROM deliveries
     WHERE target = ? AND state = 'delivered' AND seq > ? AND kind IN (SELECT value FROM json_each(?))
     ORDER BY seq LIMIT ?`,
  );
  // Subjects are few (the differences of one run): one pass over the events, no index on subject to keep
  // up on the intake path.
  const aboutSubjects = db.prepare<[string], EventRow>(
    `SELECT ${eventColumns} FROM events
     WHERE causation_seq IS NULL AND subject IN (SELECT value FROM json_each(?)) ORDER BY seq`,
  );
  const lastSignOff = db.prepare<[], SignOffRow>(
    `SELECT ${signOffColumns} FROM reconciliation_sign_offs ORDER BY seq DESC LIMIT 1`,
  );
  const insertSignOff = db.prepare<
    [string, string | null, string, string, string, string, number, string | null, string, string]
  >(
    `INSERT INTO reconciliation_sign_offs (period, entity, signed_by, signed_at, totals, totals_sha256,
       differences, accepted_differences, previous_sha256, sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const allSignOffs = db.prepare<[], SignOffRow>(
    `SELECT ${signOffColumns} FROM reconciliation_sign_offs ORDER BY seq`,
  );

  return {
    listDelivered(filter: DeliveredFilter): StoredDelivery[] {
      return delivered
        .all(filter.target, filter.afterSeq, JSON.stringify(filter.kinds), filter.limit)
        .map((r) => toStoredDelivery(r, sealer));
    },
    sourceEventsAbout(subjects: readonly string[]): StoredEvent[] {
      if (subjects.length === 0) return [];
      return aboutSubjects.all(JSON.stringify(subjects)).map((r) => toStoredEvent(r, sealer));
    },
    appendSignOff: writeTransaction(
      db,
      (build: (previous: StoredSignOff | undefined) => SignOff): StoredSignOff => {
        const last = lastSignOff.get();
        const s = build(last === undefined ? undefined : toStoredSignOff(last));
        const { lastInsertRowid } = insertSignOff.run(
          s.period,
          s.entity,
          s.signedBy,
          s.signedAt,
          s.totals,
          s.totalsSha256,
          s.differences,
          s.acceptedDifferences,
          s.previousSha256,
          s.sha256,
        );
        return { seq: Number(lastInsertRowid), ...s };
      },
    ),
    listSignOffs(): StoredSignOff[] {
      return allSignOffs.all().map(toStoredSignOff);
    },
  };
}
