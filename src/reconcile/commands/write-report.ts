// Prints a report on stdout in the chosen format, and a repair's outcome on stderr.
import { csvReport } from '../format/csv-report.ts';
import { jsonReport } from '../format/json-report.ts';
import { tableReport } from '../format/table-report.ts';
import type { RepairOutcome } from '../repair.ts';
import type { ReportFormat } from './command-options.ts';
import type { ReconciledRun } from '../read-systems.ts';

export function writeReport(run: ReconciledRun, format: ReportFormat, perClass: number): void {
  const text =
    format === 'json'
      ? jsonReport(run.report, run.context)
      : format === 'csv'
        ? csvReport(run.report)
        : tableReport(run.report, run.context, perClass);
  process.stdout.write(text);
}

export function writeRepair(outcome: RepairOutcome): void {
  const lines: string[] = [];
  const section = (title: string, entries: RepairOutcome['queued']) => {
    if (entries.length === 0) return;
    lines.push(`${title}: ${entries.length}`);
    for (const e of entries) lines.push(`  ${e.type} ${e.ref}: ${e.detail}`);
  };
  section('queued again (the running service posts them: ledgerline serve)', outcome.queued);
  section('not queued, still on their way', outcome.waiting);
  section('not queued, never received by Ledgerline', outcome.notReceived);
  section('not queued, not posted by Ledgerline', outcome.notRepairable);
  if (lines.length === 0) lines.push('nothing is missing in the target: nothing to repair');
  process.stderr.write(`${lines.join('\n')}\n`);
}
