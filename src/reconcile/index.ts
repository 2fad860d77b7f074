// The reconciliation module's public surface, for use in process (tests, other tools): the record and
// reader shapes, the engine, its report, and record files.
export type { ReconRecord, ReconciliationReader, TransactionType } from './record.ts';
export { transactionTypes, bookedPeriod } from './record.ts';
export { reconcile, ReconciliationRun, type RecordSource } from './engine.ts';
export type {
  Difference,
  DifferenceClass,
  KeySide,
  ReconcileScope,
  ReconciliationReport,
  SideTotals,
  TotalsRow,
} from './report.ts';
export { differenceClasses } from './report.ts';
export { openRecordFile, recordsOf } from './files/record-file.ts';
export { fileReconciliationReader } from './files/file-reader.ts';
export { recordCsvHeader, recordCsvLine } from './files/write-record-csv.ts';
