// What field protection, retention and erasure (issue 8, src/security/) need from the store: the stored
// text of the columns that may hold sensitive values, read raw (sealed as it is) and rewritten row by row.
// A rewrite names the text it replaces and is skipped when the row changed meanwhile, so it can run while
// the service writes (key rotation without downtime).

/** The columns that may hold sensitive values: events.envelope, deliveries.payload, master_data.data,
 * dead_letters.detail, provenance_inputs.data (the master records a decision read, sealed whole;
 * delivery_provenance.record holds ids and digests only, so it stays clear). */
export type ProtectedTable = 'events' | 'deliveries' | 'master_data' | 'dead_letters' | 'provenance_inputs';
export const protectedTables: readonly ProtectedTable[] = [
  'events',
  'deliveries',
  'master_data',
  'dead_letters',
  'provenance_inputs',
];

export interface ProtectedRow {
  readonly table: ProtectedTable;
  /** The row's key: its seq or id as a decimal string; `kind|id` for master data; a provenance input's digest. */
  readonly key: string;
  readonly text: string;
}

export interface ProtectedRewrite extends ProtectedRow {
  /** The text the row must still hold for the rewrite to apply. */
  readonly from: string;
}

export interface PurgeCandidate {
  readonly seq: number;
  readonly type: string;
  readonly receivedAt: number;
  readonly envelope: string;
}

export interface ProtectionPort {
  /** Rows of one table in key order after `afterKey` (null: from the start), raw stored text. */
  scanProtected(table: ProtectedTable, afterKey: string | null, limit: number): Promise<ProtectedRow[]>;
  /** Applies each rewrite whose row still holds `from`, in one transaction; answers how many applied. */
  rewriteProtected(rewrites: readonly ProtectedRewrite[]): Promise<number>;
  /** Events whose subject is `subject` and the master records with that id (erasure). */
  protectedRowsAbout(subject: string): Promise<ProtectedRow[]>;
  /**
   * Finished events (completed, or rejected or dead with no open dead letter) of these types received
   * before `receivedBefore`, not purged yet, with seq above `afterSeq`, oldest first.
   */
  purgeCandidates(
    types: readonly string[],
    receivedBefore: number,
    afterSeq: number,
    limit: number,
  ): Promise<PurgeCandidate[]>;
  /** Replaces the envelopes (where still `from`) and marks the events purged at `at`; answers how many. */
  markPurged(
    purged: readonly { readonly seq: number; readonly from: string; readonly envelope: string }[],
    at: number,
  ): Promise<number>;
}
