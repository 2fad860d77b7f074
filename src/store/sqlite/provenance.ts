// Posting provenance on SQLite: each new delivery's decision record and inputs, written in the decision's
// transaction (see src/store/provenance-port.ts), and read back for `ledgerline explain`.
import type { NewDelivery, StoredDelivery } from '../port.ts';
import { digestsOf, type StoredProvenance } from '../provenance-port.ts';
import { deliveryColumns, toStoredDelivery, type DeliveryRow } from '../rows.ts';
import { deliveryMatches } from '../delivery-match.ts';
import type { FieldSealer } from '../field-sealer.ts';
import type { SqliteDatabase } from './database.ts';

export function createProvenanceWriter(db: SqliteDatabase) {
  const insertRecord = db.prepare<[string, string, string]>(
    'INSERT INTO delivery_provenance (target, idempotency_key, record) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const insertInput = db.prepare<[string, string]>(
    'INSERT INTO provenance_inputs (digest, data) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  /** Inside the caller's transaction: the record of a delivery row just inserted. */
  return (delivery: NewDelivery): void => {
    const provenance = delivery.provenance;
    if (provenance === undefined) return;
    insertRecord.run(delivery.target, delivery.idempotencyKey, provenance.record);
    for (const input of provenance.inputs) insertInput.run(input.digest, input.data);
  };
}

export function createProvenanceReads(db: SqliteDatabase, sealer: FieldSealer) {
  const bySeqOrKey = db.prepare<[number, string], DeliveryRow>(
    `SELECT ${deliveryColumns} FROM deliveries WHERE seq = ? OR idempotency_key = ? ORDER BY seq`,
  );
  // A command's key or a target's id: no index holds them, so this scans (an operator's look-up, not the hot path).
  const byContent = db.prepare<[string, string], DeliveryRow>(
    `SELECT ${deliveryColumns} FROM deliveries
     WHERE instr(payload, ?) > 0 OR instr(coalesce(external_refs, ''), ?) > 0 ORDER BY seq`,
  );
  const record = db.prepare<[string, string], { record: string }>(
    'SELECT record FROM delivery_provenance WHERE target = ? AND idempotency_key = ?',
  );
  const input = db.prepare<[string], { data: string }>('SELECT data FROM provenance_inputs WHERE digest = ?');

  return {
    findDeliveries(ref: string): StoredDelivery[] {
      const seq = /^[0-9]{1,15}$/.test(ref) ? Number(ref) : -1;
      const direct = bySeqOrKey.all(seq, ref);
      // Both columns hold JSON: look for the reference as JSON writes it.
      const quoted = JSON.stringify(ref).slice(1, -1);
      const rows = direct.length > 0 ? direct : byContent.all(quoted, quoted);
      return rows.map((r) => toStoredDelivery(r, sealer)).filter((d) => deliveryMatches(d, ref));
    },
    deliveryProvenance(target: string, idempotencyKey: string): StoredProvenance | undefined {
      const row = record.get(target, idempotencyKey);
      if (!row) return undefined;
      const inputs = new Map<string, string>();
      for (const digest of digestsOf(row.record)) {
        const found = input.get(digest);
        if (found) inputs.set(digest, found.data);
      }
      return { record: row.record, inputs };
    },
  };
}
