// Posting provenance on PostgreSQL: each new delivery's decision record and inputs, written in the
// decision's transaction (see src/store/provenance-port.ts), and read back for `ledgerline explain`.
import type pg from 'pg';
import type { NewDelivery, StoredDelivery } from '../port.ts';
import { digestsOf, type DeliveryRecord, type StoredProvenance } from '../provenance-port.ts';
import { deliveryColumns, toStoredDelivery, type DeliveryRow } from '../rows.ts';
import { deliveryMatches } from '../delivery-match.ts';
import type { FieldSealer } from '../field-sealer.ts';
import type { Queryable } from './database.ts';

/** Inside the caller's transaction: the records of delivery rows just inserted, two statements a batch. */
export async function recordProvenance(
  db: Queryable,
  deliveries: readonly NewDelivery[],
  sealer: FieldSealer,
): Promise<void> {
  const records = deliveries.flatMap((d) =>
    d.provenance === undefined
      ? []
      : [{ target: d.target, idempotency_key: d.idempotencyKey, record: d.provenance.record }],
  );
  if (records.length === 0) return;
  const inputs = new Map<string, string>();
  // Keyed by the digest of the clear JSON (dedupe), stored sealed (whole).
  for (const d of deliveries)
    for (const i of d.provenance?.inputs ?? [])
      if (!inputs.has(i.digest)) inputs.set(i.digest, sealer.sealOpaque(i.data));
  await db.query(
    `INSERT INTO delivery_provenance (target, idempotency_key, record)
     SELECT target, idempotency_key, record FROM json_to_recordset($1::json)
       AS u(target text, idempotency_key text, record text)
     ON CONFLICT DO NOTHING`,
    [JSON.stringify(records)],
  );
  await db.query(
    `INSERT INTO provenance_inputs (digest, data)
     SELECT digest, data FROM unnest($1::text[], $2::text[]) AS u(digest, data)
     ORDER BY digest ON CONFLICT DO NOTHING`,
    [[...inputs.keys()], [...inputs.values()]],
  );
}

/** Rows opened per page when a reference is looked for inside the (sealed) payloads. */
const scanPage = 500;

/** The decision records of deliveries, for a `posting.delivered` entry's digest: read in the completion's
 * transaction (the hot path) and by `explain`. */
export async function readDeliveryRecords(
  client: Queryable,
  deliverySeqs: readonly number[],
): Promise<DeliveryRecord[]> {
  if (deliverySeqs.length === 0) return [];
  const { rows } = await client.query<{ seq: string; record: string | null }>(
    `SELECT d.seq, p.record FROM deliveries d
     LEFT JOIN delivery_provenance p ON p.target = d.target AND p.idempotency_key = d.idempotency_key
     WHERE d.seq = ANY($1::bigint[])`,
    [deliverySeqs],
  );
  return rows.map((r) => ({ seq: Number(r.seq), record: r.record }));
}

export function createProvenanceReads(pool: pg.Pool, sealer: FieldSealer) {
  return {
    async findDeliveries(ref: string): Promise<StoredDelivery[]> {
      const seq = /^[0-9]{1,15}$/.test(ref) ? Number(ref) : -1;
      const direct = await pool.query<DeliveryRow>(
        `SELECT ${deliveryColumns} FROM deliveries WHERE seq = $1 OR idempotency_key = $2 ORDER BY seq`,
        [seq, ref],
      );
      if (direct.rows.length > 0) return direct.rows.map((r) => toStoredDelivery(r, sealer));
      // A target's id: external_refs is clear JSON, so SQL narrows it (an operator's look-up).
      const quoted = JSON.stringify(ref).slice(1, -1);
      const byRef = await pool.query<DeliveryRow>(
        `SELECT ${deliveryColumns} FROM deliveries WHERE strpos(coalesce(external_refs, ''), $1) > 0 ORDER BY seq`,
        [quoted],
      );
      const byTarget = byRef.rows
        .map((r) => toStoredDelivery(r, sealer))
        .filter((d) => deliveryMatches(d, ref));
      if (byTarget.length > 0) return byTarget;
      // A command's key: payloads are sealed whole, so SQL cannot see into them; pages are opened and matched.
      const found: StoredDelivery[] = [];
      for (let after = 0; ;) {
        const { rows } = await pool.query<DeliveryRow>(
          `SELECT ${deliveryColumns} FROM deliveries WHERE seq > $1 ORDER BY seq LIMIT $2`,
          [after, scanPage],
        );
        for (const r of rows) {
          const d = toStoredDelivery(r, sealer);
          if (deliveryMatches(d, ref)) found.push(d);
        }
        const last = rows[rows.length - 1];
        if (last === undefined || rows.length < scanPage) return found;
        after = last.seq;
      }
    },
    deliveryRecords: (seqs: readonly number[]) => readDeliveryRecords(pool, seqs),
    async deliveryProvenance(target: string, idempotencyKey: string): Promise<StoredProvenance | undefined> {
      const { rows } = await pool.query<{ record: string }>(
        'SELECT record FROM delivery_provenance WHERE target = $1 AND idempotency_key = $2',
        [target, idempotencyKey],
      );
      const row = rows[0];
      if (!row) return undefined;
      const found = await pool.query<{ digest: string; data: string }>(
        'SELECT digest, data FROM provenance_inputs WHERE digest = ANY($1::text[])',
        [digestsOf(row.record)],
      );
      return {
        record: row.record,
        inputs: new Map(found.rows.map((r) => [r.digest, sealer.openOpaque(r.data)])),
      };
    },
  };
}
