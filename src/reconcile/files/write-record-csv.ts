// Records to CSV lines in the record file format, so what one run writes another reads back unchanged.
import type { ReconRecord } from '../record.ts';
import { csvLine } from './csv-line.ts';
import { recordColumns } from './record-columns.ts';

export const recordCsvHeader = recordColumns.join(',');

/** The record's values in `recordColumns` order. An unknown amount is written as an empty one. */
export function recordCsvValues(r: ReconRecord): string[] {
  return [
    r.type,
    r.ref,
    r.entity,
    r.project,
    r.date,
    r.period ?? '',
    r.hours ?? '',
    r.amountUnknown === true ? '' : r.amount,
    r.currency,
    r.functional?.amount ?? '',
    r.functional?.currency ?? '',
    r.reversal === true ? 'true' : '',
    r.id ?? '',
  ];
}

export function recordCsvLine(r: ReconRecord): string {
  for (const value of [r.ref, r.entity, r.project, r.id ?? ''])
    if (/[\r\n]/.test(value)) throw new RangeError(`record ${JSON.stringify(r.ref)} holds a line break`);
  return csvLine(recordCsvValues(r));
}
