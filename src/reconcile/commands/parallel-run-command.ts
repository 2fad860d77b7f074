// `ledgerline reconcile parallel-run --legacy FILE --period P --config F`: before a legacy interface is
// retired, its export for a period (the source) against what Ledgerline posted to the ERP in that period
// (the target, from its store). Only what Ledgerline posts is compared: invoices and payments come from
// the ERP and are left out.
import { basename } from 'node:path';
import { CliError, exitCodes } from '../../cli/cli-error.ts';
import { openStoreAt } from '../../cli/open-store.ts';
import { loadConfig } from '../../config/load-config.ts';
import { ReconciliationRun } from '../engine.ts';
import { RecordFileError } from '../files/record-file-error.ts';
import { openRecordFile } from '../files/record-file.ts';
import type { NotCompared } from '../format/report-context.ts';
import { ledgerlinePostingsReader } from '../ledgerline-postings.ts';
import { ReconcileProgress } from '../progress-display.ts';
import type { TransactionType } from '../record.ts';
import { repairMissing } from '../repair.ts';
import { formatOf, positiveInteger, scopeOf, type ScopeOptions } from './command-options.ts';
import { writeRepair, writeReport } from './write-report.ts';

export interface ParallelRunOptions extends ScopeOptions {
  readonly legacy: string;
  readonly config: string;
  readonly format?: string;
  readonly progress?: boolean;
  readonly repair?: boolean;
  readonly limit?: string;
}

const posted: ReadonlySet<TransactionType> = new Set([
  'billable-time',
  'cost',
  'expense',
  'milestone-billing',
]);
const notCompared: NotCompared[] = [
  { type: 'invoice', reason: 'Ledgerline posts no invoices: the ERP issues them' },
  { type: 'payment', reason: 'Ledgerline posts no payments: the ERP records them' },
];

export async function parallelRunCommand(options: ParallelRunOptions): Promise<void> {
  const scope = scopeOf(options);
  const format = formatOf(options.format);
  const perClass = positiveInteger(options.limit, '--limit', 20);
  const config = loadConfig(options.config);
  const store = await openStoreAt({ config: options.config });
  const progress = new ReconcileProgress(options.progress === true);
  try {
    const run = new ReconciliationRun(scope);
    let legacy;
    try {
      legacy = openRecordFile(options.legacy);
    } catch (error) {
      if (error instanceof RecordFileError) throw new CliError(error.message, exitCodes.usage);
      throw error;
    }
    const readLegacy = async () => {
      try {
        for await (const batch of legacy.batches()) {
          batch.forEach((r) => {
            if (posted.has(r.type)) run.add('source', r);
          });
          progress.records(run.read.source, run.read.target, 0, 2);
        }
      } catch (error) {
        if (error instanceof RecordFileError) throw new CliError(error.message, exitCodes.usage);
        throw error;
      }
    };
    const readLedgerline = async () => {
      for await (const r of ledgerlinePostingsReader(store, { erpSystem: config.systems.erp.id }).read(scope))
        run.add('target', r);
    };
    await Promise.all([readLegacy(), readLedgerline()]);
    progress.finish();
    const report = run.report();
    writeReport(
      {
        report,
        context: { source: `legacy ${basename(options.legacy)}`, target: 'ledgerline', notCompared },
      },
      format,
      perClass,
    );
    if (options.repair === true) writeRepair(await repairMissing(store, report.differences, Date.now()));
    if (!report.ok) process.exitCode = exitCodes.checkFailed;
  } finally {
    progress.finish();
    await store.close();
  }
}
