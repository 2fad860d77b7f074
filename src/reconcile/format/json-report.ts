// `--format json`: the whole report, every difference with its records, and what was compared.
import type { ReconciliationReport } from '../report.ts';
import type { ReportContext } from './report-context.ts';

export function jsonReport(report: ReconciliationReport, context: ReportContext): string {
  const { period, entity, ...rest } = report;
  return `${JSON.stringify({ period, ...(entity === undefined ? {} : { entity }), ...context, ...rest }, null, 2)}\n`;
}
