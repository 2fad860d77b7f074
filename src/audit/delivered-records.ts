// The decision records of a batch of delivered postings, bound into the hash-chained audit log: the
// `posting.delivered` entry of each completion carries one digest over the records of its deliveries, so
// a record rewritten after delivery, however consistently with its event and payload, no longer matches
// an entry `ledgerline audit verify` proves. Records hold ids and digests only (never personal data):
// erasure and key rotation leave them as they were.
import { createHash } from 'node:crypto';
import type { DeliveryRecord } from '../store/provenance-port.ts';

export function deliveredRecordsDigest(rows: readonly DeliveryRecord[]): string {
  const hash = createHash('sha256');
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) {
    const record = row.record === null ? '-' : createHash('sha256').update(row.record).digest('hex');
    hash.update(`${row.seq}:${record}\n`);
  }
  return hash.digest('hex');
}
