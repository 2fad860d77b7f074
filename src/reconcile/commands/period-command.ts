// `ledgerline reconcile --period P (--config F | --source F --target F)`: one period, PSA against ERP
// (or two files); exit 0 without differences, 1 with, 2 on bad usage, 3 when a system cannot be read.
import { CliError, exitCodes } from '../../cli/cli-error.ts';
import { openStoreAt } from '../../cli/open-store.ts';
import { withConnectors } from '../../cli/with-connectors.ts';
import type { Store } from '../../store/port.ts';
import { ReconcileProgress } from '../progress-display.ts';
import { repairMissing } from '../repair.ts';
import { currentOperator, runRecord } from '../run-record.ts';
import type { ReconcileScope } from '../report.ts';
import { formatOf, positiveInteger, scopeOf, type ScopeOptions } from './command-options.ts';
import { readFiles } from './read-files.ts';
import { readSystems, type ReconciledRun } from '../read-systems.ts';
import { SystemReadError } from '../system-read-error.ts';
import { writeRepair, writeReport } from './write-report.ts';
import { repairRecorded } from '../segregation.ts';
import { cliActor } from '../../audit/record.ts';

export interface InputOptions extends ScopeOptions {
  readonly config?: string;
  readonly source?: string;
  readonly target?: string;
  readonly progress?: boolean;
  readonly threads?: string;
}

export interface PeriodOptions extends InputOptions {
  readonly format?: string;
  readonly repair?: boolean;
  readonly limit?: string;
}

/**
 * Runs the reconciliation the options name, then `after` with its result and the store (opened from
 * --config when there is one): reading the systems needs it open anyway, files need it for --repair and
 * sign-offs only.
 */
export async function withReconciliation<T>(
  options: InputOptions,
  scope: ReconcileScope,
  after: (run: ReconciledRun, store: Store | undefined) => Promise<T>,
): Promise<T> {
  const progress = new ReconcileProgress(options.progress === true);
  if (options.source !== undefined || options.target !== undefined) {
    if (options.source === undefined || options.target === undefined)
      throw new CliError('name both files: --source FILE --target FILE');
    const threads =
      options.threads === undefined ? undefined : positiveInteger(options.threads, '--threads', 2);
    const run = await readFiles({ source: options.source, target: options.target }, scope, progress, threads);
    if (options.config === undefined) return after(run, undefined);
    const store = await openStoreAt({ config: options.config });
    try {
      return await after(run, store);
    } finally {
      await store.close();
    }
  }
  if (options.config === undefined)
    throw new CliError(
      'name what to compare: --config FILE (its PSAs against its ERP) or --source FILE --target FILE',
    );
  return withConnectors(options.config, async ({ store, connectors }) =>
    after(await readAsCommand(readSystems(connectors.reconciliationReaders(), scope, progress)), store),
  );
}

/** A system without a reader is the command's configuration (exit 2); one that failed, the outside (3). */
async function readAsCommand(reading: Promise<ReconciledRun>): Promise<ReconciledRun> {
  try {
    return await reading;
  } catch (error) {
    if (!(error instanceof SystemReadError)) throw error;
    throw new CliError(
      error.message,
      error.failure === 'unreadable' ? exitCodes.environment : exitCodes.usage,
    );
  }
}

export async function reconcilePeriodCommand(options: PeriodOptions): Promise<void> {
  const scope = scopeOf(options);
  const format = formatOf(options.format);
  const perClass = positiveInteger(options.limit, '--limit', 20);
  if (options.repair === true && options.config === undefined)
    throw new CliError('--repair queues events in Ledgerline: name its store with --config FILE');
  const ok = await withReconciliation(options, scope, async (run, store) => {
    writeReport(run, format, perClass);
    // Kept for the console's drill-down (issue 7) whenever there is a store to keep it in.
    if (store) {
      const { run: row, differences } = runRecord(
        run.report,
        { source: run.context.source, target: run.context.target },
        currentOperator(),
        new Date(),
      );
      await store.recordReconciliationRun(row, differences);
    }
    if (options.repair === true && store) {
      const outcome = await repairMissing(store, run.report.differences, Date.now());
      // Recorded so that the period's sign-off can be refused to whoever corrected it (segregation.ts).
      await store.appendAudit([repairRecorded(cliActor(), run.report.period, run.report.entity, outcome)]);
      writeRepair(outcome);
    }
    return run.report.ok;
  });
  if (!ok) process.exitCode = exitCodes.checkFailed;
}
