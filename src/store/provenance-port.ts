// Posting provenance (issue 8, `ledgerline explain`): what each delivery was derived from, written in the
// transaction that writes the delivery. The store keeps the record opaque; src/pipeline/provenance/ reads it.

/** One input a decision read (a master record, the decide environment), stored once by its digest. */
export interface ProvenanceInput {
  readonly digest: string;
  /** The input as JSON text, exactly as the decision saw it. */
  readonly data: string;
}

/** What a delivery was derived from. The first decision that wrote the delivery row writes it too. */
export interface DeliveryProvenance {
  /** The decision record as JSON (src/pipeline/provenance/decision-record.ts). */
  readonly record: string;
  readonly inputs: readonly ProvenanceInput[];
}

export interface StoredProvenance {
  readonly record: string;
  /** digest -> JSON text, for every input the record names that the store holds. */
  readonly inputs: ReadonlyMap<string, string>;
}

/** A delivery's decision record as stored (null: none was kept, e.g. a posting made before provenance). */
export interface DeliveryRecord {
  readonly seq: number;
  readonly record: string | null;
}

/** The input digests a record names (its environment and master records), whatever else it holds. */
export function digestsOf(record: string): string[] {
  try {
    const r = JSON.parse(record) as { configDigest?: unknown; master?: Record<string, unknown> };
    const all = [r.configDigest, ...Object.values(r.master ?? {})];
    return all.filter((d): d is string => typeof d === 'string');
  } catch {
    return [];
  }
}
