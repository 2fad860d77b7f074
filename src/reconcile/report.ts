// What a reconciliation answers: control totals per entity, project, type and currency for both sides,
// and every difference, classified, with the records behind it. Plain data, sorted, so two runs over the
// same records give the same report byte for byte.
import type { ReconRecord, TransactionType } from './record.ts';

/**
 * The classes, in precedence order: a key gets the first that applies (see classify.ts and ADR 12). Each
 * earlier class explains the later ones: a missing or duplicated record also makes the amounts differ.
 */
export const differenceClasses = [
  'missing_in_target',
  'extra_in_target',
  'duplicate',
  'amount_drift',
  'fx_difference',
  'period_mismatch',
] as const;
export type DifferenceClass = (typeof differenceClasses)[number];

export interface ReconcileScope {
  /** YYYY-MM. */
  readonly period: string;
  readonly entity?: string;
}

export interface SideTotals {
  /** Live records: postings less reversals. */
  readonly count: number;
  readonly hours: string;
  readonly amount: string;
  /** Records whose amount the system does not know (`amountUnknown`); they are not in `amount`. */
  readonly unpriced: number;
  /** Amounts in functional currency, per functional currency, of the records that carry one. */
  readonly functional: Readonly<Record<string, string>>;
}

/** Totals of the records booked in the period, per entity, project, type and transaction currency. */
export interface TotalsRow {
  readonly entity: string;
  readonly project: string;
  readonly type: TransactionType;
  readonly currency: string;
  readonly source: SideTotals;
  readonly target: SideTotals;
  /** target - source. */
  readonly difference: { readonly count: number; readonly hours: string; readonly amount: string };
}

/** One side of one key (type and ref), netted: reversals cancel postings. */
export interface KeySide {
  /** Live count: postings less reversals. */
  readonly count: number;
  readonly hours: string;
  readonly amount: string;
  /** The transaction currency; several, comma-separated, when the records disagree. */
  readonly currency: string;
  readonly functional?: { readonly amount: string; readonly currency: string };
  /** Booked period of its postings; several, comma-separated, when they disagree. */
  readonly period: string;
  /** Some record of this side has no amount: the amount was not compared. */
  readonly amountUnknown?: true;
}

export interface Difference {
  readonly class: DifferenceClass;
  readonly type: TransactionType;
  readonly ref: string;
  readonly entity: string;
  readonly project: string;
  /** Absent when the side holds no record of this key. */
  readonly source?: KeySide;
  readonly target?: KeySide;
  readonly records: { readonly source: readonly ReconRecord[]; readonly target: readonly ReconRecord[] };
}

export interface ReconciliationReport {
  readonly period: string;
  readonly entity?: string;
  /** No differences. */
  readonly ok: boolean;
  /** Records taken in per side (after the entity filter). */
  readonly read: { readonly source: number; readonly target: number };
  /** Keys (type and ref) in scope: booked in the period on either side. */
  readonly keys: number;
  readonly counts: Readonly<Record<DifferenceClass, number>>;
  readonly totals: readonly TotalsRow[];
  /** Sorted by class (precedence order), type, ref. */
  readonly differences: readonly Difference[];
}
