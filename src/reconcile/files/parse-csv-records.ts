// CSV record files: a header naming the columns (any order; `type`, `ref`, `entity`, `date`, `amount`
// and `currency` required), then one record per line.
import type { ReconRecord } from '../record.ts';
import { splitCsvLine } from './csv-line.ts';
import {
  ValueProblem,
  holdsSeparator,
  recordColumns,
  recordOf,
  reportColumns,
  type RecordColumn,
} from './record-columns.ts';

const required: readonly RecordColumn[] = ['type', 'ref', 'entity', 'date', 'amount', 'currency'];
const known = new Set<string>([...recordColumns, ...reportColumns]);

/**
 * Where each of `recordColumns` is in a line (-1 when the file does not have it), how many fields a line
 * has, and whether the columns are exactly `recordColumns` in order (the usual case: no remapping).
 */
export interface CsvHeader {
  readonly columns: readonly number[];
  readonly width: number;
  readonly canonical: boolean;
}

export function parseCsvHeader(line: string): CsvHeader | ValueProblem {
  const names = splitCsvLine(line.replace(/^\uFEFF/, ''));
  if (names instanceof ValueProblem) return names;
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0)
    return new ValueProblem(
      `the header has unknown column(s) ${unknown.map((n) => `"${n}"`).join(', ')}; the columns are ${recordColumns.join(',')}`,
    );
  const missing = required.filter((c) => !names.includes(c));
  if (missing.length > 0)
    return new ValueProblem(
      `the header lacks ${missing.join(', ')}; the first line names the columns: ${recordColumns.join(',')}`,
    );
  const duplicated = names.filter((n, i) => names.indexOf(n) !== i);
  if (duplicated.length > 0) return new ValueProblem(`the header names ${duplicated.join(', ')} twice`);
  return {
    columns: recordColumns.map((c) => names.indexOf(c)),
    width: names.length,
    canonical: names.length === recordColumns.length && recordColumns.every((c, i) => names[i] === c),
  };
}

export function parseCsvRecord(line: string, header: CsvHeader): ReconRecord | ValueProblem {
  if (holdsSeparator(line)) return new ValueProblem('the line holds a control character (\\x1e or \\x1f)');
  const fields = splitCsvLine(line);
  if (fields instanceof ValueProblem) return fields;
  if (fields.length !== header.width)
    return new ValueProblem(
      `${fields.length} fields where the header has ${header.width} (quote a value holding a comma)`,
    );
  return recordOf(header.canonical ? fields : header.columns.map((i) => (i < 0 ? '' : (fields[i] ?? ''))));
}
