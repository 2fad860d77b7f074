// Posting provenance on SQLite: each new delivery's decision record and inputs, written in the decision's
// transaction (see src/store/provenance-port.ts), and read back for `ledgerline explain`.
import type { NewDelivery, StoredDelivery } from '../port.ts';
import { digestsOf, type DeliveryRecord, type StoredProvenance } from '../provenance-port.ts';
import { deliveryColumns, toStoredDelivery, type DeliveryRow } from '../rows.ts';
import { deliveryMatches } from '../delivery-match.ts';
import type { FieldSealer } from '../field-sealer.ts';
import type { SqliteDatabase } from './database.ts';

/** Digests remembered as stored: past this many the memory starts over (a probe per input then). */
const rememberedDigests = 100_000;

export function createProvenanceWriter(db: SqliteDatabase, sealer: FieldSealer) {
  const insertRecord = db.prepare<[string, string, string]>(
    'INSERT INTO delivery_provenance (target, idempotency_key, record) VALUES (?, ?, ?) ON CONFLICT DO NOTHING',
  );
  const insertInput = db.prepare<[string, string]>(
    'INSERT INTO provenance_inputs (digest, data) VALUES (?, ?) ON CONFLICT DO NOTHING',
  );
  const hasInput = db.prepare<[string], { one: number }>(
    'SELECT 1 AS one FROM provenance_inputs WHERE digest = ?',
  );
  // Inputs whose rows are committed. Rows are never deleted (erasure and re-keying rewrite them in place),
  // so once committed a digest stays stored; a batch of ten entries at a steady load otherwise probed for
  // the same project, consultant and configuration every time.
  let committed = new Set<string>();

  return {
    /** Inside the caller's transaction: the record of a delivery row just inserted. `written` collects
     * the digests this transaction stored or found; they count as committed only once `committedAll` is
     * told so, after the transaction commits. */
    write(delivery: NewDelivery, written: Set<string>): void {
      const provenance = delivery.provenance;
      if (provenance === undefined) return;
      insertRecord.run(delivery.target, delivery.idempotencyKey, provenance.record);
      // Keyed by the digest of the clear JSON (dedupe), stored sealed; most inputs are already there,
      // and looking costs less than sealing.
      for (const input of provenance.inputs) {
        if (committed.has(input.digest) || written.has(input.digest)) continue;
        if (!hasInput.get(input.digest)) insertInput.run(input.digest, sealer.sealOpaque(input.data));
        written.add(input.digest);
      }
    },
    committedAll(written: Iterable<string>): void {
      for (const digest of written) {
        if (committed.size >= rememberedDigests) committed = new Set();
        committed.add(digest);
      }
    },
  };
}

/** The decision records of deliveries (a JSON array of seqs), for a `posting.delivered` entry's digest. */
export const deliveryRecordsSql = `SELECT d.seq AS seq, p.record AS record FROM deliveries d
  LEFT JOIN delivery_provenance p ON p.target = d.target AND p.idempotency_key = d.idempotency_key
  WHERE d.seq IN (SELECT value FROM json_each(?))`;

/** Rows opened per page when a reference is looked for inside the (sealed) payloads. */
const scanPage = 500;

export function createProvenanceReads(db: SqliteDatabase, sealer: FieldSealer) {
  const bySeqOrKey = db.prepare<[number, string], DeliveryRow>(
    `SELECT ${deliveryColumns} FROM deliveries WHERE seq = ? OR idempotency_key = ? ORDER BY seq`,
  );
  // A target's id: external_refs is clear JSON, so SQL narrows it (an operator's look-up, not the hot path).
  const byRef = db.prepare<[string], DeliveryRow>(
    `SELECT ${deliveryColumns} FROM deliveries WHERE instr(coalesce(external_refs, ''), ?) > 0 ORDER BY seq`,
  );
  // A command's key: payloads are sealed whole, so SQL cannot see into them; pages are opened and matched.
  const page = db.prepare<[number, number], DeliveryRow>(
    `SELECT ${deliveryColumns} FROM deliveries WHERE seq > ? ORDER BY seq LIMIT ?`,
  );
  const record = db.prepare<[string, string], { record: string }>(
    'SELECT record FROM delivery_provenance WHERE target = ? AND idempotency_key = ?',
  );
  const input = db.prepare<[string], { data: string }>('SELECT data FROM provenance_inputs WHERE digest = ?');
  const records = db.prepare<[string], DeliveryRecord>(deliveryRecordsSql);

  return {
    findDeliveries(ref: string): StoredDelivery[] {
      const seq = /^[0-9]{1,15}$/.test(ref) ? Number(ref) : -1;
      const direct = bySeqOrKey.all(seq, ref);
      if (direct.length > 0) return direct.map((r) => toStoredDelivery(r, sealer));
      // external_refs holds JSON: look for the reference as JSON writes it.
      const quoted = JSON.stringify(ref).slice(1, -1);
      const byTarget = byRef
        .all(quoted)
        .map((r) => toStoredDelivery(r, sealer))
        .filter((d) => deliveryMatches(d, ref));
      if (byTarget.length > 0) return byTarget;
      const found: StoredDelivery[] = [];
      for (let after = 0; ;) {
        const rows = page.all(after, scanPage);
        for (const r of rows) {
          const d = toStoredDelivery(r, sealer);
          if (deliveryMatches(d, ref)) found.push(d);
        }
        const last = rows[rows.length - 1];
        if (last === undefined || rows.length < scanPage) return found;
        after = last.seq;
      }
    },
    deliveryRecords(deliverySeqs: readonly number[]): DeliveryRecord[] {
      return records.all(JSON.stringify(deliverySeqs));
    },
    deliveryProvenance(target: string, idempotencyKey: string): StoredProvenance | undefined {
      const row = record.get(target, idempotencyKey);
      if (!row) return undefined;
      const inputs = new Map<string, string>();
      for (const digest of digestsOf(row.record)) {
        const found = input.get(digest);
        if (found) inputs.set(digest, sealer.openOpaque(found.data));
      }
      return { record: row.record, inputs };
    },
  };
}
