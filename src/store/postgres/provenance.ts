// Posting provenance on PostgreSQL: each new delivery's decision record and inputs, written in the
// decision's transaction (see src/store/provenance-port.ts), and read back for `ledgerline explain`.
import type pg from 'pg';
import type { NewDelivery, StoredDelivery } from '../port.ts';
import { digestsOf, type StoredProvenance } from '../provenance-port.ts';
import { deliveryColumns, toStoredDelivery, type DeliveryRow } from '../rows.ts';
import { deliveryMatches } from '../delivery-match.ts';
import type { FieldSealer } from '../field-sealer.ts';
import type { Queryable } from './database.ts';

/** Inside the caller's transaction: the records of delivery rows just inserted, two statements a batch. */
export async function recordProvenance(db: Queryable, deliveries: readonly NewDelivery[]): Promise<void> {
  const records = deliveries.flatMap((d) =>
    d.provenance === undefined
      ? []
      : [{ target: d.target, idempotency_key: d.idempotencyKey, record: d.provenance.record }],
  );
  if (records.length === 0) return;
  const inputs = new Map<string, string>();
  for (const d of deliveries) for (const i of d.provenance?.inputs ?? []) inputs.set(i.digest, i.data);
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

export function createProvenanceReads(pool: pg.Pool, sealer: FieldSealer) {
  return {
    async findDeliveries(ref: string): Promise<StoredDelivery[]> {
      const seq = /^[0-9]{1,15}$/.test(ref) ? Number(ref) : -1;
      const direct = await pool.query<DeliveryRow>(
        `SELECT ${deliveryColumns} FROM deliveries WHERE seq = $1 OR idempotency_key = $2 ORDER BY seq`,
        [seq, ref],
      );
      // A command's key or a target's id: no index holds them, so this scans (an operator's look-up).
      const quoted = JSON.stringify(ref).slice(1, -1);
      const rows =
        direct.rows.length > 0
          ? direct.rows
          : (
              await pool.query<DeliveryRow>(
                `SELECT ${deliveryColumns} FROM deliveries
                 WHERE strpos(payload, $1) > 0 OR strpos(coalesce(external_refs, ''), $1) > 0 ORDER BY seq`,
                [quoted],
              )
            ).rows;
      return rows.map((r) => toStoredDelivery(r, sealer)).filter((d) => deliveryMatches(d, ref));
    },
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
      return { record: row.record, inputs: new Map(found.rows.map((r) => [r.digest, r.data])) };
    },
  };
}
