// `--format csv`: the records behind every difference, one per line, in the record file format with the
// difference's class and the record's side in front. Keep the lines of one side and drop those two
// columns, and the file reads back as a record file (the reader ignores them).
import { csvLine } from '../files/csv-line.ts';
import { recordCsvHeader, recordCsvValues } from '../files/write-record-csv.ts';
import type { ReconciliationReport } from '../report.ts';

export function csvReport(report: ReconciliationReport): string {
  const lines = [`class,side,${recordCsvHeader}`];
  for (const d of report.differences)
    for (const side of ['source', 'target'] as const)
      for (const r of d.records[side]) lines.push(csvLine([d.class, side, ...recordCsvValues(r)]));
  return `${lines.join('\n')}\n`;
}
