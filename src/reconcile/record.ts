// The record both sides of a reconciliation are read into, whatever the system or file behind them, and
// the reader that yields them. Amounts and hours are decimal strings (exact, never JS numbers).

export type TransactionType =
  'billable-time' | 'cost' | 'expense' | 'milestone-billing' | 'invoice' | 'payment';

/** Every transaction type, in the order reports list them. */
export const transactionTypes: readonly TransactionType[] = [
  'billable-time',
  'cost',
  'expense',
  'milestone-billing',
  'invoice',
  'payment',
];

export interface ReconRecord {
  readonly type: TransactionType;
  /** The reference both sides share: time entry id, expense id, billing item id, invoice number, payment id. */
  readonly ref: string;
  readonly entity: string; // legal entity id
  readonly project: string; // canonical project id; '' when the record has none (a payment)
  readonly date: string; // YYYY-MM-DD plain date: the transaction date (work date, expense date, invoice date)
  /** YYYY-MM the record is booked in, when not the month of `date` (the ERP posted it in the next open period). */
  readonly period?: string;
  readonly hours?: string; // decimal string; time only
  readonly amount: string; // signed decimal string in the transaction currency (a reversal is negative)
  readonly currency: string; // ISO 4217
  /** The amount in the entity's functional currency, when the system books it converted. */
  readonly functional?: { readonly amount: string; readonly currency: string };
  /** A reversing record (cancels an earlier posting of the same ref). */
  readonly reversal?: boolean;
  /** The system's own id of the record, for drill-down. */
  readonly id?: string;
  /**
   * The system does not know the amount (a PSA that keeps no rates prices nothing): counts and hours are
   * compared, the amount of this key is not, and totals count the record as unpriced. `amount` is then
   * "0" and means nothing. An explicit flag, so that a missing rate is never guessed as a zero amount.
   */
  readonly amountUnknown?: boolean;
}

export interface ReconciliationReader {
  readonly system: string;
  /** Records whose date's month OR booked period is the given period (YYYY-MM), optionally one entity only. */
  read(scope: { readonly period: string; readonly entity?: string }): AsyncIterable<ReconRecord>;
}

/** The month a record is booked in: its own `period`, else the month of its date. */
export function bookedPeriod(record: Pick<ReconRecord, 'date' | 'period'>): string {
  return record.period ?? record.date.slice(0, 7);
}
