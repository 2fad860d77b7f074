// A system's reconciliation reader and what it can read. Types a reader cannot read are left out of the
// comparison on both sides and named in the report: comparing them would report every record as missing.
import type { ReconciliationReader, TransactionType } from './record.ts';

export interface CoveredReader extends ReconciliationReader {
  /** The transaction types this system's records can be read for. */
  readonly types: readonly TransactionType[];
  /** Why the other types cannot be read (shown with the report). */
  readonly gaps?: string;
  close(): Promise<void>;
}

/** Where a configured system stands: its reader, or why it has none. */
export interface ReaderSlot {
  readonly system: string;
  readonly connector: string;
  readonly reader: CoveredReader | undefined;
}
